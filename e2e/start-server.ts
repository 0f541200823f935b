/**
 * The server the end-to-end tests run against: the simulator with a small in-memory demo cloud,
 * serving the built app from dist/ (run `npx vite build` first). Runs until SIGTERM or SIGINT.
 */
import { startServer } from '../server/main-lib';

const port = Number(process.env.E2E_PORT);
if (!Number.isInteger(port) || port <= 0) {
  console.error('e2e/start-server.ts: set E2E_PORT to the port to listen on.');
  process.exit(2);
}

const server = await startServer({
  port,
  host: '127.0.0.1',
  options: { database: ':memory:', routers: 60, speed: 20 },
});
console.log(`e2e server listening at ${server.url}`);

let stopping = false;
async function stop(signal: NodeJS.Signals): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`e2e server: ${signal}, closing`);
  try {
    await server.close();
    process.exit(0);
  } catch (error) {
    console.error('e2e server: close failed', error);
    process.exit(1);
  }
}

process.on('SIGTERM', (signal) => void stop(signal));
process.on('SIGINT', (signal) => void stop(signal));
