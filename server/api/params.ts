import { z } from 'zod';

/**
 * Request parameters arrive as strings. These schemas read them the way CloudStack does and say, when
 * a value is bad, which parameter and why (the dispatcher turns the issue into a 431).
 */
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export const P = {
  id: () => z.string().regex(UUID, 'is not a valid UUID'),
  str: (max = 255) => z.string().max(max, `is longer than ${max} characters`),
  text: (max = 1 << 20) => z.string().max(max, `is longer than ${max} characters`),
  bool: () =>
    z
      .string()
      .regex(/^(true|false)$/i, 'must be true or false')
      .transform((v) => v.toLowerCase() === 'true'),
  int: (min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER) =>
    z
      .string()
      .regex(/^-?\d{1,15}$/, 'must be a whole number')
      .transform(Number)
      .refine((n) => n >= min && n <= max, `must be between ${min} and ${max}`),
  oneOf: <T extends string>(values: readonly [T, ...T[]]) =>
    z.string().refine((v): v is T => (values as readonly string[]).includes(v), `must be one of ${values.join(', ')}`),
  /** A comma-separated list of UUIDs. */
  ids: () =>
    z
      .string()
      .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
      .refine((xs) => xs.every((x) => UUID.test(x)), 'must be a comma-separated list of UUIDs'),
};

/** Parameters every list command takes. */
export const listParams = {
  page: P.int(1).optional(),
  pagesize: P.int(-1).optional(),
  keyword: P.str().optional(),
  listall: P.bool().optional(),
};

/** Parameters of list commands over objects owned by accounts. */
export const ownerParams = {
  account: P.str().optional(),
  domainid: P.id().optional(),
  isrecursive: P.bool().optional(),
  // "-1" asks for the resources of every project too (what CloudStack's UI sends with listall=true).
  projectid: z.union([P.id(), z.literal('-1')]).optional(),
};
