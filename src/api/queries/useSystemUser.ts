import { queryOptions } from '@tanstack/react-query';
import type { User } from '../schemas';
import { callApi } from '../transport';

/**
 * CloudStack's system user (User.UID_SYSTEM, username "system" in the system account), who owns the jobs
 * the management server queues itself, such as the reboots of upgradeRouterTemplate. Root admins see it in
 * listUsers; for anyone else the answer is null.
 */
export async function getSystemUser(signal?: AbortSignal): Promise<User | null> {
  const page = await callApi('listUsers', { username: 'system', listall: true }, { signal });
  return page.items.find((u) => u.username === 'system' && u.account === 'system') ?? null;
}

export const systemUserQueryOptions = queryOptions({
  queryKey: ['listUsers', 'system'] as const,
  queryFn: ({ signal }) => getSystemUser(signal).catch(() => null),
  staleTime: Infinity,
});
