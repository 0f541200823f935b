import { z } from 'zod';
import { csBoolean, csId, jobFields } from './common';

export const templateSchema = z
  .object({
    id: csId,
    name: z.string(),
    displaytext: z.string().optional(),
    hypervisor: z.string().optional(),
    format: z.string().optional(),
    templatetype: z.string().optional(),
    isready: csBoolean.optional(),
    status: z.string().optional(),
    zoneid: z.string().optional(),
    zonename: z.string().optional(),
    url: z.string().optional(),
    size: z.number().optional(),
    ispublic: csBoolean.optional(),
    isfeatured: csBoolean.optional(),
    account: z.string().optional(),
    crossZones: csBoolean.optional(),
    ostypeid: z.string().optional(),
    ostypename: z.string().optional(),
    checksum: z.string().optional(),
    arch: z.string().optional(),
    created: z.string().optional(),
    ...jobFields,
  })
  .passthrough();
export type Template = z.infer<typeof templateSchema>;

export const serviceOfferingSchema = z
  .object({
    id: csId,
    name: z.string(),
    displaytext: z.string().optional(),
    cpunumber: z.number().optional(),
    cpuspeed: z.number().optional(),
    memory: z.number().optional(),
    issystem: csBoolean.optional(),
    systemvmtype: z.string().optional(),
    networkrate: z.number().optional(),
    offerha: csBoolean.optional(),
    storagetype: z.string().optional(),
    created: z.string().optional(),
  })
  .passthrough();
export type ServiceOffering = z.infer<typeof serviceOfferingSchema>;
