import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { AsyncJob } from '../schemas';
import { runJob as runCommandJob } from '../jobs';
import { callApi, type ApiRequest } from '../transport';

/** The scope of one upgradeRouterTemplate call: one of id, zoneid, podid, clusterid, account+domainid, domainid. */
export type UpgradeScopeParams =
  | { id: string }
  | { zoneid: string }
  | { podid: string }
  | { clusterid: string }
  | { account: string; domainid: string }
  | { domainid: string };

/** Starts upgrades; answers the ids of the jobs started (one per router that required an upgrade). */
export async function upgradeRouters(scopes: readonly UpgradeScopeParams[]): Promise<string[]> {
  const answers = await Promise.all(scopes.map((scope) => callApi('upgradeRouterTemplate', scope)));
  return answers.flatMap((a) => a.items.map((j) => j.jobid));
}

export function useUpgradeRouters() {
  return useMutation({ mutationFn: upgradeRouters });
}

export { jobError } from '../jobs';

type RouterJobCommand = 'startRouter' | 'stopRouter' | 'rebootRouter' | 'destroyRouter' | 'restartNetwork';

async function runJob(command: RouterJobCommand, params: ApiRequest<RouterJobCommand>): Promise<AsyncJob> {
  return (await runCommandJob(command, params)).job;
}

function refreshRouters(client: QueryClient): Promise<void> {
  return client.invalidateQueries({ queryKey: ['listRouters'] });
}

export type RouterActionRequest =
  | { action: 'start'; id: string }
  | { action: 'stop'; id: string; forced: boolean }
  | { action: 'reboot'; id: string; forced?: boolean }
  | { action: 'destroy'; id: string };

const COMMANDS = { start: 'startRouter', stop: 'stopRouter', reboot: 'rebootRouter', destroy: 'destroyRouter' } as const;

/** Start, stop (forced or not), reboot or destroy one router, waiting for its job. */
export function useRouterAction() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (req: RouterActionRequest) => {
      const forced = (req.action === 'stop' || req.action === 'reboot') && req.forced ? true : undefined;
      return runJob(COMMANDS[req.action], { id: req.id, forced });
    },
    onSettled: () => refreshRouters(client),
  });
}

/** restartNetwork; with cleanup=true the network's routers are destroyed and recreated. */
export function useRestartNetwork() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, cleanup }: { id: string; cleanup: boolean }) => runJob('restartNetwork', { id, cleanup }),
    onSettled: () => Promise.all([refreshRouters(client), client.invalidateQueries({ queryKey: ['listNetworks'] })]),
  });
}
