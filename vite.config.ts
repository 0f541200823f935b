import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

/**
 * React Router 7 exports only its development build (package.json "exports" point at dist/development, with
 * its dev-only warnings and checks; remix-run/react-router#12532, #14753). A production build of the app takes
 * the production build it also ships, which is smaller: both entry points react-router-dom uses.
 */
const reactRouterProduction = [
  { find: /^react-router$/, replacement: fileURLToPath(new URL('./node_modules/react-router/dist/production/index.mjs', import.meta.url)) },
  { find: /^react-router\/dom$/, replacement: fileURLToPath(new URL('./node_modules/react-router/dist/production/dom-export.mjs', import.meta.url)) },
];

export default defineConfig(({ command }) => ({
  plugins: [react()],
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
