import { z } from 'zod';
import { commands as contract, type CommandName } from '../../src/api/commands';
import { ApiError } from './errors';
import { command, type Access, type CommandDef, type CommandTable } from './registry';
import type { Caller } from './context';
import { P } from './params';

/** Whether a caller of this role may call a command of this access (the dispatcher's rule: 432 otherwise). */
export function mayCall(access: Access, caller: Caller): boolean {
  if (access === 'public' || access === 'user') return true;
  if (access === 'admin') return caller.accounttype === 1 || caller.accounttype === 2;
  return caller.accounttype === 1;
}

/** A zod parameter schema's type, in listApis' words (CloudStack's CommandType names, lower-cased). */
function typeOf(schema: z.ZodTypeAny): string {
  let t: z.ZodTypeAny = schema;
  while (t instanceof z.ZodOptional || t instanceof z.ZodDefault || t instanceof z.ZodEffects || t instanceof z.ZodNullable) {
    t = t instanceof z.ZodEffects ? t.innerType() : (t._def as { innerType: z.ZodTypeAny }).innerType;
  }
  if (t instanceof z.ZodBoolean) return 'boolean';
  if (t instanceof z.ZodNumber) return 'integer';
  if (t instanceof z.ZodArray) return 'list';
  if (t instanceof z.ZodRecord || t instanceof z.ZodObject) return 'map';
  return 'string';
}

function describe(def: CommandDef) {
  const shape = def.params instanceof z.ZodObject ? (def.params.shape as Record<string, z.ZodTypeAny>) : {};
  const spec = contract[def.name as CommandName];
  return {
    name: def.name,
    description: '',
    // upgradeRouterTemplate answers a list of job ids but is itself synchronous, as in CloudStack.
    isasync: spec?.kind === 'job',
    related: '',
    params: Object.entries(shape).map(([name, schema]) => ({
      name,
      description: '',
      type: typeOf(schema),
      length: 255,
      required: !schema.isOptional(),
    })),
    response: [],
  };
}

/**
 * listApis, as CloudStack's api-discovery plugin answers it (ListApisCmd, ApiDiscoveryServiceImpl): the
 * APIs the caller's role may call, each with its name, isasync and parameters (name, type, required);
 * `name` narrows to one API, and a name the caller may not call (or that does not exist) is error 530
 * "Api Discovery plugin was unable to find an api by that name or process any apis".
 *
 * A minimal implementation for the app's navigation; the full one (descriptions, response fields) belongs
 * to the API's discovery work.
 */
export function listApisCommand(table: CommandTable) {
  return command({
    name: 'listApis',
    access: 'user',
    params: z.object({ name: P.str().optional() }),
    handle: ({ caller }, p) => {
      const defs = table
        .names()
        .map((name) => table.get(name)!)
        .filter((def) => mayCall(def.access, caller) && (p.name === undefined || def.name === p.name));
      if (defs.length === 0) {
        throw new ApiError(530, 'Api Discovery plugin was unable to find an api by that name or process any apis');
      }
      const items = defs.map(describe);
      return { count: items.length, items };
    },
  });
}
