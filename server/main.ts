import { readFileSync } from 'node:fs';
import { parseArgs, usage, type CommandLine } from './options';
import { startForwarder, startServer, type HttpStartOptions } from './main-lib';

async function main(): Promise<void> {
  let parsed: CommandLine;
  try {
    parsed = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${usage}`);
    process.exit(2);
  }
  if (parsed.help) {
    console.log(usage);
    return;
  }
  const { options, port, upstream } = parsed;
  const quiet = process.env.SIM_QUIET === '1';
  const log = quiet ? () => {} : (line: string) => console.log(line);
  const host = process.env.HOST ?? '127.0.0.1';
  let https: HttpStartOptions['https'];
  if (parsed.tlsCert && parsed.tlsKey) {
    try {
      https = { cert: readFileSync(parsed.tlsCert), key: readFileSync(parsed.tlsKey) };
    } catch (err) {
      console.error(`The TLS certificate or key could not be read: ${(err as Error).message}`);
      process.exit(2);
    }
  }
  if (!parsed.publicUrl && !/^(127\.|localhost$|::1$)/.test(host)) {
    console.log(`Listening on ${host}: give --public-url https://<name users reach> so that URLs in answers (consoles, diagnostics) name this server.`);
  }
  const http: HttpStartOptions = { port, host, log, publicUrl: parsed.publicUrl, trustProxy: parsed.trustProxy, https };
  if (upstream) {
    const url = new URL(upstream);
    const forwarder = await startForwarder({ ...http, upstream: url.toString() });
    console.log(`CloudStack System VM console: ${forwarder.url}`);
    console.log(`Forwarding /client/api to the management server at ${url.origin}${url.pathname} (no simulator).`);
    const stopForwarder = () => void forwarder.close().then(() => process.exit(0));
    process.on('SIGINT', stopForwarder);
    process.on('SIGTERM', stopForwarder);
    return;
  }
  const started = Date.now();
  let server;
  try {
    server = await startServer({ ...http, options });
  } catch (err) {
    // A database that cannot be opened (corrupt, not SQLite, a key that does not fit) stops the start here.
    console.error((err as Error).message);
    process.exit(1);
  }
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
