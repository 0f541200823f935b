import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { CloudStackError } from '../errors';
import { JOB_FAILED, type AsyncJob } from '../schemas';
import { callApi, waitForJob } from '../transport';

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

/** A failed job as an error the screen can show (CloudStack's errortext). */
export function jobError(command: string, job: AsyncJob): CloudStackError {
  const r = job.jobresult ?? {};
  const text = typeof r.errortext === 'string' ? r.errortext : `${command} failed`;
  const code = typeof r.errorcode === 'number' ? r.errorcode : (job.jobresultcode ?? 530);
  return new CloudStackError(command, code, text);
}

async function runJob(command: 'startRouter' | 'stopRouter' | 'rebootRouter' | 'destroyRouter' | 'restartNetwork', params: Record<string, string | boolean>): Promise<AsyncJob> {
  const { jobid } = await callApi(command, params);
  const job = await waitForJob(jobid, { intervalMs: 500 });
  if (job.jobstatus === JOB_FAILED) throw jobError(command, job);
  return job;
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
      const params: Record<string, string | boolean> = { id: req.id };
      if ((req.action === 'stop' || req.action === 'reboot') && req.forced) params.forced = true;
      return runJob(COMMANDS[req.action], params);
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
