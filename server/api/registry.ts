import { type z } from 'zod';
import type { CommandName } from '../../src/api/commands';
import type { CommandContext } from './context';

/**
 * Who may call a command: anyone (login), any logged-in user, admins (root and domain), or the root
 * admin alone. As in CloudStack, a command a role may not call answers 432.
 */
export type Access = 'public' | 'user' | 'admin' | 'root';

export interface CommandDef<S extends z.ZodTypeAny = z.ZodTypeAny> {
  name: CommandName;
  access: Access;
  params: S;
  /**
   * Answers the command's data: for a list command `{count, items}`, for an object command the object,
   * for a flat command its fields, for an async command `{jobid}`.
   */
  handle(ctx: CommandContext, p: z.output<S>): unknown;
}

export function command<S extends z.ZodTypeAny>(def: CommandDef<S>): CommandDef<S> {
  return def;
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
}
