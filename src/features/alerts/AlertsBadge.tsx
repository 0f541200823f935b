import { Link } from 'react-router-dom';
import { Badge, Tooltip, UnstyledButton } from '@mantine/core';
import { useAlerts } from '../../api/queries/alerts';
import { useSession } from '../auth/session';
import { useLastSeenAlert } from './lastSeen';
import { countNewAlerts } from './newAlerts';

/** In the header, for the root admin: how many alerts arrived since they last looked; a link to /alerts. */
export function AlertsBadge() {
  const { user } = useSession();
  const isRoot = user?.type === '1';
  const alerts = useAlerts(1, {}, { refetchInterval: 30_000, enabled: isRoot });
  const [lastSeen] = useLastSeenAlert();
  if (!isRoot || !alerts.data) return null;
  const n = countNewAlerts(alerts.data.items, lastSeen);
  const more = n >= alerts.data.items.length && alerts.data.count > alerts.data.items.length;
  const label = n === 0 ? 'No new alerts' : `${n}${more ? '+' : ''} new alert${n === 1 ? '' : 's'}`;
  return (
    <Tooltip label={label}>
      <UnstyledButton component={Link} to="/alerts" aria-label={`Alerts: ${label}`} data-testid="alerts-badge">
        <Badge color={n > 0 ? 'red' : 'gray'} variant={n > 0 ? 'filled' : 'light'} radius="sm">
          {n > 0 ? `${n}${more ? '+' : ''} alert${n === 1 ? '' : 's'}` : 'Alerts'}
        </Badge>
      </UnstyledButton>
    </Tooltip>
  );
}
