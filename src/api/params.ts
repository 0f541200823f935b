import { z } from 'zod';

/**
 * Request parameters arrive as strings. These schemas read them the way CloudStack's ParamProcessWorker
 * (server/src/main/java/com/cloud/api/dispatch/ParamProcessWorker.java, setFieldValue) does:
 *
 * - BOOLEAN is `Boolean.valueOf`: "true" in any case is true, anything else is false (never an error);
 * - INTEGER and LONG are `Integer.valueOf` / `Long.valueOf`: a value that is not a number is refused with
 *   "due to invalid value <v> for parameter <name>";
 * - UUID is looked up (`translateUuidToInternalId`) among the entities of the parameter's `entityType`:
 *   "-1" passes as itself, anything else must name an existing entity of that type, otherwise "Invalid
 *   parameter <name> value=<v> due to incorrect long value format, or entity does not exist ...". The
 *   simulator's dispatcher does that lookup for every schema made by `P.id(type)`/`P.ids(type)`;
 * - DATE is `SimpleDateFormat("yyyy-MM-dd")`, which reads the day and ignores what follows it;
 * - STRING longer than the parameter's length is refused ("Value greater than max allowed length");
 * - MAP (`details[0].key=value`) is unpacked by ParamUnpackWorker into index -> {field: value}.
 *
 * Pure zod: the app types its calls with these schemas (see requests.ts), the simulator parses with them.
 */
export const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * The kinds of entity a UUID parameter may name: the `entityType` of its `@Parameter` (a *Response class),
 * by the entity the class's `@EntityReference` names. `vm` is VirtualMachine (vm_instance): DomainRouterResponse,
 * SystemVmResponse and UserVmResponse all refer to it, so a router's id is a valid `virtualmachineid`.
 * `any` is for a UUID parameter without an entity type of its own (ListEventsCmd `resourceid`).
 */
export type EntityType =
  | 'zone' | 'pod' | 'cluster' | 'host' | 'domain' | 'account' | 'user' | 'project' | 'serviceoffering'
  | 'diskoffering' | 'networkoffering' | 'template' | 'ostype' | 'oscategory' | 'network' | 'vpc' | 'vm' | 'volume'
  | 'storagepool' | 'imagestore' | 'ipaddress' | 'firewallrule' | 'job' | 'event' | 'alert' | 'managementserver'
  | 'sshkeypair' | 'any';

/** Markers the dispatcher looks for (zod descriptions) to know which parameters name entities, and of what type. */
export const ID_MARK = 'cloudstack:uuid';
export const IDS_MARK = 'cloudstack:uuid-list';
export const MAP_MARK = 'cloudstack:map';

/** One map parameter as sent: `details[0].key=a&details[0].value=b` is `[{key: 'a', value: 'b'}]` (by index). */
export type MapParam = Record<string, string>[];

export const P = {
  /** A UUID parameter (CommandType.UUID) naming an entity of `type`, or "-1". */
  id: (type: EntityType) => z.string().describe(`${ID_MARK}:${type}`),
  str: (max = 255) => z.string().max(max, `Value greater than max allowed length ${max}`).describe(`cloudstack:string:${max}`),
  text: (max = 1 << 20) => z.string().max(max, `Value greater than max allowed length ${max}`).describe(`cloudstack:string:${max}`),
  /** CommandType.BOOLEAN: Java's Boolean.valueOf, so "TRUE" is true and "yes" is false. */
  bool: () => z.string().transform((v) => v.toLowerCase() === 'true').describe('cloudstack:boolean'),
  int: (min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER) =>
    z
      .string()
      .regex(/^[-+]?\d{1,15}$/, 'is not a number')
      .transform(Number)
      .refine((n) => n >= min && n <= max, `must be between ${min} and ${max}`)
      .describe('cloudstack:integer'),
  /** An enumerated value matched exactly (case as CloudStack's own check compares it). */
  oneOf: <T extends string>(values: readonly [T, ...T[]]) =>
    z.string().refine((v): v is T => (values as readonly string[]).includes(v), `must be one of ${values.join(', ')}`),
  /** An enumerated value matched without regard to case, answered in CloudStack's own spelling. */
  oneOfIgnoringCase: <T extends string>(values: readonly [T, ...T[]]) =>
    z
      .string()
      .refine((v) => values.some((x) => x.toLowerCase() === v.toLowerCase()), `must be one of ${values.join(', ')}`)
      .transform((v) => values.find((x) => x.toLowerCase() === v.toLowerCase()) as T),
  /** A comma-separated list of UUIDs (LIST of UUID) naming entities of `type`. */
  ids: (type: EntityType) =>
    z
      .string()
      .describe(`${IDS_MARK}:${type}`)
      .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean)),
  /**
   * CommandType.DATE: `yyyy-MM-dd`, read as Java's SimpleDateFormat reads it (the day; anything after it is
   * ignored). Answers the day as `YYYY-MM-DD`.
   */
  date: () =>
    z
      .string()
      .transform((v, ctx) => {
        const m = /^(\d{4})-(\d{1,2})-(\d{1,2})/.exec(v);
        const day = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
        if (!m || !day || day.getUTCMonth() !== Number(m[2]) - 1 || day.getUTCDate() !== Number(m[3])) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'date', params: { date: true } });
          return z.NEVER;
        }
        return day.toISOString().slice(0, 10);
      })
      .describe('cloudstack:date'),
  /** CommandType.MAP: the entries of `name[i].field=value`, in index order. */
  map: () => z.array(z.record(z.string(), z.string())).describe(MAP_MARK),
};

/** Parameters every list command takes (BaseListCmd). */
export const listParams = {
  page: P.int(1).optional(),
  pagesize: P.int(-1).optional(),
  keyword: P.str().optional(),
  listall: P.bool().optional(),
};

/** Parameters of list commands over objects owned by accounts. `projectid=-1` means "project resources too". */
export const ownerParams = {
  account: P.str().optional(),
  domainid: P.id('domain').optional(),
  isrecursive: P.bool().optional(),
  // "-1" asks for the resources of every project too (what CloudStack's UI sends with listall=true).
  projectid: z.union([P.id('project'), z.literal('-1')]).optional(),
};

/** Follows wrappers (optional, effects, ...) down to the schema P made, and answers its description. */
function markOf(schema: z.ZodTypeAny): string | undefined {
  let s: z.ZodTypeAny | undefined = schema;
  for (let i = 0; s && i < 8; i++) {
    if (s.description?.startsWith('cloudstack:')) return s.description;
    if (s instanceof z.ZodUnion) {
      s = (s.options as z.ZodTypeAny[])[0];
      continue;
    }
    const def = s._def as { innerType?: z.ZodTypeAny; schema?: z.ZodTypeAny };
    s = def.innerType ?? def.schema;
  }
  return undefined;
}

/**
 * The parameter's CommandType as listApis words it (lower-cased: uuid, string, boolean, integer, date, map,
 * list) and its length, from the schema P made; 'string' for others.
 */
export function parameterType(schema: z.ZodTypeAny): { type: string; length: number } {
  const d = markOf(schema);
  if (!d) return { type: 'string', length: 255 };
  if (d.startsWith(`${IDS_MARK}:`)) return { type: 'list', length: 255 };
  if (d.startsWith(`${ID_MARK}:`)) return { type: 'uuid', length: 255 };
  if (d === MAP_MARK) return { type: 'map', length: 255 };
  const m = /^cloudstack:(\w+)(?::(\d+))?$/.exec(d);
  return m ? { type: m[1]!, length: m[2] ? Number(m[2]) : 255 } : { type: 'string', length: 255 };
}

/** What a schema of P says about the parameter: an entity id (and its type), a list of them, a map, or a plain value. */
export function parameterKind(schema: z.ZodTypeAny):
  | { kind: 'uuid' | 'uuid-list'; entity: EntityType }
  | { kind: 'map' | 'plain' } {
  const d = markOf(schema);
  if (d?.startsWith(`${IDS_MARK}:`)) return { kind: 'uuid-list', entity: d.slice(IDS_MARK.length + 1) as EntityType };
  if (d?.startsWith(`${ID_MARK}:`)) return { kind: 'uuid', entity: d.slice(ID_MARK.length + 1) as EntityType };
  if (d === MAP_MARK) return { kind: 'map' };
  return { kind: 'plain' };
}
