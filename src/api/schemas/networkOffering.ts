import { z } from 'zod';
import { csBoolean, csId, jobFields } from './common';
import { networkServiceSchema } from './network';

/** A network offering (listNetworkOfferings); serviceofferingid names the system offering of its routers. */
export const networkOfferingSchema = z
  .object({
    id: csId,
    name: z.string(),
    displaytext: z.string().optional(),
    guestiptype: z.string().optional(),
    traffictype: z.string().optional(),
    state: z.string().optional(),
    isdefault: csBoolean.optional(),
    forvpc: csBoolean.optional(),
    ispersistent: csBoolean.optional(),
    specifyvlan: csBoolean.optional(),
    specifyipranges: csBoolean.optional(),
    conservemode: csBoolean.optional(),
    egressdefaultpolicy: csBoolean.optional(),
    availability: z.string().optional(),
    networkrate: z.number().optional(),
    serviceofferingid: z.string().optional(),
    service: z.array(networkServiceSchema).optional(),
    supportsstrechedl2subnet: csBoolean.optional(),
    supportspublicaccess: csBoolean.optional(),
    fortungsten: csBoolean.optional(),
    fornsx: csBoolean.optional(),
    created: z.string().optional(),
    ...jobFields,
  })
  .passthrough();
export type NetworkOffering = z.infer<typeof networkOfferingSchema>;
