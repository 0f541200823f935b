import { execSync } from 'node:child_process';
import { defineConfig, devices } from '@playwright/test';

/**
 * A free TCP port on 127.0.0.1, found synchronously (the config must be synchronous): a tiny node
 * script listens on port 0 and prints the port the system gave it.
 */
function freePort(): number {
  const script =
    "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close();});";
  const port = Number(execSync(`"${process.execPath}" -e "${script}"`, { encoding: 'utf8' }).trim());
  if (!Number.isInteger(port) || port <= 0) throw new Error(`Could not find a free port (got "${port}").`);
  return port;
}

// Playwright loads this file again in each worker process; the port chosen first travels to them
// (and to the web server) through the environment, so every process agrees on it.
const port = Number(process.env.E2E_PORT || freePort());
process.env.E2E_PORT = String(port);
const baseURL = `http://127.0.0.1:${port}`;
// A second serving process that forwards to the first one as to a real management server.
const forwardPort = Number(process.env.E2E_FORWARD_PORT || freePort());
process.env.E2E_FORWARD_PORT = String(forwardPort);
const forwardURL = `http://127.0.0.1:${forwardPort}`;

export default defineConfig({
  testDir: 'e2e',
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  // Generous: the suite runs on whatever machine CI has, busy or not. Waits poll for their condition, so a
  // long timeout costs time only when a test fails.
  timeout: 120_000,
  expect: { timeout: 30_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  // Per run (the port is unique), so that runs side by side do not delete each other's artifacts.
  outputDir: `test-results/artifacts-${port}`,
  use: {
    baseURL,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [
    // One login per demo user for the whole run (e2e/fixtures.ts reads them).
    { name: 'setup', use: { ...devices['Desktop Chrome'] }, testMatch: /auth\.setup\.ts$/ },
    { name: 'chromium', use: { ...devices['Desktop Chrome'] }, testIgnore: /upstream\.spec\.ts$/, dependencies: ['setup'] },
    { name: 'via-upstream', use: { ...devices['Desktop Chrome'], baseURL: forwardURL }, testMatch: /upstream\.spec\.ts$/ },
  ],
  webServer: [
    {
      command: 'npx tsx e2e/start-server.ts',
      url: `${baseURL}/`,
      reuseExistingServer: false,
      timeout: 120_000,
      env: { E2E_PORT: String(port) },
      stdout: 'pipe',
      stderr: 'pipe',
    },
    {
      command: 'npx tsx e2e/start-forwarder.ts',
      url: `${forwardURL}/`,
      reuseExistingServer: false,
      timeout: 120_000,
      env: { E2E_FORWARD_PORT: String(forwardPort), CLOUDSTACK_URL: `${baseURL}/client` },
      stdout: 'pipe',
      stderr: 'pipe',
    },
  ],
});
