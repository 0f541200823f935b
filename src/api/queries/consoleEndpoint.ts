import type { ConsoleEndpoint } from '../commands';
import { CONSOLE_DIAGNOSIS_API, consoleDiagnosisSchema, type ConsoleDiagnosis } from '../consoleDiagnosis';
import { callApi, fetchConsoleApi, type CallOptions } from '../transport';

/**
 * Asks for a console of a VM (createConsoleEndpoint): the console proxy's WebSocket and a single-use
 * token. Not a cached query: every connection needs a token of its own.
 */
export function createConsoleEndpoint(virtualmachineid: string, options: CallOptions = {}): Promise<ConsoleEndpoint> {
  return callApi('createConsoleEndpoint', { virtualmachineid }, options);
}

/**
 * Asks the serving process why the console proxy of a token just issued by createConsoleEndpoint could not be
 * reached (POST /client/console/diagnosis, src/api/consoleDiagnosis.ts). Answers undefined when it cannot say
 * (a serving process forwarding to a real management server, a token it no longer knows, a network failure).
 */
export async function diagnoseConsoleEndpoint(token: string, options: { signal?: AbortSignal } = {}): Promise<ConsoleDiagnosis | undefined> {
  try {
    const res = await fetchConsoleApi(CONSOLE_DIAGNOSIS_API, { method: 'POST', body: { token }, ...(options.signal ? { signal: options.signal } : {}) });
    if (!res.ok) return undefined;
    const parsed = consoleDiagnosisSchema.safeParse(await res.json());
    return parsed.success ? parsed.data : undefined;
  } catch (error) {
    if (options.signal?.aborted) throw error;
    return undefined;
  }
}
