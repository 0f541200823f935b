import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CloudStackError } from './errors';
import { runJob } from './jobs';
import { resetTransportForTests } from './transport';

const sent: URLSearchParams[] = [];
let answers: unknown[] = [];

beforeEach(() => {
  resetTransportForTests();
  sent.length = 0;
  answers = [];
  vi.stubGlobal('fetch', async (_input: RequestInfo | URL, init: RequestInit = {}) => {
    sent.push(init.body as URLSearchParams);
    const [status, body] = answers.shift() as [number, unknown];
    return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  });
});
afterEach(() => vi.unstubAllGlobals());

const job = (fields: Record<string, unknown>) => [200, { queryasyncjobresultresponse: { jobid: 'j1', ...fields } }];

describe('runJob: one command, its job, its result', () => {
  it('polls until the job ends and reads the result with the command\'s contract', async () => {
    answers.push([200, { stoprouterresponse: { jobid: 'j1' } }], job({ jobstatus: 0 }),
      job({ jobstatus: 1, jobresulttype: 'object', jobresult: { router: { id: 'r1', name: 'r-1-VM', state: 'Stopped', zoneid: 'z1' } } }));
    const started: string[] = [];
    const { result, job: done } = await runJob('stopRouter', { id: 'r1' }, { intervalMs: 1, onJob: (id) => started.push(id) });
    expect(started).toEqual(['j1']);
    expect(result).toMatchObject({ name: 'r-1-VM', state: 'Stopped' });
    expect(done.jobstatus).toBe(1);
    expect(sent.map((p) => p.get('command'))).toEqual(['stopRouter', 'queryAsyncJobResult', 'queryAsyncJobResult']);
    expect(sent[1]!.get('jobid')).toBe('j1');
  });

  it('throws the CloudStackError of a failed job with its code and text', async () => {
    answers.push([200, { rebootrouterresponse: { jobid: 'j1' } }],
      job({ jobstatus: 2, jobresultcode: 530, jobresult: { errorcode: 534, errortext: 'Unable to reboot domR, it is not in right state Stopped' } }));
    const err = await runJob('rebootRouter', { id: 'r1' }, { intervalMs: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CloudStackError);
    expect(err).toMatchObject({ command: 'rebootRouter', errorcode: 534, errortext: 'Unable to reboot domR, it is not in right state Stopped' });
  });

  it('throws the refusal of the call itself (431 under the command, 432 under errorresponse)', async () => {
    answers.push([432, { errorresponse: { uuidList: [], errorcode: 432, cserrorcode: 9999, errortext: 'The API [stopRouter] does not exist or is not available for the account' } }]);
    await expect(runJob('stopRouter', { id: 'r1' })).rejects.toMatchObject({ errorcode: 432 });
  });

  it('a result the app cannot read is an error, not a silent success', async () => {
    answers.push([200, { uploadcustomcertificateresponse: { jobid: 'j1' } }], job({ jobstatus: 1, jobresult: { customcertificate: {} } }));
    await expect(runJob('uploadCustomCertificate', { certificate: 'x', domainsuffix: 'y' }, { intervalMs: 1 })).rejects.toMatchObject({
      errorcode: 530, errortext: expect.stringMatching(/result of uploadCustomCertificate.*message/),
    });
  });
});
