import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CloudStackError } from './errors';
import {
  adoptEarlyStart,
  sendCommand,
  NETWORK_ERROR_TEXT,
  callApi,
  hasSession,
  login,
  logout,
  onSessionExpired,
  resetTransportForTests,
  resumeSession,
  waitForJob,
} from './transport';

interface Sent {
  url: string;
  method: string;
  credentials: RequestCredentials | undefined;
  params: URLSearchParams;
}

const sent: Sent[] = [];
let answers: (() => Response | Promise<Response>)[] = [];

function json(status: number, body: unknown): () => Response {
  return () => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

const loginAnswer = {
  loginresponse: {
    sessionkey: 'secret-key',
    userid: 'u-1',
    username: 'admin',
    account: 'admin',
    domainid: 'd-1',
    type: '1',
    timeout: '1800',
    firstname: 'Admin',
    lastname: 'User',
  },
};

beforeEach(() => {
  resetTransportForTests();
  sent.length = 0;
  answers = [];
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const body = init.body instanceof URLSearchParams ? init.body : new URLSearchParams();
    sent.push({ url: String(input), method: init.method ?? 'GET', credentials: init.credentials, params: body });
    const next = answers.shift();
    if (!next) throw new Error('No answer prepared for this request');
    return next();
  });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('login', () => {
  it('posts the credentials and keeps the session key for later calls', async () => {
    answers.push(json(200, loginAnswer), json(200, { listzonesresponse: { count: 0 } }));
    const user = await login('admin', 'password', '/');
    expect(user).toEqual({
      userid: 'u-1',
      username: 'admin',
      account: 'admin',
      domainid: 'd-1',
      type: '1',
      timeout: 1800,
      firstname: 'Admin',
      lastname: 'User',
    });
    expect(JSON.stringify(user)).not.toContain('secret-key');
    expect(sent[0]?.url).toBe('/client/api');
    expect(sent[0]?.method).toBe('POST');
    expect(Object.fromEntries(sent[0]!.params)).toEqual({
      command: 'login',
      response: 'json',
      username: 'admin',
      password: 'password',
      domain: '/',
    });

    await callApi('listZones', { available: true });
    expect(Object.fromEntries(sent[1]!.params)).toEqual({
      command: 'listZones',
      response: 'json',
      available: 'true',
      sessionkey: 'secret-key',
    });
    expect(sent[1]?.credentials).toBe('same-origin');
  });

  it('throws the errortext of a wrong password, keeps no session and reports no expiry', async () => {
    const expired = vi.fn();
    onSessionExpired(expired);
    answers.push(
      json(531, {
        loginresponse: {
          uuidList: [],
          errorcode: 531,
          errortext: 'Failed to authenticate user admin in domain 1; please provide valid credentials',
        },
      }),
    );
    const failure = await login('admin', 'wrong', '/').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(CloudStackError);
    expect((failure as CloudStackError).errortext).toMatch(/Failed to authenticate/);
    expect(hasSession()).toBe(false);
    expect(expired).not.toHaveBeenCalled();
  });

  it('says so when the server cannot be reached', async () => {
    answers.push(() => Promise.reject(new TypeError('fetch failed')));
    const failure = await login('admin', 'password', '/').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(CloudStackError);
    expect((failure as CloudStackError).errorcode).toBe(0);
    expect((failure as CloudStackError).errortext).toBe(NETWORK_ERROR_TEXT);
  });
});

describe('callApi', () => {
  it('returns a list page', async () => {
    answers.push(json(200, { listzonesresponse: { count: 1, zone: [{ id: 'z-1', name: 'Zone 1' }] } }));
    const page = await callApi('listZones');
    expect(page.count).toBe(1);
    expect(page.items[0]?.name).toBe('Zone 1');
  });

  it('calls the expiry callback on a 401, and forgets the key', async () => {
    answers.push(json(200, loginAnswer));
    await login('admin', 'password', '/');
    const expired = vi.fn();
    const stop = onSessionExpired(expired);
    answers.push(
      json(401, { listroutersresponse: { errorcode: 401, errortext: 'unable to verify user credentials' } }),
    );
    await expect(callApi('listRouters')).rejects.toMatchObject({ errorcode: 401 });
    expect(expired).toHaveBeenCalledTimes(1);
    expect(hasSession()).toBe(false);
    stop();
  });

  it('turns a fetch failure into a network error', async () => {
    answers.push(() => Promise.reject(new TypeError('fetch failed')));
    await expect(callApi('listZones')).rejects.toMatchObject({ errorcode: 0, errortext: NETWORK_ERROR_TEXT });
  });

  it('reports a body that is not JSON with its HTTP status', async () => {
    answers.push(() => new Response('<html>Bad gateway</html>', { status: 502 }));
    await expect(callApi('listZones')).rejects.toMatchObject({ errorcode: 502 });
  });

  it('passes CloudStack errors through', async () => {
    answers.push(json(431, { listroutersresponse: { errorcode: 431, errortext: 'Unable to execute API command listrouters due to invalid value. Invalid parameter id value=x due to incorrect long value format, or entity does not exist or due to incorrect parameter annotation for the field in api cmd class.' } }));
    await expect(callApi('listRouters', { id: 'x' })).rejects.toMatchObject({ errorcode: 431 });
  });

  it('leaves out undefined parameters and never lets a caller set the session key', async () => {
    answers.push(json(200, { listroutersresponse: {} }));
    await sendCommand('listRouters', { zoneid: undefined, sessionkey: 'forged', command: 'x', page: 2 });
    expect(Object.fromEntries(sent[0]!.params)).toEqual({ command: 'listRouters', response: 'json', page: '2' });
  });
});

describe('resumeSession', () => {
  it('takes the key back from the session cookie', async () => {
    answers.push(json(200, { session: loginAnswer.loginresponse }), json(200, { listzonesresponse: {} }));
    const user = await resumeSession();
    expect(user?.username).toBe('admin');
    expect(sent[0]?.url).toBe('/client/session');
    expect(sent[0]?.method).toBe('GET');
    expect(sent[0]?.credentials).toBe('same-origin');
    await callApi('listZones');
    expect(sent[1]?.params.get('sessionkey')).toBe('secret-key');
  });

  it('answers null without a session', async () => {
    answers.push(json(401, { session: null }));
    expect(await resumeSession()).toBeNull();
    expect(hasSession()).toBe(false);
  });

  it('says so when the server cannot be reached', async () => {
    answers.push(() => Promise.reject(new TypeError('fetch failed')));
    await expect(resumeSession()).rejects.toMatchObject({ errorcode: 0 });
  });
});

describe('the early start (adoptEarlyStart)', () => {
  const early = (calls: Record<string, string>[], answer: () => Promise<Response> = () => Promise.resolve(json(200, { listapisresponse: { count: 0, api: [] } })())) => ({
    session: Promise.resolve(json(200, { session: loginAnswer.loginresponse })()),
    calls: Promise.resolve(calls.map((params) => ({ params: { ...params, response: 'json' }, answer: answer() }))),
  });

  it('reads the early session answer and takes each early API answer once, in place of sending the request', async () => {
    adoptEarlyStart(early([{ command: 'listApis' }]));
    const user = await resumeSession();
    expect(user?.username).toBe('admin');
    expect(sent).toEqual([]);
    // The key came with the session answer, as after resumeSession's own request.
    expect(hasSession()).toBe(true);
    expect(await callApi('listApis')).toEqual({ count: 0, items: [] });
    expect(sent).toEqual([]);
    // Once only: the next listApis is sent, with the key.
    answers.push(json(200, { listapisresponse: { count: 0, api: [] } }));
    await callApi('listApis');
    expect(sent.map((s) => [s.params.get('command'), s.params.get('sessionkey')])).toEqual([['listApis', 'secret-key']]);
  });

  it('sends a request whose parameters differ from the early one', async () => {
    adoptEarlyStart(early([{ command: 'listRouters', page: '1', pagesize: '100' }]));
    await resumeSession();
    answers.push(json(200, { listroutersresponse: { count: 0 } }));
    await callApi('listRouters', { page: 1, pagesize: 500 });
    expect(sent.map((s) => s.params.get('pagesize'))).toEqual(['500']);
  });

  it('sends its own session check when the early one failed, and then uses no early answer', async () => {
    adoptEarlyStart({ session: Promise.reject(new TypeError('fetch failed')), calls: Promise.resolve([]) });
    answers.push(json(200, { session: loginAnswer.loginresponse }), json(200, { listapisresponse: { count: 0, api: [] } }));
    expect((await resumeSession())?.username).toBe('admin');
    await callApi('listApis');
    expect(sent.map((s) => s.url)).toEqual(['/client/session', '/client/api']);
  });

  it('sends the request itself when the early one failed', async () => {
    adoptEarlyStart(early([{ command: 'listApis' }], () => Promise.reject(new TypeError('fetch failed'))));
    await resumeSession();
    answers.push(json(200, { listapisresponse: { count: 0, api: [] } }));
    await callApi('listApis');
    expect(sent.map((s) => [s.params.get('command'), s.params.get('sessionkey')])).toEqual([['listApis', 'secret-key']]);
  });

  it('uses no early answer after a login (they belong to the session before it)', async () => {
    adoptEarlyStart(early([{ command: 'listApis' }]));
    await resumeSession();
    answers.push(json(200, loginAnswer), json(200, { listapisresponse: { count: 0, api: [] } }));
    await login('admin', 'password', '/');
    await callApi('listApis');
    expect(sent.map((s) => s.params.get('command'))).toEqual(['login', 'listApis']);
  });

  it('uses no early answer when the early session check found no session', async () => {
    adoptEarlyStart({ session: Promise.resolve(json(401, { session: null })()), calls: Promise.resolve([]) });
    expect(await resumeSession()).toBeNull();
    expect(sent).toEqual([]);
    expect(hasSession()).toBe(false);
  });

  it('the early start is read by the first session check only', async () => {
    adoptEarlyStart(early([]));
    await resumeSession();
    answers.push(json(200, { session: loginAnswer.loginresponse }));
    await resumeSession();
    expect(sent.map((s) => s.url)).toEqual(['/client/session']);
  });
});

describe('logout', () => {
  it('tells the server and forgets the key', async () => {
    answers.push(json(200, loginAnswer), json(200, { logoutresponse: { description: 'success' } }));
    await login('admin', 'password', '/');
    await logout();
    expect(sent[1]?.params.get('command')).toBe('logout');
    expect(sent[1]?.params.get('sessionkey')).toBe('secret-key');
    expect(hasSession()).toBe(false);
  });

  it('forgets the key even when the server cannot be reached', async () => {
    answers.push(json(200, loginAnswer), () => Promise.reject(new TypeError('fetch failed')));
    await login('admin', 'password', '/');
    await logout();
    expect(hasSession()).toBe(false);
  });
});

describe('waitForJob', () => {
  it('polls until the job is done', async () => {
    const pending = { queryasyncjobresultresponse: { jobid: 'j-1', jobstatus: 0 } };
    const done = {
      queryasyncjobresultresponse: { jobid: 'j-1', jobstatus: 1, jobresultcode: 0, jobresult: { router: { id: 'r-1' } } },
    };
    answers.push(json(200, pending), json(200, pending), json(200, done));
    const job = await waitForJob('j-1', { intervalMs: 1 });
    expect(job.jobstatus).toBe(1);
    expect(job.jobresult).toEqual({ router: { id: 'r-1' } });
    expect(sent).toHaveLength(3);
    expect(sent.every((s) => s.params.get('jobid') === 'j-1')).toBe(true);
  });

  it('returns a failed job for the caller to handle', async () => {
    answers.push(
      json(200, {
        queryasyncjobresultresponse: { jobid: 'j-2', jobstatus: 2, jobresultcode: 530, jobresult: { errorcode: 530, errortext: 'boom' } },
      }),
    );
    const job = await waitForJob('j-2', { intervalMs: 1 });
    expect(job.jobstatus).toBe(2);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    answers.push(json(200, { queryasyncjobresultresponse: { jobid: 'j-3', jobstatus: 0 } }));
    const waiting = waitForJob('j-3', { intervalMs: 10_000, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stopped')), 5);
    await expect(waiting).rejects.toThrow('stopped');
  });
});
