/**
 * The one way the app runs an async command to its end: call it, wait for its job (queryAsyncJobResult),
 * read its result with the command's own contract, and turn a failed job into a CloudStackError that
 * carries CloudStack's errorcode and errortext.
 */
import { commands, type CommandName, type JobResult } from './commands';
import { CloudStackError } from './errors';
import { JOB_FAILED, type AsyncJob } from './schemas';
import { sendCommand, waitForJob, type ApiParams, type ApiRequest } from './transport';

/** The async commands of the contract (their answer is a job reference). */
export type JobCommandName = {
  [K in CommandName]: (typeof commands)[K] extends { kind: 'job' } ? K : never;
}[CommandName];

export interface RunJobOptions {
  /** Milliseconds between polls of queryAsyncJobResult; 500 by default. */
  intervalMs?: number;
  signal?: AbortSignal;
  /** Called with the job id as soon as the command is accepted. */
  onJob?: (jobid: string) => void;
}

export interface JobOutcome<C extends JobCommandName> {
  job: AsyncJob;
  /** The job's result as the contract declares it (the object under its key; `{success: true}` for the others). */
  result: JobResult<C>;
}

/** A failed job as an error the screen can show: `jobresult.errorcode`/`errortext`, else `jobresultcode`. */
export function jobError(command: string, job: AsyncJob): CloudStackError {
  const r = job.jobresult ?? {};
  const text = typeof r.errortext === 'string' ? r.errortext : `${command} failed`;
  const code = typeof r.errorcode === 'number' ? r.errorcode : (job.jobresultcode ?? 530);
  return new CloudStackError(command, code || 530, text);
}

/** The result of a finished job, read with the command's contract; a CloudStackError (530) when unreadable. */
export function jobResultOf<C extends JobCommandName>(command: C, job: AsyncJob): JobResult<C> {
  const spec = commands[command];
  const raw = job.jobresult ?? {};
  const value = spec.key === 'success' ? raw : raw[spec.key];
  const parsed = spec.item.safeParse(value);
  if (!parsed.success) {
    const detail = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new CloudStackError(command, 530, `The result of ${command} is not what this app understands: ${detail}`);
  }
  return parsed.data as JobResult<C>;
}

/** The arguments of runJob after the command: its parameters (typed by requests.ts) and the options. */
export type JobArgs<C extends JobCommandName> =
  Record<string, never> extends ApiRequest<C> ? [params?: ApiRequest<C>, options?: RunJobOptions] : [params: ApiRequest<C>, options?: RunJobOptions];

/**
 * Runs an async command and waits for its job. Answers the job and its parsed result; throws the
 * CloudStackError of the call (431, 432, ...), of the failed job, or of a result the app cannot read.
 */
export async function runJob<C extends JobCommandName>(command: C, ...args: JobArgs<C>): Promise<JobOutcome<C>> {
  const params = (args[0] ?? {}) as ApiParams;
  const options: RunJobOptions = args[1] ?? {};
  const { jobid } = (await sendCommand(command, params, { signal: options.signal })) as { jobid: string };
  options.onJob?.(jobid);
  const job = await waitForJob(jobid, { intervalMs: options.intervalMs ?? 500, signal: options.signal });
  if (job.jobstatus === JOB_FAILED) throw jobError(command, job);
  return { job, result: jobResultOf(command, job) };
}
