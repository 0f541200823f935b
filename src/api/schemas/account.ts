import { z } from 'zod';
import { csBoolean, csId, csInt, jobFields } from './common';

export const domainSchema = z
  .object({
    id: csId,
    name: z.string(),
    path: z.string(),
    level: csInt.optional(),
    parentdomainid: z.string().optional(),
    parentdomainname: z.string().optional(),
    haschild: csBoolean.optional(),
    state: z.string().optional(),
    created: z.string().optional(),
    ...jobFields,
  })
  .passthrough();
export type Domain = z.infer<typeof domainSchema>;

export const accountSchema = z
  .object({
    id: csId,
    name: z.string(),
    accounttype: csInt,
    domainid: csId,
    domain: z.string().optional(),
    domainpath: z.string().optional(),
    state: z.string().optional(),
    roletype: z.string().optional(),
    rolename: z.string().optional(),
    created: z.string().optional(),
    vmtotal: z.number().optional(),
    vmrunning: z.number().optional(),
    ...jobFields,
  })
  .passthrough();
export type Account = z.infer<typeof accountSchema>;

export const userSchema = z
  .object({
    id: csId,
    username: z.string(),
    account: z.string(),
    accountid: csId,
    accounttype: csInt.optional(),
    domainid: csId,
    domain: z.string().optional(),
    firstname: z.string().optional(),
    lastname: z.string().optional(),
    email: z.string().optional(),
    state: z.string().optional(),
    roletype: z.string().optional(),
    apikey: z.string().optional(),
    created: z.string().optional(),
    ...jobFields,
  })
  .passthrough();
export type User = z.infer<typeof userSchema>;

export const userKeysSchema = z
  .object({ apikey: z.string().optional(), secretkey: z.string().optional() })
  .passthrough();
export type UserKeys = z.infer<typeof userKeysSchema>;

export const loginSchema = z
  .object({
    sessionkey: z.string(),
    userid: csId,
    username: z.string(),
    account: z.string(),
    domainid: csId,
    type: z.union([z.string(), z.number()]).transform(String),
    timeout: csInt.optional(),
    firstname: z.string().optional(),
    lastname: z.string().optional(),
    timezone: z.string().optional(),
    registered: z.union([z.string(), z.boolean()]).optional(),
  })
  .passthrough();
export type Login = z.infer<typeof loginSchema>;

export const capabilitySchema = z
  .object({
    cloudstackversion: z.string(),
    securitygroupsenabled: csBoolean.optional(),
    userpublictemplateenabled: csBoolean.optional(),
    apilimitinterval: csInt.optional(),
    apilimitmax: csInt.optional(),
    defaultuipagesize: csInt.optional(),
    dynamicrolesenabled: csBoolean.optional(),
  })
  .passthrough();
export type Capability = z.infer<typeof capabilitySchema>;
