import { createHmac } from 'node:crypto';
import { startServer, type StartedServer } from '../main-lib';
import type { SimulatorOptions } from '../options';
import type { Simulator } from '../api/context';
import { stringToSign } from '../../src/api/signature';
import { commands, responseKey, type CommandName } from '../../src/api/commands';
import { parseResponse } from '../../src/api/parse';

export interface ApiReply {
  status: number;
  body: Record<string, unknown>;
  /** The envelope under "<command>response". */
  data: Record<string, unknown>;
  headers: Headers;
}

export interface Session {
  sessionkey: string;
  cookie: string;
  userid: string;
  /** Calls a command with this session (POST, form-encoded). */
  call(command: string, params?: Record<string, string | number | boolean>): Promise<ApiReply>;
}

export interface TestServer {
  server: StartedServer;
  url: string;
  /** Calls a command with no credentials at all. */
  anonymous(command: string, params?: Record<string, string | number | boolean>, init?: { method?: 'GET' | 'POST'; cookie?: string }): Promise<ApiReply>;
  login(username?: string, password?: string, domain?: string): Promise<Session>;
  /** Calls a command signed with an API key and secret, as scripts do. */
  signed(keys: { apikey: string; secretkey: string }, command: string, params?: Record<string, string>, opts?: { expires?: string }): Promise<ApiReply>;
  /** Waits until a job is no longer pending and answers its queryAsyncJobResult envelope. */
  waitForJob(session: Session, jobid: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  /**
   * Stops the job runner's timer: from now on jobs advance only through stepJobs(), so that a test sees
   * every step of a job instead of racing it.
   */
  pauseJobs(): void;
  /**
   * With jobs paused: runs the next step of every started job at once (whatever its simulated wait), after
   * starting queued jobs up to their queue's limit. Answers how many steps ran.
   */
  stepJobs(): number;
  close(): Promise<void>;
}

/**
 * The contract check: every successful JSON answer the simulator gives to a command of the app's contract
 * (src/api/commands.ts) must parse with the app's own schema, and so must the result of a finished job whose
 * command is in the contract. A test that receives an answer the app could not read fails here, naming the
 * command and the fields.
 */
export function checkContract(command: string, body: Record<string, unknown>): void {
  if (!(command in commands)) return;
  try {
    const parsed = parseResponse(command as CommandName, body) as Record<string, unknown>;
    if (command === 'queryAsyncJobResult' && parsed.jobstatus === 1) checkJobResult(parsed);
  } catch (err) {
    throw new Error(`contract: the simulator's answer to ${command} does not parse with the app's schema: ${(err as Error).message}\n${JSON.stringify(body).slice(0, 2000)}`);
  }
}

/** The job's command, from its Java class name (…router.RebootRouterCmd is rebootRouter). */
function jobCommand(cmd: unknown): CommandName | undefined {
  const m = /\.([A-Za-z0-9]+)Cmd$/.exec(String(cmd ?? ''));
  if (!m) return undefined;
  const name = m[1]![0]!.toLowerCase() + m[1]!.slice(1);
  return name in commands ? (name as CommandName) : undefined;
}

function checkJobResult(job: Record<string, unknown>): void {
  const name = jobCommand(job.cmd);
  if (!name) return;
  const spec = commands[name];
  if (spec.kind !== 'job') return;
  const result = job.jobresult as Record<string, unknown> | undefined;
  const value = spec.key === 'success' ? result : result?.[spec.key];
  const parsed = spec.item.safeParse(value);
  if (!parsed.success) {
    throw new Error(`the result of a ${name} job does not parse: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
}

/** The envelope of an answer: under `<command>response`, or `errorresponse` for a 432 or an unknown command. */
function envelopeOf(body: Record<string, unknown>, key: string): Record<string, unknown> {
  return (body[key] ?? body.errorresponse ?? {}) as Record<string, unknown>;
}

/**
 * For a simulator whose job runner is stopped (`sim.jobs.stop()`): runs the next step of every started job at
 * once, whatever its simulated wait, after starting queued jobs up to their queue's limit. Answers how many
 * steps ran. Tests use it to see every step of a job instead of racing it.
 */
export function stepJobs(sim: Simulator): number {
  sim.db.prepare('UPDATE jobs SET next_at = 0 WHERE status = 0 AND started = 1').run();
  return sim.jobs.tick();
}

/**
 * Starts a simulator on 127.0.0.1, a free port, an in-memory (or given) database; fast jobs by default. The
 * periodic services (monitor, statistics, SSVM scaler, snapshot backups) are off unless `background: true`:
 * a test drives them with `backgroundOf(sim).<service>.tick()`, so nothing appears under it on its own.
 */
export async function startTestServer(options: Partial<SimulatorOptions> = {}): Promise<TestServer> {
  const server = await startServer({ port: 0, options: { database: ':memory:', routers: 60, speed: 50, background: false, ...options } });
  const api = `${server.url}client/api`;

  async function request(params: Record<string, string>, init: { method?: 'GET' | 'POST'; cookie?: string } = {}): Promise<ApiReply> {
    const method = init.method ?? 'POST';
    const qs = new URLSearchParams({ response: 'json', ...params });
    const res = await fetch(method === 'GET' ? `${api}?${qs}` : api, {
      method,
      headers: { ...(method === 'POST' ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}), ...(init.cookie ? { Cookie: init.cookie } : {}) },
      body: method === 'POST' ? qs.toString() : undefined,
    });
    const body = (await res.json()) as Record<string, unknown>;
    const key = responseKey(String(params.command ?? ''));
    if (res.status === 200) checkContract(String(params.command ?? ''), body);
    return { status: res.status, body, data: envelopeOf(body, key), headers: res.headers };
  }
  const str = (p: Record<string, string | number | boolean>) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, String(v)]));

  const t: TestServer = {
    server,
    url: server.url,
    anonymous: (command, params = {}, init) => request({ command, ...str(params) }, init),
    async login(username = 'admin', password = 'password', domain = '/') {
      const r = await request({ command: 'login', username, password, domain });
      if (r.status !== 200) throw new Error(`login ${username} failed: ${JSON.stringify(r.body)}`);
      const setCookie = r.headers.get('set-cookie') ?? '';
      const cookie = /JSESSIONID=[^;]+/.exec(setCookie)?.[0] ?? '';
      const sessionkey = String(r.data.sessionkey);
      return {
        sessionkey,
        cookie,
        userid: String(r.data.userid),
        call: (command, params = {}) => request({ command, sessionkey, ...str(params) }, { cookie }),
      };
    },
    async signed(keys, command, params = {}, opts = {}) {
      const all: Record<string, string> = { command, response: 'json', apiKey: keys.apikey, ...params };
      if (opts.expires) Object.assign(all, { signatureVersion: '3', expires: opts.expires });
      all.signature = createHmac('sha1', keys.secretkey).update(stringToSign(all)).digest('base64');
      const res = await fetch(`${api}?${new URLSearchParams(all)}`);
      const body = (await res.json()) as Record<string, unknown>;
      if (res.status === 200) checkContract(command, body);
      return { status: res.status, body, data: envelopeOf(body, responseKey(command)), headers: res.headers };
    },
    async waitForJob(session, jobid, timeoutMs = 20000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const r = await session.call('queryAsyncJobResult', { jobid });
        if (r.data.jobstatus !== 0) return r.data;
        if (Date.now() > until) throw new Error(`job ${jobid} still pending after ${timeoutMs} ms`);
        await new Promise((res) => setTimeout(res, 20));
      }
    },
    pauseJobs: () => server.running.sim.jobs.stop(),
    stepJobs: () => stepJobs(server.running.sim),
    close: () => server.close(),
  };
  return t;
}
