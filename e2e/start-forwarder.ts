/**
 * A second serving process for the end-to-end tests: no simulator, it forwards /client/api to the
 * simulator started by e2e/start-server.ts as if that were a real management server (CLOUDSTACK_URL).
 */
import { startForwarder } from '../server/main-lib';

const port = Number(process.env.E2E_FORWARD_PORT);
const upstream = process.env.CLOUDSTACK_URL;
if (!Number.isInteger(port) || port <= 0 || !upstream) {
  console.error('e2e/start-forwarder.ts: set E2E_FORWARD_PORT and CLOUDSTACK_URL.');
  process.exit(2);
}

const forwarder = await startForwarder({ port, host: '127.0.0.1', upstream });
console.log(`e2e forwarder listening at ${forwarder.url}, upstream ${upstream}`);

const stop = () => void forwarder.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
