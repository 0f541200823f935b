// ESLint: one way of doing each thing, and the layout of the repository as rules (README "Layout").
//
// - typescript-eslint: the TypeScript rules, with type information where they need it.
// - eslint-plugin-react-hooks (v7): the rules of hooks and their dependencies, and the React Compiler's rules
//   (`recommended-latest`: refs, set-state-in-effect, purity, immutability, ...), in the app (src/).
// - eslint-plugin-import-x (the maintained, flat-config fork of eslint-plugin-import) with the TypeScript
//   resolver: `no-restricted-paths` encodes which folder may import which, `no-cycle` forbids import cycles.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import globals from 'globals';

/** Which folder may import which (paths from the repository's root). */
const layout = [
  {
    target: './src/components',
    from: './src/features',
    message: 'Shared components import no screen: move what both need to src/components or src/lib.',
  },
  {
    target: './src/lib',
    from: ['./src/features', './src/components', './src/app'],
    message: 'src/lib is pure logic: it imports no screen, component or shell.',
  },
  {
    target: './src/api',
    from: ['./src/features', './src/components', './src/app'],
    message: 'The API layer imports no screen, component or shell.',
  },
  {
    target: './server',
    from: ['./src/features', './src/components', './src/app'],
    message: 'The simulator shares only src/api and src/lib with the app.',
  },
];
const browserNeverImportsServer = {
  target: './src',
  from: './server',
  message: 'Browser code never imports the simulator (server/): share through src/api instead.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'data/**', 'public/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.json' })],
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
    },
    rules: {
      // Unused names are errors; a leading underscore marks one kept on purpose (a parameter's position).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', prefer: 'type-imports' }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      'import-x/no-duplicates': 'error',
    },
  },
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    ignores: ['src/**/*.test.{ts,tsx}', 'src/test/**'],
    rules: { 'import-x/no-restricted-paths': ['error', { zones: [...layout, browserNeverImportsServer] }] },
  },
  {
    // The routers' first view (server/http/firstView.ts) is the routers screen's first frame drawn by the serving
    // process: it takes the screen's columns, filters, order and URL state from the screen's own pure modules, so
    // that the two cannot differ. Those four modules only; nothing with React or the DOM.
    files: ['server/http/firstView.ts'],
    rules: {
      'import-x/no-restricted-paths': ['error', {
        zones: layout.map((zone) => (zone.target === './server'
          ? { ...zone, except: ['./routers/columns.ts', './routers/filtering.ts', './routers/hostIndex.ts', './routers/urlState.ts'] }
          : zone)).concat(browserNeverImportsServer),
      }],
    },
  },
  {
    // The app's unit tests run in Node: they may use the simulator's test tools (server/testing), nothing else of
    // it; so may the helpers they share (src/test).
    files: ['src/**/*.test.{ts,tsx}', 'src/test/**/*.{ts,tsx}'],
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: [...layout, { ...browserNeverImportsServer, except: ['./testing'] }] }],
    },
  },
  {
    // The app: browser globals, the rules of hooks, and data only through src/api.
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs['recommended-latest'].rules,
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // TanStack Virtual's useVirtualizer answers functions the React Compiler cannot memoize: it skips this
    // component on purpose, and the warning only says so.
    files: ['src/features/routers/RouterTable.tsx'],
    rules: { 'react-hooks/incompatible-library': 'off' },
  },
  {
    // Screens speak to the server only through src/api (API client -> query hooks -> screens).
    files: ['src/features/**/*.{ts,tsx}', 'src/components/**/*.{ts,tsx}', 'src/app/**/*.{ts,tsx}'],
    ignores: ['**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'Screens do not call fetch: add a call to src/api and a query hook in src/api/queries.' },
        { name: 'XMLHttpRequest', message: 'Screens do not make requests: go through src/api.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'window', property: 'fetch', message: 'Screens do not call fetch: go through src/api.' },
        { object: 'globalThis', property: 'fetch', message: 'Screens do not call fetch: go through src/api.' },
      ],
    },
  },
);
