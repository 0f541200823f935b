import { z } from 'zod';
import { csBoolean, csId, csInt, jobFields } from './common';

/**
 * The objects of the commands that clients and UIs call on first contact, with the fields of CloudStack's
 * response classes (optional unless CloudStack always sets them). Unknown fields pass through.
 */

/** ManagementServerResponse (listManagementServers). `lastserverstart` tells whether a restart happened. */
export const managementServerSchema = z
  .object({
    id: csId,
    name: z.string(),
    state: z.string().optional(),
    version: z.string().optional(),
    javadistribution: z.string().optional(),
    javaversion: z.string().optional(),
    osdistribution: z.string().optional(),
    kernelversion: z.string().optional(),
    serviceip: z.string().optional(),
    ipaddress: z.string().optional(),
    lastserverstart: z.string().optional(),
    lastserverstop: z.string().optional(),
    lastboottime: z.string().optional(),
  })
  .passthrough();
export type ManagementServer = z.infer<typeof managementServerSchema>;

/** ReadyForShutdownResponse (readyForShutdown, object name `readyforshutdown`). */
export const readyForShutdownSchema = z
  .object({
    readyforshutdown: csBoolean.optional(),
    shutdowntriggered: csBoolean.optional(),
    pendingjobscount: csInt.optional(),
    managementserverid: z.union([z.string(), z.number()]).optional(),
  })
  .passthrough();

/** LdapConfigurationResponse (listLdapConfigurations, object name `LdapConfiguration`). */
export const ldapConfigurationSchema = z
  .object({ hostname: z.string(), port: csInt.optional(), domainid: z.string().optional() })
  .passthrough();

/** VolumeResponse (listVolumes, `volume`). `size` in bytes. */
export const volumeSchema = z
  .object({
    id: csId,
    name: z.string(),
    type: z.string().optional(),
    state: z.string().optional(),
    size: z.number().optional(),
    zoneid: z.string().optional(),
    zonename: z.string().optional(),
    virtualmachineid: z.string().optional(),
    vmname: z.string().optional(),
    vmstate: z.string().optional(),
    deviceid: z.number().optional(),
    storageid: z.string().optional(),
    storage: z.string().optional(),
    storagetype: z.string().optional(),
    hypervisor: z.string().optional(),
    account: z.string().optional(),
    domainid: z.string().optional(),
    domain: z.string().optional(),
    created: z.string().optional(),
    ...jobFields,
  })
  .passthrough();
export type Volume = z.infer<typeof volumeSchema>;

/** GuestOSResponse (listOsTypes, `ostype`). */
export const osTypeSchema = z
  .object({ id: csId, description: z.string(), oscategoryid: z.string().optional(), oscategoryname: z.string().optional(), isuserdefined: csBoolean.optional() })
  .passthrough();

/** HypervisorResponse (listHypervisors, `hypervisor`). */
export const hypervisorSchema = z.object({ name: z.string() }).passthrough();

/** ProjectResponse (listProjects, `project`). */
export const projectSchema = z
  .object({ id: csId, name: z.string(), displaytext: z.string().optional(), state: z.string().optional(), domainid: z.string().optional(), domain: z.string().optional() })
  .passthrough();

/** SSHKeyPairResponse (listSSHKeyPairs, `sshkeypair`). */
export const sshKeyPairSchema = z
  .object({ name: z.string(), fingerprint: z.string().optional(), id: z.string().optional(), account: z.string().optional(), domainid: z.string().optional() })
  .passthrough();

/** CapacityResponse (listCapacity, `capacity`): `type` is Capacity's short code, `name` its name (4.17+). */
export const capacitySchema = z
  .object({
    type: csInt,
    name: z.string().optional(),
    zoneid: z.string().optional(),
    zonename: z.string().optional(),
    podid: z.string().optional(),
    podname: z.string().optional(),
    clusterid: z.string().optional(),
    clustername: z.string().optional(),
    capacityused: z.number().optional(),
    capacitytotal: z.number().optional(),
    capacityallocated: z.number().optional(),
    percentused: z.string().optional(),
  })
  .passthrough();
export type Capacity = z.infer<typeof capacitySchema>;

/** StoragePoolResponse (listStoragePools, `storagepool`). Sizes in bytes. */
export const storagePoolSchema = z
  .object({
    id: csId,
    name: z.string(),
    type: z.string().optional(),
    scope: z.string().optional(),
    state: z.string().optional(),
    zoneid: z.string().optional(),
    zonename: z.string().optional(),
    podid: z.string().optional(),
    clusterid: z.string().optional(),
    clustername: z.string().optional(),
    ipaddress: z.string().optional(),
    path: z.string().optional(),
    hypervisor: z.string().optional(),
    disksizetotal: z.number().optional(),
    disksizeused: z.number().optional(),
    disksizeallocated: z.number().optional(),
    ...jobFields,
  })
  .passthrough();

/** InfrastructureResponse (listInfrastructure, `infrastructure`): counts. */
export const infrastructureSchema = z
  .object({
    zones: csInt.optional(),
    pods: csInt.optional(),
    clusters: csInt.optional(),
    hosts: csInt.optional(),
    storagepools: csInt.optional(),
    imagestores: csInt.optional(),
    objectstores: csInt.optional(),
    systemvms: csInt.optional(),
    routers: csInt.optional(),
    ilbvms: csInt.optional(),
    cpusockets: csInt.optional(),
    managementservers: csInt.optional(),
    alerts: csInt.optional(),
  })
  .passthrough();
export type Infrastructure = z.infer<typeof infrastructureSchema>;

/** IpForwardingRuleResponse (listIpForwardingRules; what libcloud's list_nodes reads). */
export const forwardingRuleSchema = z
  .object({ id: csId, protocol: z.string().optional(), virtualmachineid: z.string().optional(), ipaddressid: z.string().optional() })
  .passthrough();
