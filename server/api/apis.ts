import { z } from 'zod';
import { commands as contract, type CommandName } from '../../src/api/commands';
import { ApiError } from './errors';
import { command, type Access, type CommandDef, type CommandTable } from './registry';
import type { Caller } from './context';
import { parameterType } from './params';

/** Whether a caller of this role may call a command of this access (the dispatcher's rule: 432 otherwise). */
export function mayCall(access: Access, caller: Caller): boolean {
  if (access === 'public' || access === 'user') return true;
  if (access === 'admin') return caller.accounttype === 1 || caller.accounttype === 2;
  return caller.accounttype === 1;
}

/** The fields of an object schema (a z.object, possibly wrapped). */
function shapeOf(schema: z.ZodTypeAny): Record<string, z.ZodTypeAny> {
  let s: z.ZodTypeAny | undefined = schema;
  for (let i = 0; s && i < 8; i++) {
    if (s instanceof z.ZodObject) return s.shape as Record<string, z.ZodTypeAny>;
    const def = s._def as { innerType?: z.ZodTypeAny; schema?: z.ZodTypeAny };
    s = def.innerType ?? def.schema;
  }
  return {};
}

/** A response field's type in listApis' words (ApiResponseResponse `type`: string, boolean, integer, list, map). */
function fieldType(schema: z.ZodTypeAny): string {
  let s: z.ZodTypeAny | undefined = schema;
  for (let i = 0; s && i < 8; i++) {
    if (s instanceof z.ZodString || s instanceof z.ZodEnum || s instanceof z.ZodLiteral) return 'string';
    if (s instanceof z.ZodBoolean) return 'boolean';
    if (s instanceof z.ZodNumber) return 'integer';
    if (s instanceof z.ZodArray) return 'list';
    if (s instanceof z.ZodObject || s instanceof z.ZodRecord) return 'map';
    if (s instanceof z.ZodUnion) return fieldType((s.options as z.ZodTypeAny[])[0]!);
    const def = s._def as { innerType?: z.ZodTypeAny; schema?: z.ZodTypeAny };
    s = def.innerType ?? def.schema;
  }
  return 'string';
}

/**
 * One API as ApiDiscoveryServiceImpl describes it (ApiDiscoveryResponse): `name`, `description`, `isasync`,
 * `related`, `params` (ApiParameterResponse: `name`, `description`, `type`, `length`, `required`) and
 * `response` (ApiResponseResponse: `name`, `description`, `type`), the fields of the object the command
 * answers as the app's contract declares them.
 */
function describeApi(def: CommandDef) {
  const spec = contract[def.name as CommandName];
  const params = Object.entries(shapeOf(def.params)).map(([name, schema]) => {
    const { type, length } = parameterType(schema);
    return { name, description: schema.description?.startsWith('cloudstack:') ? '' : (schema.description ?? ''), type, length, required: !schema.isOptional() };
  });
  const response = spec
    ? Object.entries(shapeOf(spec.item)).map(([name, schema]) => ({ name, description: '', type: fieldType(schema) }))
    : [];
  return {
    name: def.name,
    description: def.description ?? '',
    // upgradeRouterTemplate answers a list of job ids but is itself synchronous, as in CloudStack.
    isasync: spec?.kind === 'job',
    related: '',
    params,
    response,
  };
}

/**
 * listApis (ListApisCmd, api-discovery plugin): the APIs the caller's role may call, each with its parameters
 * and response fields; `name` narrows to one API, and a name the caller may not call (or that does not exist)
 * is error 530 "Api Discovery plugin was unable to find an api by that name or process any apis"
 * (ApiDiscoveryServiceImpl.listApis returns null and the command raises INTERNAL_ERROR).
 */
export function listApisCommand(table: CommandTable) {
  return command({
    name: 'listApis',
    access: 'user',
    description: 'lists all available apis on the server, provided by the Api Discovery plugin',
    handle: ({ caller }, p) => {
      const defs = table.all().filter((def) => mayCall(def.access, caller) && (p.name === undefined || def.name === p.name));
      if (defs.length === 0) {
        throw new ApiError(530, 'Api Discovery plugin was unable to find an api by that name or process any apis', 9999);
      }
      const items = defs.map(describeApi);
      return { count: items.length, items };
    },
  });
}
