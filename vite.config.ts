import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
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
});
