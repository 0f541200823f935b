import { Group, Stack, Text } from '@mantine/core';
import type { Router } from '../../api/schemas';
import { formatCloudStackDate } from '../../lib/dates';
import { formatKilobytes } from './format';

/**
 * A router's network usage as the management server collects it every router.stats.interval seconds
 * (networkkbsread / networkkbswrite; none while the interval is 0). For the router details.
 */
export function RouterStatistics({ router }: { router: Router }) {
  const r = router as Record<string, unknown>;
  const read = typeof r.networkkbsread === 'number' ? r.networkkbsread : undefined;
  const write = typeof r.networkkbswrite === 'number' ? r.networkkbswrite : undefined;
  const when = typeof r.statscollected === 'string' ? r.statscollected : undefined;
  if (read === undefined && write === undefined) {
    return <Text size="sm" c="dimmed">No network statistics collected yet (router.stats.interval 0 turns collection off).</Text>;
  }
  return (
    <Stack gap={4}>
      <Group gap="lg">
        <Text size="sm">{`Received ${formatKilobytes(read ?? 0)}`}</Text>
        <Text size="sm">{`Sent ${formatKilobytes(write ?? 0)}`}</Text>
      </Group>
      {when && <Text size="xs" c="dimmed">{`Last collected ${formatCloudStackDate(when)}`}</Text>}
    </Stack>
  );
}
