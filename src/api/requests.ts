import { z } from 'zod';
import type { CommandName } from './commands';
import { listParams, ownerParams, P } from './params';

/**
 * The request parameters of every command this product speaks, declared once: the simulator's handlers take
 * theirs from here by command name (server/api/registry.ts `command`), listApis describes them from here, and
 * the app's calls are typed by them (transport.ts `callApi`). Each is the command's `@Parameter` list in
 * CloudStack's *Cmd class (api/src/main/java/org/apache/cloudstack/api/command/...), as far as this product
 * reads it; names are lower case, as ParamUnpackWorker lower-cases them. A UUID parameter names the entity
 * type of its `entityType` (see params.ts).
 */

/** The largest PEM text uploadCustomCertificate takes (a certificate chain entry or key). */
export const MAX_PEM = 64 * 1024;
/** TemplateFilter values (ListTemplatesCmd templatefilter). */
export const TEMPLATE_FILTERS = ['featured', 'self', 'selfexecutable', 'sharedexecutable', 'executable', 'community', 'all'] as const;
/** Storage.TemplateType values (RegisterTemplateCmd templatetype). */
export const TEMPLATE_TYPES = ['USER', 'SYSTEM', 'ROUTING', 'BUILTIN', 'PERHOST', 'VNF'] as const;
/** VirtualMachine.Type names a system offering may be for (CreateServiceOfferingCmd systemvmtype). */
export const SYSTEM_VM_TYPES = ['domainrouter', 'consoleproxy', 'secondarystoragevm'] as const;
/** NetUtils protocols a firewall rule takes (CreateFirewallRuleCmd protocol). */
export const FIREWALL_PROTOCOLS = ['tcp', 'udp', 'icmp', 'all', 'TCP', 'UDP', 'ICMP', 'ALL'] as const;
const port = () => P.int(1, 65535);

/** The scope ids of ListCfgsByCmd / UpdateCfgCmd. */
const scopeParams = {
  zoneid: P.id('zone').optional(), clusterid: P.id('cluster').optional(), storageid: P.id('storagepool').optional(),
  accountid: P.id('account').optional(), domainid: P.id('domain').optional(), imagestoreuuid: P.id('imagestore').optional(),
};
/** StartRouterCmd, StopRouterCmd, RebootRouterCmd, DestroyRouterCmd. */
const routerActionParams = z.object({ id: P.id('vm'), forced: P.bool().optional() });
/** ListFirewallRulesCmd, ListPortForwardingRulesCmd. */
const listRulesParams = z.object({ ...listParams, ...ownerParams, id: P.id('firewallrule').optional(), ipaddressid: P.id('ipaddress').optional(),
  networkid: P.id('network').optional() });
/** DeleteFirewallRuleCmd, DeletePortForwardingRuleCmd. */
const deleteRuleParams = z.object({ id: P.id('firewallrule') });
/** ListVMsCmd (listVirtualMachines and its metrics variant). */
const listVirtualMachinesParams = z.object({ ...listParams, ...ownerParams, id: P.id('vm').optional(), ids: P.ids('vm').optional(), name: P.str().optional(),
    state: P.str().optional(), zoneid: P.id('zone').optional(), hostid: P.id('host').optional(), networkid: P.id('network').optional(),
    details: P.str().optional() });

export const requests = {
  login: z.object({
    username: P.str(),
    password: P.str(),
    domain: P.str().optional(),
    domainId: P.id('domain').optional(),
    domainid: P.id('domain').optional(),
  }),
  logout: z.object({}),
  listCapabilities: z.object({}),
  listApis: z.object({ name: P.str().optional() }),
  listZones: z.object({ ...listParams, id: P.id('zone').optional(), ids: P.ids('zone').optional(), name: P.str().optional(),
    available: P.bool().optional(), networktype: P.str().optional(), showcapacities: P.bool().optional() }),
  listPods: z.object({ ...listParams, id: P.id('pod').optional(), name: P.str().optional(), zoneid: P.id('zone').optional(),
    allocationstate: P.str().optional(), showcapacities: P.bool().optional() }),
  listClusters: z.object({ ...listParams, id: P.id('cluster').optional(), name: P.str().optional(), zoneid: P.id('zone').optional(),
    podid: P.id('pod').optional(), hypervisor: P.str().optional(), clustertype: P.str().optional(),
    allocationstate: P.str().optional(), managedstate: P.str().optional(), showcapacities: P.bool().optional() }),
  listHosts: z.object({ ...listParams, id: P.id('host').optional(), name: P.str().optional(), zoneid: P.id('zone').optional(),
    podid: P.id('pod').optional(), clusterid: P.id('cluster').optional(), type: P.str().optional(), state: P.str().optional(),
    hypervisor: P.str().optional(), resourcestate: P.str().optional(), virtualmachineid: P.id('vm').optional() }),
  findHostsForMigration: z.object({ ...listParams, virtualmachineid: P.id('vm') }),
  listDomains: z.object({ ...listParams, id: P.id('domain').optional(), name: P.str().optional(), level: P.int(0).optional() }),
  listAccounts: z.object({ ...listParams, id: P.id('account').optional(), name: P.str().optional(), domainid: P.id('domain').optional(),
    isrecursive: P.bool().optional(), accounttype: P.int(0, 4).optional(), state: P.str().optional() }),
  listUsers: z.object({ ...listParams, id: P.id('user').optional(), username: P.str().optional(), account: P.str().optional(),
    domainid: P.id('domain').optional(), isrecursive: P.bool().optional(), state: P.str().optional(), accounttype: P.int(0, 4).optional() }),
  registerUserKeys: z.object({ id: P.id('user') }),
  getUserKeys: z.object({ id: P.id('user') }),
  enableUser: z.object({ id: P.id('user') }),
  listNetworks: z.object({ ...listParams, ...ownerParams, id: P.id('network').optional(), name: P.str().optional(), zoneid: P.id('zone').optional(),
    type: P.str().optional(), vpcid: P.id('vpc').optional(), forvpc: P.bool().optional(), traffictype: P.str().optional(),
    issystem: P.bool().optional(), networkofferingid: P.id('networkoffering').optional() }),
  restartNetwork: z.object({ id: P.id('network'), cleanup: P.bool().optional(), makeredundant: P.bool().optional(), livepatch: P.bool().optional() }),
  listVirtualMachines: listVirtualMachinesParams,
  deployVirtualMachine: z.object({ serviceofferingid: P.id('serviceoffering'), templateid: P.id('template'), zoneid: P.id('zone'), networkids: P.ids('network').optional(),
    name: P.str(63).optional(), displayname: P.str().optional(), startvm: P.bool().optional() }),
  destroyVirtualMachine: z.object({ id: P.id('vm'), expunge: P.bool().optional() }),
  listPublicIpAddresses: z.object({ ...listParams, ...ownerParams, id: P.id('ipaddress').optional(), ipaddress: P.str().optional(),
    associatednetworkid: P.id('network').optional(), networkid: P.id('network').optional(), zoneid: P.id('zone').optional(),
    issourcenat: P.bool().optional(), isstaticnat: P.bool().optional(), allocatedonly: P.bool().optional() }),
  associateIpAddress: z.object({ networkid: P.id('network') }),
  createFirewallRule: z.object({ ipaddressid: P.id('ipaddress'), protocol: P.oneOf(FIREWALL_PROTOCOLS), startport: port().optional(), endport: port().optional(),
    cidrlist: P.str(1024).optional(), icmptype: P.int(-1, 255).optional(), icmpcode: P.int(-1, 255).optional(),
    type: P.str().optional(), fordisplay: P.bool().optional() }),
  listFirewallRules: listRulesParams,
  deleteFirewallRule: deleteRuleParams,
  createPortForwardingRule: z.object({ ipaddressid: P.id('ipaddress'), protocol: P.oneOf(['tcp', 'udp', 'TCP', 'UDP'] as const), publicport: port(), privateport: port(),
    publicendport: port().optional(), privateendport: port().optional(), virtualmachineid: P.id('vm'), vmguestip: P.str().optional(),
    networkid: P.id('network').optional(), openfirewall: P.bool().optional(), cidrlist: P.str(1024).optional(), fordisplay: P.bool().optional() }),
  listPortForwardingRules: listRulesParams,
  deletePortForwardingRule: deleteRuleParams,
  enableStaticNat: z.object({ ipaddressid: P.id('ipaddress'), virtualmachineid: P.id('vm'), networkid: P.id('network').optional(), vmguestip: P.str().optional() }),
  disableStaticNat: z.object({ ipaddressid: P.id('ipaddress') }),
  listRouters: z.object({
    ...listParams, ...ownerParams,
    id: P.id('vm').optional(), name: P.str().optional(), state: P.str().optional(), zoneid: P.id('zone').optional(),
    podid: P.id('pod').optional(), clusterid: P.id('cluster').optional(), hostid: P.id('host').optional(), networkid: P.id('network').optional(),
    vpcid: P.id('vpc').optional(), forvpc: P.bool().optional(), version: P.str().optional(),
    fetchhealthcheckresults: P.bool().optional(), healthchecksfailed: P.bool().optional(), arch: P.str().optional(),
  }),
  startRouter: routerActionParams,
  stopRouter: routerActionParams,
  rebootRouter: routerActionParams,
  destroyRouter: routerActionParams,
  changeServiceForRouter: z.object({ id: P.id('vm'), serviceofferingid: P.id('serviceoffering') }),
  upgradeRouterTemplate: z.object({
    id: P.id('vm').optional(), zoneid: P.id('zone').optional(), podid: P.id('pod').optional(), clusterid: P.id('cluster').optional(),
    account: P.str().optional(), domainid: P.id('domain').optional(),
  }),
  getRouterHealthCheckResults: z.object({ routerid: P.id('vm'), performfreshchecks: P.bool().optional() }),
  listSystemVms: z.object({ ...listParams, id: P.id('vm').optional(), name: P.str().optional(), zoneid: P.id('zone').optional(),
    podid: P.id('pod').optional(), hostid: P.id('host').optional(), state: P.str().optional(),
    systemvmtype: P.oneOf(['consoleproxy', 'secondarystoragevm'] as const).optional(), storageid: P.id('storagepool').optional(),
    arch: P.str().optional() }),
  startSystemVm: z.object({ id: P.id('vm') }),
  stopSystemVm: z.object({ id: P.id('vm'), forced: P.bool().optional() }),
  rebootSystemVm: z.object({ id: P.id('vm'), forced: P.bool().optional() }),
  destroySystemVm: z.object({ id: P.id('vm') }),
  migrateSystemVm: z.object({ virtualmachineid: P.id('vm'), hostid: P.id('host').optional(), autoselect: P.bool().optional(), storageid: P.id('storagepool').optional() }),
  scaleSystemVm: z.object({ id: P.id('vm'), serviceofferingid: P.id('serviceoffering'), details: P.map().optional() }),
  changeServiceForSystemVm: z.object({ id: P.id('vm'), serviceofferingid: P.id('serviceoffering'), details: P.map().optional() }),
  listNetworkOfferings: z.object({ ...listParams, id: P.id('networkoffering').optional(), name: P.str().optional(), guestiptype: P.str().optional(),
    forvpc: P.bool().optional(), state: P.str().optional(), isdefault: P.bool().optional(), traffictype: P.str().optional(),
    zoneid: P.str().optional(), networkid: P.id('network').optional(), displaytext: P.str().optional(), availability: P.str().optional(),
    domainid: P.str().optional(), specifyvlan: P.bool().optional(), specifyipranges: P.bool().optional(), supportedservices: P.str().optional(),
    istagged: P.bool().optional(), tags: P.str().optional(), sourcenatsupported: P.bool().optional() }),
  createNetworkOffering: z.object({
    name: P.str(), displaytext: P.str(4096), guestiptype: P.oneOf(['Isolated', 'Shared', 'L2'] as const),
    traffictype: P.oneOf(['Guest', 'GUEST'] as const), serviceofferingid: P.id('serviceoffering').optional(), supportedservices: P.str(4096).optional(),
    specifyvlan: P.bool().optional(), specifyipranges: P.bool().optional(), conservemode: P.bool().optional(),
    availability: P.oneOf(['Optional', 'Required'] as const).optional(), networkrate: P.int(0, 1_000_000).optional(),
    forvpc: P.bool().optional(), ispersistent: P.bool().optional(), egressdefaultpolicy: P.bool().optional(),
    enable: P.bool().optional(), tags: P.str().optional(), maxconnections: P.int(0).optional(), keepaliveenabled: P.bool().optional(),
    domainid: P.str().optional(), zoneid: P.str().optional(), internetprotocol: P.str().optional(),
  }),
  updateNetwork: z.object({ id: P.id('network'), name: P.str().optional(), displaytext: P.str(4096).optional(), networkofferingid: P.id('networkoffering').optional(),
    networkdomain: P.str().optional(), forced: P.bool().optional(), changecidr: P.bool().optional(), guestvmcidr: P.str().optional(),
    displaynetwork: P.bool().optional(), updateinsequence: P.bool().optional(), customid: P.str().optional() }),
  listConfigurations: z.object({ ...listParams, ...scopeParams, name: P.str().optional(), category: P.str().optional(),
    group: P.str().optional(), subgroup: P.str().optional(), parent: P.str().optional() }),
  updateConfiguration: z.object({ ...scopeParams, name: P.str(), value: P.text(4096).optional() }),
  resetConfiguration: z.object({ zoneid: P.id('zone').optional(), clusterid: P.id('cluster').optional(), storageid: P.id('storagepool').optional(),
    accountid: P.id('account').optional(), domainid: P.id('domain').optional(), imagestoreid: P.id('imagestore').optional(), name: P.str() }),
  listTemplates: z.object({ ...listParams, ...ownerParams, templatefilter: P.oneOf(TEMPLATE_FILTERS), id: P.id('template').optional(), ids: P.ids('template').optional(),
    name: P.str().optional(), zoneid: P.id('zone').optional(), hypervisor: P.str().optional(), templatetype: P.str().optional(),
    isready: P.bool().optional(), showremoved: P.bool().optional(), showunique: P.bool().optional() }),
  registerTemplate: z.object({
    name: P.str(), displaytext: P.str(4096), url: P.str(2048), hypervisor: P.str(), format: P.str(),
    zoneid: z.string().optional(), zoneids: z.string().optional(), ostypeid: P.id('ostype').optional(), isrouting: P.bool().optional(),
    templatetype: P.oneOf(TEMPLATE_TYPES).optional(), templatetag: P.str().optional(), checksum: P.str().optional(),
    ispublic: P.bool().optional(), isfeatured: P.bool().optional(), isextractable: P.bool().optional(),
    passwordenabled: P.bool().optional(), requireshvm: P.bool().optional(), sshkeyenabled: P.bool().optional(),
    isdynamicallyscalable: P.bool().optional(), bits: P.int(32, 64).optional(), arch: P.oneOf(['x86_64', 'aarch64'] as const).optional(),
    directdownload: P.bool().optional(), deployasis: P.bool().optional(), account: P.str().optional(), domainid: P.id('domain').optional(),
    projectid: P.id('project').optional(), details: z.string().optional(),
  }),
  copyTemplate: z.object({ id: P.id('template'), destzoneid: P.id('zone').optional(), destzoneids: P.ids('zone').optional(), sourcezoneid: P.id('zone').optional() }),
  deleteTemplate: z.object({ id: P.id('template'), zoneid: P.id('zone').optional(), forced: P.bool().optional(), issystem: P.bool().optional() }),
  listServiceOfferings: z.object({ ...listParams, id: P.id('serviceoffering').optional(), name: P.str().optional(), issystem: P.bool().optional(),
    systemvmtype: P.oneOf(['domainrouter', 'consoleproxy', 'secondarystoragevm'] as const).optional(),
    virtualmachineid: P.id('vm').optional(), zoneid: P.id('zone').optional() }),
  createServiceOffering: z.object({
    name: P.str(), displaytext: P.str(4096), issystem: P.bool().optional(), systemvmtype: P.oneOf(SYSTEM_VM_TYPES).optional(),
    cpunumber: P.int(1, 512).optional(), cpuspeed: P.int(1, 1_000_000).optional(), memory: P.int(32, 16_777_216).optional(),
    networkrate: P.int(0, 1_000_000).optional(), offerha: P.bool().optional(), storagetype: P.oneOf(['shared', 'local'] as const).optional(),
    limitcpuuse: P.bool().optional(), hosttags: P.str().optional(), tags: P.str().optional(), domainid: P.str().optional(),
    zoneid: P.str().optional(), provisioningtype: P.oneOf(['thin', 'sparse', 'fat'] as const).optional(), isvolatile: P.bool().optional(),
    customized: P.bool().optional(), dynamicscalingenabled: P.bool().optional(), deploymentplanner: P.str().optional(),
  }),
  queryAsyncJobResult: z.object({ jobid: P.id('job') }),
  listAsyncJobs: z.object({ ...listParams, ...ownerParams, startdate: P.date().optional(), managementserverid: P.str().optional() }),
  listEvents: z.object({ ...listParams, ...ownerParams, id: P.id('event').optional(), type: P.str().optional(), level: P.oneOf(['INFO', 'WARN', 'ERROR'] as const).optional(),
    resourceid: P.id('any').optional(), resourcetype: P.str().optional(), startdate: P.str().optional(), enddate: P.str().optional(),
    state: P.str().optional(), archived: P.bool().optional(), duration: P.int(0).optional(), entrytime: P.int(0).optional(), startid: P.id('event').optional() }),
  listAlerts: z.object({ ...listParams, id: P.id('alert').optional(), type: P.int(0).optional(), name: P.str().optional() }),
  createConsoleEndpoint: z.object({ virtualmachineid: P.id('vm'), token: P.str(64).optional() }),
  uploadCustomCertificate: z.object({
    certificate: P.text(MAX_PEM),
    domainsuffix: P.str(),
    id: P.int(1, 100).optional(),
    name: P.str().optional(),
    privatekey: z.string().optional(),
  }),
  listManagementServers: z.object({ ...listParams, id: P.id('managementserver').optional(), name: P.str().optional(), peers: P.bool().optional() }),
  readyForShutdown: z.object({ managementserverid: P.id('managementserver').optional() }),
  listLdapConfigurations: z.object({ ...listParams, hostname: P.str().optional(), port: P.int(0, 65535).optional(), domainid: P.id('domain').optional() }),
  listVolumes: z.object({ ...listParams, ...ownerParams, id: P.id('volume').optional(), ids: P.ids('volume').optional(), name: P.str().optional(),
    zoneid: P.id('zone').optional(), podid: P.id('pod').optional(), clusterid: P.id('cluster').optional(), hostid: P.id('host').optional(),
    storageid: P.str().optional(), virtualmachineid: P.id('vm').optional(), type: P.str().optional(), state: P.str().optional(),
    diskofferingid: P.id('diskoffering').optional(), displayvolume: P.bool().optional(), isencrypted: P.bool().optional() }),
  listOsTypes: z.object({ ...listParams, id: P.id('ostype').optional(), oscategoryid: P.id('oscategory').optional(), description: P.str().optional(),
    fordisplay: P.bool().optional() }),
  listHypervisors: z.object({ zoneid: P.id('zone').optional() }),
  listIpForwardingRules: z.object({ ...listParams, ...ownerParams, id: P.id('firewallrule').optional(), ipaddressid: P.id('ipaddress').optional(),
    virtualmachineid: P.id('vm').optional() }),
  listProjects: z.object({ ...listParams, account: P.str().optional(), domainid: P.id('domain').optional(), isrecursive: P.bool().optional(),
    id: P.id('project').optional(), name: P.str().optional(), displaytext: P.str().optional(), state: P.str().optional(),
    details: P.str().optional(), username: P.str().optional(), showicon: P.bool().optional() }),
  listSSHKeyPairs: z.object({ ...listParams, ...ownerParams, id: P.id('sshkeypair').optional(), name: P.str().optional(), fingerprint: P.str().optional() }),
  listCapacity: z.object({ ...listParams, zoneid: P.id('zone').optional(), podid: P.id('pod').optional(), clusterid: P.id('cluster').optional(),
    type: P.int(0, 1000).optional(), fetchlatest: P.bool().optional(), sortby: P.str().optional(), tag: P.str().optional() }),
  listStoragePools: z.object({ ...listParams, id: P.id('storagepool').optional(), name: P.str().optional(), zoneid: P.id('zone').optional(), podid: P.id('pod').optional(),
    clusterid: P.id('cluster').optional(), ipaddress: P.str().optional(), path: P.str().optional(), scope: P.str().optional(),
    status: P.str().optional(), hostid: P.id('host').optional() }),
  listInfrastructure: z.object({}),
  listZonesMetrics: z.object({ ...listParams, id: P.id('zone').optional(), name: P.str().optional(), networktype: P.str().optional(),
    available: P.bool().optional(), showcapacities: P.bool().optional() }),
  listVirtualMachinesMetrics: listVirtualMachinesParams,
  runDiagnostics: z.object({ targetid: P.id('vm'), ipaddress: P.str(64), type: P.oneOf(['ping', 'traceroute', 'arping'] as const), params: P.str(255).optional() }),
  getDiagnosticsData: z.object({ targetid: P.id('vm'), files: P.str(4096).optional() }),
} satisfies { [C in CommandName]: z.ZodObject<z.ZodRawShape> };

export type RequestSchema<C extends CommandName> = (typeof requests)[C];
/** What a handler of command C receives: the parameters as parsed (booleans, numbers, lists of ids). */
export type Request<C extends CommandName> = z.output<RequestSchema<C>>;
