import { Box, Group, Progress, Stack, Text } from '@mantine/core';
import type { Plan } from '../../api/plans';
import { formatDuration, formatInstant, spanPercent, wavePercent } from './format';

/**
 * The waves against the windows: a time axis from now to the last projected wave end, the plan's window
 * openings shaded, each wave's projected span as a bar, and its progress bar beside it.
 */
export function PlanTimeline({ plan, now }: { plan: Plan; now: number }) {
  const ends = plan.waves.map((w) => w.projectedend ?? 0);
  const from = Math.min(now, ...plan.waves.map((w) => w.projectedstart ?? now));
  const to = Math.max(from + 3600_000, ...ends);
  const openings = plan.openings.filter((o) => o.end > from && o.start < to);
  return (
    <Stack gap={6} aria-label="Timeline of the waves" data-testid="plan-timeline">
      <Group justify="space-between">
        <Text size="xs" c="dimmed">{formatInstant(from)}</Text>
        <Text size="xs" c="dimmed">{plan.windows.length ? `${openings.length} window openings shaded` : 'No window: waves run one after the other'}</Text>
        <Text size="xs" c="dimmed">{formatInstant(to)}</Text>
      </Group>
      {plan.waves.map((w, i) => {
        const span = w.projectedstart !== undefined && w.projectedend !== undefined ? spanPercent(w.projectedstart, w.projectedend, from, to) : undefined;
        const pct = wavePercent(w);
        return (
          <Group key={`${i}-${w.name}`} gap="sm" wrap="nowrap" data-testid="timeline-wave" data-wave={i}>
            <Text size="sm" w={200} truncate="end" fw={i === plan.currentwave && plan.state !== 'finished' ? 700 : undefined}>
              {`${i + 1}. ${w.canary ? 'Canary: ' : ''}${w.name}`}
            </Text>
            <Box pos="relative" h={18} style={{ flex: 1, background: 'var(--mantine-color-default-hover)', borderRadius: 4, overflow: 'hidden' }}>
              {openings.map((o) => {
                const p = spanPercent(o.start, o.end, from, to);
                return <Box key={o.start} pos="absolute" top={0} h={18} style={{ left: `${p.left}%`, width: `${p.width}%`, background: 'var(--mantine-color-teal-light)' }} />;
              })}
              {span && (
                <Box pos="absolute" top={4} h={10} title={`${formatInstant(w.projectedstart)} – ${formatInstant(w.projectedend)}`}
                  style={{ left: `${span.left}%`, width: `${span.width}%`, background: w.canary ? 'var(--mantine-color-grape-filled)' : 'var(--mantine-color-blue-filled)', borderRadius: 3 }} />
              )}
            </Box>
            <Progress value={pct} w={120} size="lg" color={w.failed ? 'orange' : 'green'} animated={w.upgrading > 0} aria-label={`Progress of wave ${i + 1}`} />
            <Text size="xs" w={190} data-testid="wave-counts">
              {`${w.done}/${w.total} done${w.failed ? `, ${w.failed} failed` : ''}${w.skipped ? `, ${w.skipped} skipped` : ''}${w.finished ? '' : ` · ${formatDuration(w.estimateseconds)} left`}`}
            </Text>
          </Group>
        );
      })}
    </Stack>
  );
}
