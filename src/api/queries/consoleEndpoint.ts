import type { ConsoleEndpoint } from '../commands';
import { callApi, type CallOptions } from '../transport';

/**
 * Asks for a console of a VM (createConsoleEndpoint): the console proxy's WebSocket and a single-use
 * token. Not a cached query: every connection needs a token of its own.
 */
export function createConsoleEndpoint(virtualmachineid: string, options: CallOptions = {}): Promise<ConsoleEndpoint> {
  return callApi('createConsoleEndpoint', { virtualmachineid }, options);
}
