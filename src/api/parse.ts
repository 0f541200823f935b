import { z } from 'zod';
import { commands, responseKey, type CommandName, type CommandResult } from './commands';
import { CloudStackError } from './errors';
import { loginSchema } from './schemas';

/**
 * The answer parsers: zod and every command's schema. The transport loads this module when it first reads an
 * answer (src/api/transport.ts, loadParsers), so that the login page's first load does not carry them.
 */

/** CloudStack's error body, found under "<command>response". */
export const errorBodySchema = z
  .object({
    errorcode: z.number(),
    cserrorcode: z.number().optional(),
    errortext: z.string(),
    uuidList: z.array(z.unknown()).optional(),
  })
  .passthrough();

/** The serving process's answer to GET /client/session: the login answer of the cookie's session, or null. */
export const sessionAnswerSchema = z.object({ session: loginSchema.nullable() }).passthrough();

export { JOB_PENDING } from './schemas/job';

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

/** Reads a CloudStack envelope for one command: its data, or a CloudStackError. */
export function parseResponse<C extends CommandName>(command: C, body: unknown): CommandResult<C> {
  const key = responseKey(command);
  const top = body && typeof body === 'object' ? (body as Record<string, unknown>) : undefined;
  // ApiServer answers 432 (and an unknown command) under "errorresponse" instead of the command's key.
  const envelope = (top?.[key] ?? top?.errorresponse) as Record<string, unknown> | undefined;
  if (!envelope || typeof envelope !== 'object') {
    throw new CloudStackError(command, 530, `The server's answer to ${command} lacks "${key}".`);
  }
  const asError = errorBodySchema.safeParse(envelope);
  if (asError.success) throw new CloudStackError(command, asError.data.errorcode, asError.data.errortext);

  const spec = commands[command];
  const invalid = (detail: string) =>
    new CloudStackError(command, 530, `The server's answer to ${command} is not what this app understands: ${detail}`);
  switch (spec.kind) {
    case 'list': {
      const raw = envelope[spec.key];
      if (raw === undefined) return { count: 0, items: [] } as unknown as CommandResult<C>;
      if (!Array.isArray(raw)) throw invalid(`"${spec.key}" is not a list`);
      const count = typeof envelope.count === 'number' ? envelope.count : raw.length;
      const parsed = z.array(spec.item).safeParse(raw);
      if (parsed.success) return { count, items: parsed.data } as CommandResult<C>;
      // One item the app cannot read does not discard the page: the others are kept, the bad ones named.
      const items: unknown[] = [];
      const skipped: string[] = [];
      raw.forEach((item, i) => {
        const one = spec.item.safeParse(item);
        if (one.success) items.push(one.data);
        else skipped.push(`${i}: ${describeIssues(one.error)}`);
      });
      if (items.length === 0) throw invalid(describeIssues(parsed.error));
      return { count, items, skipped } as unknown as CommandResult<C>;
    }
    case 'object': {
      const parsed = spec.item.safeParse(envelope[spec.key]);
      if (!parsed.success) throw invalid(describeIssues(parsed.error));
      return parsed.data as CommandResult<C>;
    }
    case 'flat': {
      const parsed = spec.item.safeParse(envelope);
      if (!parsed.success) throw invalid(describeIssues(parsed.error));
      return parsed.data as CommandResult<C>;
    }
    case 'job': {
      const jobid = envelope.jobid;
      if (typeof jobid !== 'string') throw invalid('no jobid');
      return { jobid } as CommandResult<C>;
    }
  }
}
