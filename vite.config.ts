import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import type { EarlyPlan } from './src/api/early';

/**
 * React Router 7 exports only its development build (package.json "exports" point at dist/development, with
 * its dev-only warnings and checks; remix-run/react-router#12532, #14753). A production build of the app takes
 * the production build it also ships, which is smaller: both entry points react-router-dom uses.
 */
const reactRouterProduction = [
  { find: /^react-router$/, replacement: fileURLToPath(new URL('./node_modules/react-router/dist/production/index.mjs', import.meta.url)) },
  { find: /^react-router\/dom$/, replacement: fileURLToPath(new URL('./node_modules/react-router/dist/production/dom-export.mjs', import.meta.url)) },
];

/*
 * Which source modules each route of src/app/router.tsx loads lazily. The build (plugin `earlyStart` below) turns
 * each list into the route's built files (the modules' chunks, the chunks they import, their CSS, less what
 * index.html loads already), which the page's first script (src/api/early.ts) preloads while the app's own code is
 * still arriving, instead of after the app has run and matched the route. Paths are from the repository's root. A
 * route is a pathname; `/x/*` matches every path under /x/; `*` is any other path (the frame with its "not found"
 * page); the first route that matches applies; /login preloads nothing. A module missing here costs only time (its route fetches it when it runs);
 * src/app/earlyRoutes.test.ts checks the list against router.tsx.
 */

/** The frame around every screen after login, the screens' styles, and the answer parsers every screen reads with. */
const FRAME = ['src/app/layout/AppLayout.tsx', 'src/app/styles/frame.ts', 'src/app/styles/screens.ts', 'src/api/parse.ts'];
/** The list reader of the routers, which the /routers route's loader imports to start the first page. */
const ROUTERS_QUERY = 'src/api/queries/useRouters.ts';

/** The plan's routes (EarlyPlan in src/api/early.ts), each with its source modules. */
export const EARLY_ROUTES: readonly (readonly [route: string, modules: readonly string[]])[] = [
  ['/', [...FRAME, 'src/features/dashboard/DashboardPage.tsx']],
  ['/routers', [...FRAME, 'src/features/routers/RoutersPage.tsx', ROUTERS_QUERY]],
  ['/plans', [...FRAME, 'src/features/plans/PlansPage.tsx']],
  ['/systemvms', [...FRAME, 'src/features/systemvms/SystemVmsPage.tsx']],
  ['/settings', [...FRAME, 'src/features/settings/SettingsPage.tsx']],
  ['/settings/zone', [...FRAME, 'src/features/settings/SettingsPage.tsx']],
  ['/settings/zone/*', [...FRAME, 'src/features/settings/SettingsPage.tsx']],
  ['/templates', [...FRAME, 'src/features/templates/TemplatesPage.tsx']],
  ['/certificates', [...FRAME, 'src/features/certificates/CertificatesPage.tsx']],
  ['/events', [...FRAME, 'src/features/events/EventsPage.tsx']],
  ['/alerts', [...FRAME, 'src/features/alerts/AlertsPage.tsx']],
  ['/offerings', [...FRAME, 'src/features/offerings/OfferingsPage.tsx']],
  ['/instances', [...FRAME, 'src/features/instances/InstancesPage.tsx']],
  // A VM's console fills a window of its own, without the frame.
  ['/console/*', ['src/app/styles/screens.ts', 'src/api/parse.ts', 'src/features/console/ConsoleWindowPage.tsx']],
  ['*', FRAME],
];

const root = fileURLToPath(new URL('.', import.meta.url));
/** The page's first script (src/api/early.ts), an entry of its own beside index.html. */
const EARLY_ENTRY = resolve(root, 'src/api/early.ts');

const escapeAttribute = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The early start of the page (src/api/early.ts): builds that script as an entry of its own, loads it from
 * index.html first (`<script type="module" async>`, so it runs as soon as it arrives, before the app's code has),
 * preloads the session check it sends (`<link rel="preload" as="fetch">`, asked for with the HTML's first requests),
 * and writes beside it the plan it follows (`<meta name="early-start" content="{JSON}">`, EarlyPlan): for each
 * route of EARLY_ROUTES above, the built files its modules need (their chunks, the chunks these import, their
 * CSS), less what index.html loads already. The app's entry imports the same file (one module instance) to take
 * what it started. Build only: the development server serves the app without it (nothing starts early).
 */
function earlyStart(): Plugin {
  /** Per source module (absolute path): the chunk it is in, what that chunk imports and its CSS. */
  const chunkOf = new Map<string, { file: string; imports: string[]; css: string[] }>();
  /** Per source module imported with import() or as an entry: the chunk that import loads. */
  const facadeOf = new Map<string, { file: string; imports: string[]; css: string[] }>();
  /** Per built file: its chunk (the imports a chunk names are files). */
  const byFile = new Map<string, { file: string; imports: string[]; css: string[] }>();
  return {
    name: 'early-start',
    apply: 'build',
    config: () => ({ build: { rolldownOptions: { input: { index: resolve(root, 'index.html'), early: EARLY_ENTRY } } } }),
    // Read before Vite drops the chunks that only held CSS (their CSS files stay, named in importedCss).
    generateBundle: {
      order: 'pre',
      handler(_options, bundle) {
        for (const chunk of Object.values(bundle)) {
          if (chunk.type !== 'chunk') continue;
          const info = { file: chunk.fileName, imports: chunk.imports, css: [...(chunk.viteMetadata?.importedCss ?? [])] };
          byFile.set(info.file, info);
          for (const id of chunk.moduleIds) chunkOf.set(id, info);
          if (chunk.facadeModuleId) facadeOf.set(chunk.facadeModuleId, info);
        }
      },
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle = ctx.bundle;
        // The chunk that holds the script's code (the entry's own file only imports it, as the app's entry does).
        const early = bundle && Object.values(bundle).find((c) => c.type === 'chunk' && c.moduleIds.includes(EARLY_ENTRY));
        if (!bundle || !early) throw new Error('early-start: the build has no chunk for src/api/early.ts');
        // The app's entry imports the script too: index.html loads it once, by the script tag below.
        const page = html.replace(new RegExp(`\\s*<(link rel="modulepreload"|script type="module")[^>]*(href|src)="/${early.fileName}"[^>]*>(</script>)?`, 'g'), '');
        const initial = new Set([...page.matchAll(/(?:src|href)="\/([^"]+)"/g)].map((m) => m[1]!));
        const files: string[] = [];
        const routes: EarlyPlan['r'] = [];
        for (const [route, modules] of EARLY_ROUTES) {
          const wanted: string[] = [];
          const add = (file: string) => {
            if (wanted.includes(file) || initial.has(file) || file === early.fileName || !(file in bundle)) return;
            wanted.push(file);
          };
          const seen = new Set<string>();
          const walk = (info: { file: string; imports: string[]; css: string[] }) => {
            if (seen.has(info.file)) return;
            seen.add(info.file);
            info.css.forEach(add);
            add(info.file);
            for (const imported of info.imports) {
              const next = byFile.get(imported);
              if (next) walk(next);
            }
          };
          for (const module of modules) {
            // A module imported with import() may have a chunk of its own that only imports the one holding its code.
            const info = facadeOf.get(resolve(root, module)) ?? chunkOf.get(resolve(root, module));
            if (!info) throw new Error(`early-start: ${module} (route ${route}, EARLY_ROUTES in vite.config.ts) is in no chunk`);
            walk(info);
          }
          // Styles first (few and small, and a screen is not shown before them), then the code.
          wanted.sort((a, b) => Number(b.endsWith('.css')) - Number(a.endsWith('.css')));
          routes.push([route, wanted.map((file) => (files.includes(file) ? files.indexOf(file) : files.push(file) - 1))]);
        }
        const plan: EarlyPlan = { f: files, r: routes };
        const tags =
          `\n    <meta name="early-start" content="${escapeAttribute(JSON.stringify(plan))}" />` +
          `\n    <script type="module" async crossorigin fetchpriority="high" src="/${early.fileName}"></script>` +
          `\n    <link rel="preload" href="/client/session" as="fetch" crossorigin fetchpriority="high" />`;
        // After <meta charset>, before the app's own script: requested first, and the plan is there when it runs.
        return page.replace(/(<meta charset="[^"]*"\s*\/?>)/i, `$1${tags}`);
      },
    },
  };
}

export default defineConfig(({ command }) => ({
  plugins: [react(), earlyStart()],
  resolve: { alias: command === 'build' ? reactRouterProduction : [] },
  server: {
    proxy: {
      // The management server (or the simulator) answers /client/api and /client/session.
      '/client': { target: 'http://127.0.0.1:8080', changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Every browser the app supports knows <link rel="modulepreload"> (Chromium 66, Firefox 115, Safari 17): the
    // polyfill Vite would put into the entry (fetches for browsers that do not) is dead weight in the first load.
    modulePreload: { polyfill: false },
    // Fewer, larger files: a browser asks one host for six files at a time over HTTP/1.1, and each file costs the
    // serving process a few ms, so that /routers' ~75 files took longer to arrive than their bytes. `app`: what
    // index.html loads (the `$initial` modules; one file, which also compresses better than 23), without the first
    // script (src/api/early.ts), which stays a file of its own so that it runs before the app has arrived. `ui`: the
    // UI libraries the screens load lazily (Mantine's other components and styles, zod, TanStack Virtual), one file
    // that every screen after login shares; certificate parsing and noVNC stay in their screens' own chunks.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'app', tags: ['$initial'], test: (id: string) => id !== EARLY_ENTRY, includeDependenciesRecursively: false, priority: 2 },
            { name: 'ui', test: /node_modules[\\/](@mantine|@floating-ui|@tanstack|zod|react-[\w-]+|use-[\w-]+|get-nonce|detect-node-es|aria-hidden|clsx)[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'server/**/*.test.ts'],
    environment: 'node',
    // Generous: tests run on whatever machine CI has, busy or not; waits poll for their condition, so a long
    // timeout costs time only when a test fails.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
}));
