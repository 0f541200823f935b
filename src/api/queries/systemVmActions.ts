import { queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { listAll } from '../pages';
import type { AsyncJob, Host } from '../schemas';
import { runJob as runCommandJob } from '../jobs';
import type { ApiRequest } from '../transport';

type JobCommand = 'startSystemVm' | 'stopSystemVm' | 'rebootSystemVm' | 'destroySystemVm' | 'migrateSystemVm' | 'scaleSystemVm';

/** Runs a system VM's async command and waits for its job (src/api/jobs.ts); a failed job throws CloudStack's errortext. */
export async function runJob(command: JobCommand, params: ApiRequest<JobCommand>, options: { intervalMs?: number; signal?: AbortSignal } = {}): Promise<AsyncJob> {
  return (await runCommandJob(command, params, options)).job;
}

function refresh(client: QueryClient): Promise<unknown> {
  return Promise.all([
    client.invalidateQueries({ queryKey: ['listSystemVms'] }),
    client.invalidateQueries({ queryKey: ['listRouters'] }),
    client.invalidateQueries({ queryKey: ['listEvents'] }),
  ]);
}

export type SystemVmActionRequest =
  | { action: 'start'; id: string }
  | { action: 'stop'; id: string; forced: boolean }
  | { action: 'reboot'; id: string; forced?: boolean }
  | { action: 'destroy'; id: string };

const COMMANDS = { start: 'startSystemVm', stop: 'stopSystemVm', reboot: 'rebootSystemVm', destroy: 'destroySystemVm' } as const;

/** Start, stop, reboot or destroy one console proxy or secondary storage VM, waiting for its job. */
export function useSystemVmAction() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (req: SystemVmActionRequest) => {
      const forced = (req.action === 'stop' || req.action === 'reboot') && req.forced ? true : undefined;
      const params: ApiRequest<JobCommand> = { id: req.id, forced };
      // The list shows the VM's new state (Stopping, Starting...) while the job runs.
      const started = runJob(COMMANDS[req.action], params);
      setTimeout(() => void refresh(client), 300);
      return started;
    },
    onSettled: () => refresh(client),
  });
}

/** The hosts a running router or system VM may move to (findHostsForMigration). */
export function hostsForMigrationQueryOptions(virtualmachineid: string) {
  return queryOptions({
    queryKey: ['findHostsForMigration', virtualmachineid] as const,
    queryFn: ({ signal }): Promise<Host[]> => listAll('findHostsForMigration', { virtualmachineid }, { signal }),
    staleTime: 0,
    retry: false,
  });
}

export function useHostsForMigration(virtualmachineid: string | undefined) {
  return useQuery({ ...hostsForMigrationQueryOptions(virtualmachineid ?? ''), enabled: !!virtualmachineid });
}

/** Migrates a router or system VM (migrateSystemVm) to a host, or to one the server picks. */
export function useMigrateVm() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: { virtualmachineid: string; hostid?: string }) =>
      runJob('migrateSystemVm', v.hostid ? { virtualmachineid: v.virtualmachineid, hostid: v.hostid } : { virtualmachineid: v.virtualmachineid, autoselect: true }),
    onSettled: () => refresh(client),
  });
}
