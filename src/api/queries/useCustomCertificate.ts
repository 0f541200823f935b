import { runJob } from '../jobs';

/** The parameters of one uploadCustomCertificate call (a chain certificate with id and name, or the server certificate with its key). */
export interface CustomCertificateParams {
  certificate: string;
  domainsuffix: string;
  id?: number;
  name?: string;
  privatekey?: string;
}

export interface UploadStepOptions {
  signal?: AbortSignal;
  /** Milliseconds between job polls. */
  intervalMs?: number;
  /** Called with the job id once the call is accepted. */
  onJob?: (jobid: string) => void;
}

/**
 * Sends one uploadCustomCertificate call and waits for its job; answers the job's message, or throws the
 * job's CloudStackError (its errortext says what was wrong with the upload). The parameters are sent in a
 * POST body, never in the URL.
 */
export async function uploadCustomCertificate(params: CustomCertificateParams, options: UploadStepOptions = {}): Promise<string> {
  const { result } = await runJob('uploadCustomCertificate', { ...params }, options);
  return result.message;
}
