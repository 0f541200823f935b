import { z } from 'zod';

/**
 * Request parameters arrive as strings. These schemas read them the way CloudStack's ParamProcessWorker
 * (server/src/main/java/com/cloud/api/dispatch/ParamProcessWorker.java, setFieldValue) does:
 *
 * - BOOLEAN is `Boolean.valueOf`: "true" in any case is true, anything else is false (never an error);
 * - INTEGER and LONG are `Integer.valueOf` / `Long.valueOf`: a value that is not a number is refused with
 *   "due to invalid value <v> for parameter <name>";
 * - UUID is looked up (`translateUuidToInternalId`): "-1" passes as itself, anything else must name an
 *   existing entity, otherwise "Invalid parameter <name> value=<v> due to incorrect long value format, or
 *   entity does not exist ...". The dispatcher does that lookup for every schema made by `P.id()`/`P.ids()`;
 * - DATE is `SimpleDateFormat("yyyy-MM-dd")`, which reads the day and ignores what follows it;
 * - STRING longer than the parameter's length is refused ("Value greater than max allowed length");
 * - MAP (`details[0].key=value`) is unpacked by ParamUnpackWorker into index -> {field: value}.
 *
 * The dispatcher turns a failed schema into CloudStack's 431 text (see dispatch.ts).
 */
export const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Markers the dispatcher looks for (zod descriptions) to know which parameters name entities. */
export const ID_MARK = 'cloudstack:uuid';
export const IDS_MARK = 'cloudstack:uuid-list';
export const MAP_MARK = 'cloudstack:map';

/** One map parameter as sent: `details[0].key=a&details[0].value=b` is `[{key: 'a', value: 'b'}]` (by index). */
export type MapParam = Record<string, string>[];

export const P = {
  /** A UUID parameter (CommandType.UUID). The dispatcher checks that it names an entity, or is "-1". */
  id: () => z.string().describe(ID_MARK),
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
  /** A comma-separated list of UUIDs (LIST of UUID); the dispatcher checks each names an entity. */
  ids: () =>
    z
      .string()
      .describe(IDS_MARK)
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

/** Parameters every list command takes. */
export const listParams = {
  page: P.int(1).optional(),
  pagesize: P.int(-1).optional(),
  keyword: P.str().optional(),
  listall: P.bool().optional(),
};

/** Parameters of list commands over objects owned by accounts. `projectid=-1` means "project resources too". */
export const ownerParams = {
  account: P.str().optional(),
  domainid: P.id().optional(),
  isrecursive: P.bool().optional(),
  // "-1" asks for the resources of every project too (what CloudStack's UI sends with listall=true).
  projectid: z.union([P.id(), z.literal('-1')]).optional(),
};

/**
 * The parameter's CommandType as listApis words it (lower-cased: uuid, string, boolean, integer, date, map,
 * list) and its length, from the schema P made; 'string' for others.
 */
export function parameterType(schema: z.ZodTypeAny): { type: string; length: number } {
  let s: z.ZodTypeAny | undefined = schema;
  for (let i = 0; s && i < 8; i++) {
    const d = s.description;
    if (d === ID_MARK) return { type: 'uuid', length: 255 };
    if (d === IDS_MARK) return { type: 'list', length: 255 };
    if (d === MAP_MARK) return { type: 'map', length: 255 };
    const m = d ? /^cloudstack:(\w+)(?::(\d+))?$/.exec(d) : null;
    if (m) return { type: m[1]!, length: m[2] ? Number(m[2]) : 255 };
    const def = s._def as { innerType?: z.ZodTypeAny; schema?: z.ZodTypeAny };
    s = def.innerType ?? def.schema;
  }
  return { type: 'string', length: 255 };
}

/** What a schema of P says about the parameter: an entity id, a list of them, a map, or a plain value. */
export function parameterKind(schema: z.ZodTypeAny): 'uuid' | 'uuid-list' | 'map' | 'plain' {
  let s: z.ZodTypeAny | undefined = schema;
  for (let i = 0; s && i < 8; i++) {
    if (s.description === ID_MARK) return 'uuid';
    if (s.description === IDS_MARK) return 'uuid-list';
    if (s.description === MAP_MARK) return 'map';
    const def = s._def as { innerType?: z.ZodTypeAny; schema?: z.ZodTypeAny; typeName?: string };
    s = def.innerType ?? def.schema;
  }
  return 'plain';
}

/**
 * Unpacks request parameters as ParamUnpackWorker does: names are lower-cased (`jobId` is `jobid`), and
 * `name[i].field=value` becomes a map parameter `name` (its field names keep their case). A malformed
 * bracket name is refused (430, "Unable to decode parameter").
 */
export function unpackParams(raw: Record<string, string>): { params: Record<string, string>; maps: Record<string, MapParam> } {
  const params: Record<string, string> = {};
  const byIndex: Record<string, Map<number, Record<string, string>>> = {};
  for (const [key, value] of Object.entries(raw)) {
    const open = key.indexOf('[');
    if (open !== key.lastIndexOf('[')) throw new MalformedParameter(key);
    if (open > 0) {
      const close = key.indexOf(']');
      if (close < open || close !== key.lastIndexOf(']')) throw new MalformedParameter(key);
      const dot = key.indexOf('.');
      if (dot < close) throw new MalformedParameter(key);
      const index = key.slice(open + 1, close);
      if (!/^-?\d+$/.test(index)) throw new MalformedParameter(key);
      const name = key.slice(0, open).toLowerCase();
      const entries = (byIndex[name] ??= new Map());
      const entry = entries.get(Number(index)) ?? {};
      entry[key.slice(dot + 1)] = value;
      entries.set(Number(index), entry);
    } else {
      const name = key.toLowerCase();
      // The first value of a name wins, as the HTTP layer keeps the first of a repeated parameter.
      if (!(name in params)) params[name] = value;
    }
  }
  const maps: Record<string, MapParam> = {};
  for (const [name, entries] of Object.entries(byIndex)) {
    maps[name] = [...entries.entries()].sort((a, b) => a[0] - b[0]).map(([, e]) => e);
  }
  return { params, maps };
}

/** A parameter name ParamUnpackWorker cannot decode. */
export class MalformedParameter extends Error {
  constructor(readonly key: string) {
    super(`Unable to decode parameter ${key}; if specifying an object array, please use parameter[index].field=XXX, e.g. userGroupList[0].group=httpGroup`);
  }
}
