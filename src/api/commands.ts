import { z } from 'zod';
import * as s from './schemas';
import { apiSchema } from './schemas/api';

/**
 * The CloudStack commands this product speaks, and the shape of each answer.
 * The app parses with these; the simulator builds its envelopes with them, so both agree on the wire.
 *
 * kind:
 *  - list:   {"<cmd>response": {"count": n, "<key>": [...]}} (or {} when empty)
 *  - object: {"<cmd>response": {"<key>": {...}}}
 *  - flat:   {"<cmd>response": {...fields}}
 *  - job:    {"<cmd>response": {"jobid": "..."}}, the result arrives through queryAsyncJobResult under <key>
 */
type ListSpec = { kind: 'list'; key: string; item: z.ZodTypeAny; envelope?: string };
type ObjectSpec = { kind: 'object'; key: string; item: z.ZodTypeAny };
type FlatSpec = { kind: 'flat'; item: z.ZodTypeAny };
type JobSpec = { kind: 'job'; key: string; item: z.ZodTypeAny };
export type CommandSpec = ListSpec | ObjectSpec | FlatSpec | JobSpec;

/** `envelope` names the few commands whose getCommandName() is not `<command lower-cased>response`. */
const list = <T extends z.ZodTypeAny>(key: string, item: T, envelope?: string) => ({ kind: 'list' as const, key, item, envelope });
const object = <T extends z.ZodTypeAny>(key: string, item: T) => ({ kind: 'object' as const, key, item });
const flat = <T extends z.ZodTypeAny>(item: T) => ({ kind: 'flat' as const, item });
const job = <T extends z.ZodTypeAny>(key: string, item: T) => ({ kind: 'job' as const, key, item });

const successSchema = z.object({ success: s.csBoolean, displaytext: z.string().optional() }).passthrough();
const consoleEndpointSchema = z
  .object({
    success: s.csBoolean,
    details: z.string().optional(),
    url: z.string().optional(),
    websocket: z
      .object({
        token: z.string(),
        host: z.string(),
        port: z.union([z.string(), z.number()]).transform(String),
        path: z.string(),
        extra: z.string().optional(),
      })
      .passthrough()
      .optional(),
  })
  .passthrough();
export type ConsoleEndpoint = z.infer<typeof consoleEndpointSchema>;

const upgradeJobsSchema = z.object({ jobid: z.string() }).passthrough();
const diagnosticsSchema = z
  .object({ stdout: z.string(), stderr: z.string(), exitcode: z.union([z.string(), z.number()]).transform(String) })
  .passthrough();
const diagnosticsDataSchema = z.object({ url: z.string() }).passthrough();
const customCertificateSchema = z.object({ message: z.string() }).passthrough();
const logoutSchema = z.object({ description: z.string().optional() }).passthrough();

export const commands = {
  login: flat(s.loginSchema),
  logout: flat(logoutSchema),
  listCapabilities: object('capability', s.capabilitySchema),
  listApis: list('api', apiSchema),
  listZones: list('zone', s.zoneSchema),
  listPods: list('pod', s.podSchema),
  listClusters: list('cluster', s.clusterSchema),
  listHosts: list('host', s.hostSchema),
  findHostsForMigration: list('host', s.hostSchema),
  listDomains: list('domain', s.domainSchema),
  listAccounts: list('account', s.accountSchema),
  listUsers: list('user', s.userSchema),
  registerUserKeys: object('userkeys', s.userKeysSchema),
  getUserKeys: object('userkeys', s.userKeysSchema),
  enableUser: object('user', s.userSchema),
  listNetworks: list('network', s.networkSchema),
  // RestartNetworkCmd answers a SuccessResponse: the job result is {"success": true}.
  restartNetwork: job('success', successSchema),
  listVirtualMachines: list('virtualmachine', s.virtualMachineSchema),
  deployVirtualMachine: job('virtualmachine', s.virtualMachineSchema),
  destroyVirtualMachine: job('virtualmachine', s.virtualMachineSchema),
  listPublicIpAddresses: list('publicipaddress', s.publicIpAddressSchema),
  associateIpAddress: job('ipaddress', s.publicIpAddressSchema),
  createFirewallRule: job('firewallrule', s.firewallRuleSchema),
  listFirewallRules: list('firewallrule', s.firewallRuleSchema),
  deleteFirewallRule: job('success', successSchema),
  createPortForwardingRule: job('portforwardingrule', s.portForwardingRuleSchema),
  listPortForwardingRules: list('portforwardingrule', s.portForwardingRuleSchema),
  deletePortForwardingRule: job('success', successSchema),
  enableStaticNat: flat(successSchema),
  disableStaticNat: job('success', successSchema),
  listRouters: list('router', s.routerSchema),
  startRouter: job('router', s.routerSchema),
  stopRouter: job('router', s.routerSchema),
  rebootRouter: job('router', s.routerSchema),
  destroyRouter: job('router', s.routerSchema),
  changeServiceForRouter: object('router', s.routerSchema),
  upgradeRouterTemplate: list('asyncjobs', upgradeJobsSchema),
  getRouterHealthCheckResults: object('routerhealthchecks', s.routerHealthChecksSchema),
  listSystemVms: list('systemvm', s.systemVmSchema),
  startSystemVm: job('systemvm', s.systemVmSchema),
  stopSystemVm: job('systemvm', s.systemVmSchema),
  rebootSystemVm: job('systemvm', s.systemVmSchema),
  destroySystemVm: job('systemvm', s.systemVmSchema),
  migrateSystemVm: job('systemvm', s.systemVmJobResultSchema),
  scaleSystemVm: job('systemvm', s.systemVmJobResultSchema),
  changeServiceForSystemVm: object('systemvm', s.systemVmSchema),
  listNetworkOfferings: list('networkoffering', s.networkOfferingSchema),
  createNetworkOffering: object('networkoffering', s.networkOfferingSchema),
  updateNetwork: job('network', s.networkSchema),
  listConfigurations: list('configuration', s.configurationSchema),
  updateConfiguration: object('configuration', s.configurationSchema),
  resetConfiguration: object('configuration', s.configurationSchema),
  listTemplates: list('template', s.templateSchema),
  registerTemplate: list('template', s.templateSchema),
  copyTemplate: job('template', s.templateSchema),
  deleteTemplate: job('success', successSchema),
  listServiceOfferings: list('serviceoffering', s.serviceOfferingSchema),
  createServiceOffering: object('serviceoffering', s.serviceOfferingSchema),
  queryAsyncJobResult: flat(s.asyncJobSchema),
  listAsyncJobs: list('asyncjobs', s.asyncJobListItemSchema),
  listEvents: list('event', s.eventSchema),
  listAlerts: list('alert', s.alertSchema),
  createConsoleEndpoint: object('consoleendpoint', consoleEndpointSchema),
  uploadCustomCertificate: job('customcertificate', customCertificateSchema),
  listManagementServers: list('managementserver', s.managementServerSchema),
  readyForShutdown: object('readyforshutdown', s.readyForShutdownSchema),
  // LdapListConfigurationCmd's getCommandName() is "ldapconfigurationresponse"; its items are "LdapConfiguration".
  listLdapConfigurations: list('LdapConfiguration', s.ldapConfigurationSchema, 'ldapconfigurationresponse'),
  listVolumes: list('volume', s.volumeSchema),
  listOsTypes: list('ostype', s.osTypeSchema),
  listHypervisors: list('hypervisor', s.hypervisorSchema),
  listIpForwardingRules: list('ipforwardingrule', s.forwardingRuleSchema),
  listProjects: list('project', s.projectSchema),
  listSSHKeyPairs: list('sshkeypair', s.sshKeyPairSchema),
  listCapacity: list('capacity', s.capacitySchema),
  listStoragePools: list('storagepool', s.storagePoolSchema),
  listInfrastructure: object('infrastructure', s.infrastructureSchema),
  listZonesMetrics: list('zone', s.zoneSchema),
  listVirtualMachinesMetrics: list('virtualmachine', s.virtualMachineSchema),
  runDiagnostics: job('diagnostics', diagnosticsSchema),
  getDiagnosticsData: job('diagnostics', diagnosticsDataSchema),
} satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof commands;
type Spec<C extends CommandName> = (typeof commands)[C];
/** The parsed answer of a command: a list page, an object, flat fields, or a job reference. */
export type CommandResult<C extends CommandName> =
  Spec<C> extends ListSpec
    ? {
        count: number;
        items: z.output<Spec<C>['item']>[];
        /** Items left out because the app cannot read them, each "index: the fields at fault". */
        skipped?: string[];
      }
    : Spec<C> extends JobSpec
      ? { jobid: string }
      : z.output<Spec<C>['item']>;
/**
 * What the simulator's handler of command C answers before the envelope is put around it: the schema's
 * input (so that the app's parse of the answer is what the handler promised), `{count, items}` for a list,
 * `{jobid}` (and `id` for an async create command) for an async command.
 */
export type HandlerResult<C extends CommandName> =
  Spec<C> extends ListSpec
    ? { count: number; items: Answer<Spec<C>['item']>[] }
    : Spec<C> extends JobSpec
      ? { jobid: string; id?: string }
      : Answer<Spec<C>['item']>;
/** A schema's input without the index signature of `.passthrough()`: the fields it declares, plus any others. */
export type Answer<T extends z.ZodTypeAny> = WithoutIndex<z.input<T>> & { [field: string]: unknown };
type WithoutIndex<T> = { [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K] };
/** The object a job of command C yields on success. */
export type JobResult<C extends CommandName> = z.output<Spec<C>['item']>;

/**
 * CloudStack's envelope key: the command lower-cased plus "response" (BaseCmd.getCommandName), or the
 * command's own name where its class says otherwise (listLdapConfigurations: "ldapconfigurationresponse").
 */
export function responseKey(command: string): string {
  const spec = (commands as Record<string, CommandSpec>)[command];
  if (spec && spec.kind === 'list' && spec.envelope) return spec.envelope;
  return `${command.toLowerCase()}response`;
}
