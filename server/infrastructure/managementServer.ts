import { hostname, release } from 'node:os';
import { command } from '../api/registry';
import { registerEntityResolver } from '../api/entities';
import { MANAGEMENT_SERVER_VERSION } from '../seed/versions';
import { nowDate } from '../db/rows';

/**
 * The one management server of the simulated cloud: its msid (the number ManagementServerNode gives a node,
 * answered as `managementserverid` in AsyncJobResponse) and its uuid (ManagementServerResponse `id`).
 */
export const MANAGEMENT_SERVER_MSID = '32986047410880';
export const MANAGEMENT_SERVER_UUID = '1f0c8e0a-6b7d-4d2e-9f3a-5c1b2a3d4e5f';

registerEntityResolver('managementserver', (_db, id) => id === MANAGEMENT_SERVER_UUID);

/**
 * listManagementServers (ListMgmtsCmd, root admin; list key `managementserver`): ManagementServerResponse with
 * `id`, `name`, `state` (Up), `version`, `javadistribution`, `javaversion`, `osdistribution`, `kernelversion`,
 * `serviceip`, `ipaddress`, `lastserverstart` (when this process started: a setting that is not dynamic has
 * taken effect when it was saved before this time) and `lastboottime`.
 */
export const listManagementServers = command({
  name: 'listManagementServers',
  access: 'root',
  description: 'Lists management servers.',
  handle: ({ sim }, p) => {
    const name = hostname() || 'localhost';
    const server = {
      id: MANAGEMENT_SERVER_UUID,
      name,
      state: 'Up',
      version: MANAGEMENT_SERVER_VERSION,
      javadistribution: 'Node.js',
      javaversion: process.versions.node,
      osdistribution: process.platform,
      kernelversion: release(),
      serviceip: '127.0.0.1',
      ipaddress: '127.0.0.1',
      lastserverstart: nowDate(sim.startedAt),
      lastboottime: nowDate(sim.startedAt - Math.round(process.uptime() * 1000)),
    };
    const matches = (p.id === undefined || p.id.toLowerCase() === server.id) && (p.name === undefined || p.name === server.name)
      && (p.keyword === undefined || server.name.toLowerCase().includes(p.keyword.toLowerCase()));
    return matches ? { count: 1, items: [server] } : { count: 0, items: [] };
  },
});
