/**
 * The simulator the console benchmark measures, in a process of its own (so that the viewers' work does
 * not share its event loop). Prints one JSON line with its URL and pid, and runs until SIGTERM.
 */
import { startServer } from '../server/main-lib';

const routers = Number(process.argv[2] ?? 700);
const server = await startServer({ port: 0, host: '127.0.0.1', options: { database: ':memory:', routers, speed: 20 } });
process.stdout.write(`${JSON.stringify({ url: server.url, pid: process.pid })}\n`);
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
