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

/**
 * A value made compact in memory, for list items that a screen keeps by the tens of thousands (50,000 routers
 * of about 46 fields and 3 NICs each):
 *  - every plain object is replaced by a copy made with object spread. zod builds its output object with
 *    computed-key stores (`out[key] = value`), and V8 turns an object that gets more than 12 properties beyond
 *    its in-object ones that way, where the store has to make a new hidden-class transition, into a dictionary
 *    (V8 Map::TooManyFastProperties, kFastPropertiesSoftLimit): in the routers screen every router was one, a
 *    hash table of 1.5 KB, against about 0.2 KB in a copy whose hidden class all routers share (a spread adds
 *    properties as named stores, limit 128);
 *  - equal strings become one string through `pool` (JSON.parse gives each occurrence of "255.255.255.0",
 *    a zone's name or a template's id a copy of its own).
 * Arrays are updated in place; other values are returned as they are. `pool` maps a string to the one copy
 * kept; pass the same map for the items of one answer. Returns the compact value (equal to `value`).
 */
export function compactValue(value: unknown, pool: Map<string, string>): unknown {
  if (typeof value === 'string') {
    const known = pool.get(value);
    if (known !== undefined) return known;
    pool.set(value, value);
    return value;
  }
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = compactValue(value[i], pool);
    return value;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const key in copy) copy[key] = compactValue(copy[key], pool);
  return copy;
}

/** The items of one list answer made compact (compactValue), sharing equal strings among them. */
function compactItems<T>(items: T[]): T[] {
  return compactValue(items, new Map()) as T[];
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
      if (parsed.success) return { count, items: compactItems(parsed.data) } as CommandResult<C>;
      // One item the app cannot read does not discard the page: the others are kept, the bad ones named.
      const items: unknown[] = [];
      const skipped: string[] = [];
      raw.forEach((item, i) => {
        const one = spec.item.safeParse(item);
        if (one.success) items.push(one.data);
        else skipped.push(`${i}: ${describeIssues(one.error)}`);
      });
      if (items.length === 0) throw invalid(describeIssues(parsed.error));
      return { count, items: compactItems(items), skipped } as unknown as CommandResult<C>;
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
