import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EARLY_ROUTES } from '../../vite.config';

/**
 * The build's list of what each route loads (EARLY_ROUTES, vite.config.ts), which the page's first script
 * preloads, against the routes themselves (router.tsx): every module a route's `lazy` imports is in its entry.
 */
const here = join(process.cwd(), 'src/app');
const source = readFileSync(join(here, 'router.tsx'), 'utf8');

/** The source modules (paths from the repository's root, with extension) a piece of router.tsx imports with import(). */
function importsIn(text: string): string[] {
  return [...text.matchAll(/import\('([^']+)'\)/g)].map((m) => {
    const path = relative(process.cwd(), resolve(here, m[1]!));
    for (const ext of ['.tsx', '.ts']) {
      try {
        readFileSync(path + ext);
        return path + ext;
      } catch {
        // the other extension
      }
    }
    return path;
  });
}

/** A `const name: Lazy = ...;` of router.tsx: the modules it imports. */
function lazyImports(name: string): string[] {
  const at = source.indexOf(`const ${name}: Lazy =`);
  expect(at, `router.tsx declares ${name}`).toBeGreaterThanOrEqual(0);
  return importsIn(source.slice(at, source.indexOf(';\n', at)));
}

/** Every route of router.tsx with a lazy screen: its path (params as *) and the name of its lazy function. */
const routes = [
  ...[...source.matchAll(/path: '([^']+)',\s*lazy: (\w+)/g)].map((m) => [`/${m[1]!.replace(/:[^/]+/g, '*')}`, m[2]!] as const),
  ...[...source.matchAll(/\{ index: true, lazy: (\w+)/g)].map((m) => ['/', m[1]!] as const),
];
const screenStyles = importsIn(source.slice(source.indexOf('function screen'), source.indexOf('const frame')));

describe('EARLY_ROUTES', () => {
  it('finds the routes of router.tsx', () => {
    expect(routes.map(([path]) => path)).toEqual(expect.arrayContaining(['/', '/routers', '/settings/zone/*', '/console/*']));
    expect(screenStyles).toEqual(['src/app/styles/screens.ts']);
  });

  it.each(routes)('%s preloads what its lazy route (%s) loads, the screens\' styles, and (but for a console window) the frame', (path, lazy) => {
    const entry = EARLY_ROUTES.find(([route]) => route === path);
    expect(entry, `EARLY_ROUTES has ${path}`).toBeDefined();
    const expected = [...lazyImports(lazy), ...screenStyles, ...(path.startsWith('/console/') ? [] : lazyImports('frame'))];
    expect(entry![1]).toEqual(expect.arrayContaining(expected));
  });

  it('is in first-match order (src/api/early.ts takes the first route that matches): no route is hidden by one before it, * last', () => {
    const matches = (route: string, path: string) => route === path || (route.endsWith('*') && path.startsWith(route.slice(0, -1)));
    EARLY_ROUTES.forEach(([route], i) => {
      const example = route.replace('*', 'x');
      expect(EARLY_ROUTES.findIndex(([earlier]) => matches(earlier, example)), route).toBe(i);
    });
    expect(EARLY_ROUTES.at(-1)?.[0]).toBe('*');
  });

  it('any other path preloads the frame', () => {
    expect(EARLY_ROUTES.find(([route]) => route === '*')?.[1]).toEqual(expect.arrayContaining(lazyImports('frame')));
  });

  it('/routers preloads the routers query, which its loader imports', () => {
    expect(source).toContain("import('../api/queries/useRouters')");
    expect(EARLY_ROUTES.find(([route]) => route === '/routers')?.[1]).toContain('src/api/queries/useRouters.ts');
  });
});
