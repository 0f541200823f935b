import { type z } from 'zod';
import type { CommandName, HandlerResult } from '../../src/api/commands';
import type { CommandContext } from './context';

/**
 * Who may call a command: anyone (login), any logged-in user, admins (root and domain), or the root
 * admin alone. As in CloudStack, a command a role may not call answers 432.
 */
export type Access = 'public' | 'user' | 'admin' | 'root';

export interface CommandDef<S extends z.ZodTypeAny = z.ZodTypeAny, C extends CommandName = CommandName> {
  name: C;
  access: Access;
  params: S;
  /** One line for listApis (the command's `description` in its @APICommand). */
  description?: string;
  /**
   * Answers the command's data, in the shape `src/api/commands.ts` declares for it (the compiler checks it):
   * for a list command `{count, items}`, for an object command the object, for a flat command its fields,
   * for an async command `{jobid}` (and `id` for an async create command).
   */
  handle(ctx: CommandContext, p: z.output<S>): HandlerResult<C> | Promise<HandlerResult<C>>;
}

/** Declares a command's handler; its answer must match the command's contract in src/api/commands.ts. */
export function command<S extends z.ZodTypeAny, C extends CommandName>(def: CommandDef<S, C>): CommandDef {
  return def as unknown as CommandDef;
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
