import { z } from 'zod';
import { commands, responseKey, type CommandName, type CommandResult } from './commands';
import { CloudStackError, errorBodySchema } from './errors';

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

/** Reads a CloudStack envelope for one command: its data, or a CloudStackError. */
export function parseResponse<C extends CommandName>(command: C, body: unknown): CommandResult<C> {
  const key = responseKey(command);
  const envelope = (body && typeof body === 'object' ? (body as Record<string, unknown>)[key] : undefined) as
    | Record<string, unknown>
    | undefined;
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
      const parsed = z.array(spec.item).safeParse(raw);
      if (!parsed.success) throw invalid(describeIssues(parsed.error));
      const count = typeof envelope.count === 'number' ? envelope.count : parsed.data.length;
      return { count, items: parsed.data } as CommandResult<C>;
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
