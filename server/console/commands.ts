import { z } from 'zod';
import { command } from '../api/registry';
import { P } from '../api/params';
import { consolesOf } from './service';

/** The origin the caller reached this server at, for the console page's URL. */
function originOf(headers: Record<string, string | string[] | undefined>): string | undefined {
  const host = Array.isArray(headers.host) ? headers.host[0] : headers.host;
  if (!host || !/^[A-Za-z0-9.\-:[\]]+$/.test(host)) return undefined;
  const proto = headers['x-forwarded-proto'] === 'https' ? 'https' : 'http';
  return `${proto}://${host}`;
}

export const createConsoleEndpoint = command({
  name: 'createConsoleEndpoint',
  access: 'user',
  params: z.object({ virtualmachineid: P.id(), token: P.str(64).optional() }),
  handle: ({ sim, caller, http }, p) => ({ ...consolesOf(sim).createEndpoint(caller, p.virtualmachineid, p.token, originOf(http.headers)) }),
});

export const consoleCommands = [createConsoleEndpoint];
