import { useApis } from '../../api/queries/useApis';
import { useSession } from '../../features/auth/session';
import type { Permissions } from './navItems';

/**
 * The caller's permissions for the navigation: listApis (what the role may call) and login's type.
 * `known` is false until listApis has answered (or failed).
 */
export function usePermissions(): Permissions & { known: boolean } {
  const { user } = useSession();
  const apis = useApis();
  return { can: apis.can, isUser: user?.type === '0', known: apis.known };
}
