/**
 * What the end-to-end tests read from the cloud, through the CloudStack API (as an admin or a user would),
 * not from the simulator's tables: one helper per kind of object. Each takes either a logged-in page (its own
 * session is used) or an API client from `apiAs` / `pageApi` (e2e/fixtures.ts), and answers the list of the
 * command's response (empty when CloudStack leaves the list out, as it does for no match).
 */
import type { Page } from '@playwright/test';
import { pageApi, type ApiClient } from './fixtures';

/** Anything that can call the API: an `apiAs` client, or a `pageApi` of a logged-in page. */
export type ApiCaller = Pick<ApiClient, 'call'>;
type From = Page | ApiCaller;
type Params = Record<string, string | number | boolean>;

async function callerOf(from: From): Promise<ApiCaller> {
  return 'call' in from ? from : pageApi(from);
}

/** Calls a list command with `listall` and a page large enough for the demo cloud; answers the `key` list. */
async function list<T>(from: From, command: string, key: string, params: Params): Promise<T[]> {
  const api = await callerOf(from);
  const answer = await api.call(command, { listall: true, page: 1, pagesize: 500, ...params });
  return (answer[key] ?? []) as T[];
}

/** A DomainRouterResponse, with the fields the tests read. */
export interface ApiRouter {
  id: string;
  name: string;
  state: string;
  zoneid: string;
  zonename: string;
  podid?: string;
  version?: string;
  vpcid?: string;
  requiresupgrade?: boolean;
  isredundantrouter?: boolean;
  redundantstate?: string;
  guestnetworkid?: string;
  serviceofferingname?: string;
  templateid?: string;
  templatename?: string;
}

/** listRouters (ListRoutersCmd), e.g. `{ zoneid }`, `{ networkid }`, `{ state: 'Running' }`. */
export function listRouters(from: From, params: Params = {}): Promise<ApiRouter[]> {
  return list<ApiRouter>(from, 'listRouters', 'router', params);
}

/** A ZoneResponse's id and name. */
export interface ApiZone {
  id: string;
  name: string;
}

/** listZones (ListZonesCmd). */
export function listZones(from: From, params: Params = {}): Promise<ApiZone[]> {
  return list<ApiZone>(from, 'listZones', 'zone', params);
}

/**
 * The first zone with a cluster of `hypervisor` (listClusters with `hypervisor`, as ListClustersCmd filters;
 * a ZoneResponse names no hypervisor). Fails the test when there is none.
 */
export async function zoneOfHypervisor(from: From, hypervisor: string): Promise<ApiZone> {
  const clusters = await list<{ zoneid: string; zonename: string }>(from, 'listClusters', 'cluster', { hypervisor });
  const cluster = clusters[0];
  if (!cluster) throw new Error(`no zone has a ${hypervisor} cluster`);
  return { id: cluster.zoneid, name: cluster.zonename };
}

/** A SystemVmResponse, with the fields the tests read. */
export interface ApiSystemVm {
  id: string;
  name: string;
  systemvmtype: string;
  state: string;
  zoneid: string;
  version?: string;
  templateid?: string;
}

/** listSystemVms (ListSystemVMsCmd), e.g. `{ zoneid, systemvmtype: 'secondarystoragevm' }`. */
export function listSystemVms(from: From, params: Params = {}): Promise<ApiSystemVm[]> {
  return list<ApiSystemVm>(from, 'listSystemVms', 'systemvm', params);
}

/** A TemplateResponse, with the fields the tests read. */
export interface ApiTemplate {
  id: string;
  name: string;
  zoneid?: string;
  isready?: boolean;
  status?: string;
}

/** listTemplates (ListTemplatesCmd) with `templatefilter` `all` unless given. */
export function listTemplates(from: From, params: Params = {}): Promise<ApiTemplate[]> {
  return list<ApiTemplate>(from, 'listTemplates', 'template', { templatefilter: 'all', ...params });
}

/** The template called `name`; fails the test when there is none. */
export async function templateNamed(from: From, name: string): Promise<ApiTemplate> {
  const template = (await listTemplates(from, { name }))[0];
  if (!template) throw new Error(`no template is called ${name}`);
  return template;
}

/** A NetworkResponse, with the fields the tests read. */
export interface ApiNetwork {
  id: string;
  name: string;
  type: string;
  zoneid: string;
  vpcid?: string;
}

/** listNetworks (ListNetworksCmd), e.g. `{ zoneid, type: 'Isolated' }`. */
export function listNetworks(from: From, params: Params = {}): Promise<ApiNetwork[]> {
  return list<ApiNetwork>(from, 'listNetworks', 'network', params);
}

/** An AsyncJobResponse, with the fields the tests read. */
export interface ApiJob {
  jobid: string;
  cmd: string;
  jobstatus: number;
  jobinstanceid?: string;
}

/** listAsyncJobs (ListAsyncJobsCmd); an admin's `listall` lists every account's jobs. */
export function listAsyncJobs(from: From, params: Params = {}): Promise<ApiJob[]> {
  return list<ApiJob>(from, 'listAsyncJobs', 'asyncjobs', params);
}
