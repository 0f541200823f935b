import { parseArgs } from './options';
import { startForwarder, startServer } from './main-lib';

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  const { options, port, upstream } = parsed;
  const quiet = process.env.SIM_QUIET === '1';
  const log = quiet ? () => {} : (line: string) => console.log(line);
  const host = process.env.HOST ?? '127.0.0.1';
  if (upstream) {
    let url: URL;
    try {
      url = new URL(upstream);
    } catch {
      console.error(`CLOUDSTACK_URL / --upstream is not a URL: ${upstream}`);
      process.exit(2);
    }
    const forwarder = await startForwarder({ port, host, upstream: url.toString(), log });
    console.log(`CloudStack System VM console: ${forwarder.url}`);
    console.log(`Forwarding /client/api to the management server at ${url.origin}${url.pathname} (no simulator).`);
    const stopForwarder = () => void forwarder.close().then(() => process.exit(0));
    process.on('SIGINT', stopForwarder);
    process.on('SIGTERM', stopForwarder);
    return;
  }
  const started = Date.now();
  const server = await startServer({
    port,
    host,
    options,
    log,
  });
  const seeded = server.running.seeded;
  if (seeded) {
    console.log(`Seeded a demo cloud in ${Date.now() - started} ms: ${seeded.zones} zones, ${seeded.routers} routers, ` +
      `${seeded.networks} networks, ${seeded.vms} guest VMs, ${seeded.accounts} accounts (database ${options.database}).`);
  } else {
    console.log(`Opened the existing cloud in ${options.database}.`);
  }
  console.log(`CloudStack System VM console: ${server.url}`);
  console.log('Log in as admin / password (domain /). Demo users alice, bob, carol, dave and eng-admin have the password "password".');
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
