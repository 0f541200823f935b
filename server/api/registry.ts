import type { z } from 'zod';
import type { CommandName, HandlerResult } from '../../src/api/commands';
import { requests, type Request } from '../../src/api/requests';
import type { CommandContext } from './context';

/**
 * Who may call a command: anyone (login), any logged-in user, admins (root and domain), or the root
 * admin alone. As in CloudStack, a command a role may not call answers 432.
 */
export type Access = 'public' | 'user' | 'admin' | 'root';

/** A command as the dispatcher runs it: its parameters are the contract's (src/api/requests.ts) for its name. */
export interface CommandDef {
  name: CommandName;
  access: Access;
  params: z.ZodTypeAny;
  description?: string;
  handle(ctx: CommandContext, p: unknown): unknown;
}

/** What a handler file declares for command C: no parameters of its own, they come from the contract. */
export interface CommandSpec<C extends CommandName> {
  name: C;
  access: Access;
  /** One line for listApis (the command's `description` in its @APICommand). */
  description?: string;
  /**
   * Answers the command's data, in the shape `src/api/commands.ts` declares for it (the compiler checks it):
   * for a list command `{count, items}`, for an object command the object, for a flat command its fields,
   * for an async command `{jobid}` (and `id` for an async create command). `p` is `requests[C]` as parsed.
   */
  handle(ctx: CommandContext, p: Request<C>): HandlerResult<C> | Promise<HandlerResult<C>>;
}

/** A handler of command C, with the parameters of its contract attached. */
export type TypedCommandDef<C extends CommandName> = CommandSpec<C> & { params: (typeof requests)[C] } & CommandDef;

/**
 * Declares a command's handler. Its parameters are taken from src/api/requests.ts by the command's name (a
 * handler cannot declare its own), and its answer must match the command's contract in src/api/commands.ts.
 */
export function command<C extends CommandName>(spec: CommandSpec<C>): TypedCommandDef<C> {
  return { ...spec, params: requests[spec.name] } as unknown as TypedCommandDef<C>;
}

export class CommandTable {
  private readonly defs = new Map<string, CommandDef>();

  add(...defs: CommandDef[]): void {
    for (const d of defs) {
      if (this.defs.has(d.name)) throw new Error(`command ${d.name} defined twice`);
      this.defs.set(d.name, d);
    }
  }

  get(name: string): CommandDef | undefined {
    return this.defs.get(name);
  }

  names(): string[] {
    return [...this.defs.keys()].sort();
  }

  all(): CommandDef[] {
    return this.names().map((n) => this.defs.get(n)!);
  }
}
