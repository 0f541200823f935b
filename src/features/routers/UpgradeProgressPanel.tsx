import { Alert, Anchor, Badge, Button, Group, Paper, Progress, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router-dom';
import type { Router } from '../../api/schemas';
import { errorText } from '../../components/QueryError';
import { formatRemaining, type LineStatus, type ProgressLine, type ProgressSummary } from './upgradeProgress';
import type { ShownPlan } from './useUpgradeTracker';

const STATUS_COLOR: Record<LineStatus, string> = { queued: 'gray', upgrading: 'blue', done: 'green', failed: 'red', skipped: 'yellow' };
const STATUS_LABEL: Record<LineStatus, string> = { queued: 'Queued', upgrading: 'Upgrading', done: 'Done', failed: 'Failed', skipped: 'Skipped' };
const ORDER: Record<LineStatus, number> = { failed: 0, upgrading: 1, queued: 2, skipped: 3, done: 4 };
/** Lines rendered at most; the counts above cover the rest. */
const MAX_LINES = 300;

export interface UpgradeProgressPanelProps {
  lines: readonly ProgressLine[];
  summary: ProgressSummary;
  /** Milliseconds left at the pace measured so far (undefined: not known yet). */
  remainingMs?: number;
  routersById: ReadonlyMap<string, Router>;
  onRetryFailed(): void;
  retrying: boolean;
  retryError: unknown;
  onDismiss(): void;
  onOpenRouter(id: string): void;
  pollError: unknown;
  /** The upgrade plans behind the lines (the server runs them; every admin sees them). */
  plans?: readonly ShownPlan[];
}

/**
 * The upgrade as the server runs it: the plans it is made of (with why one is paused), a bar for the whole,
 * then one line per router with its state, error or what it waits for.
 */
export function UpgradeProgressPanel(p: UpgradeProgressPanelProps) {
  const s = p.summary;
  const plans = p.plans ?? [];
  const paused = plans.filter((x) => x.state === 'paused');
  const sorted = [...p.lines].sort((a, b) => ORDER[a.status] - ORDER[b.status]).slice(0, MAX_LINES);
  return (
    <Paper withBorder p="md" radius="sm" aria-labelledby="upgrade-progress-title" data-testid="upgrade-progress">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4" id="upgrade-progress-title">
            {s.finished ? 'Router upgrade finished' : paused.length ? 'Router upgrade paused' : 'Router upgrade in progress'}
          </Title>
          <Group gap="xs">
            {s.failed > 0 && (
              <Button size="xs" color="red" variant="light" onClick={p.onRetryFailed} loading={p.retrying}>
                {`Retry ${s.failed} failed`}
              </Button>
            )}
            {s.finished && (
              <Button size="xs" variant="default" onClick={p.onDismiss}>
                Dismiss
              </Button>
            )}
          </Group>
        </Group>
        {plans.length > 0 && (
          <Text size="sm" data-testid="upgrade-plans">
            {plans.length === 1 ? 'Plan ' : 'Plans '}
            {plans.map((x, i) => (
              <span key={x.id}>
                {i > 0 && ', '}
                <Anchor component={Link} to={`/plans?plan=${encodeURIComponent(x.id)}`} size="sm">{x.name}</Anchor>
                {` (${x.state}${x.waiting ? `: waiting, ${x.waiting}` : ''})`}
              </span>
            ))}
            {' · run by the server: closing this page does not stop it.'}
          </Text>
        )}
        {paused.map((x) => (
          <Alert key={x.id} color="orange" variant="light" title={`${x.name} is paused`} data-testid="upgrade-pause-reason">
            {x.pausereason ?? 'Paused'}
          </Alert>
        ))}
        <Progress value={s.percent} size="lg" color={s.failed > 0 ? 'orange' : 'green'} animated={!s.finished} aria-label="Upgrade progress" />
        <Text size="sm" role="status" data-testid="upgrade-summary">
          {`${s.done + s.failed + s.skipped} of ${s.total} finished (${s.percent}%): ${s.done} done, ${s.failed} failed, ${s.upgrading} upgrading, ${s.queued} queued${s.skipped ? `, ${s.skipped} skipped` : ''}`}
        </Text>
        {!s.finished && (
          <Text size="sm" c="dimmed" data-testid="upgrade-eta">
            {p.remainingMs === undefined ? 'Time left: measured once the first router is done.' : `Time left: ${formatRemaining(p.remainingMs)} at the pace so far.`}
          </Text>
        )}
        {p.retryError !== null && p.retryError !== undefined && (
          <Text size="sm" c="red">
            {`Retry failed: ${errorText(p.retryError)}`}
          </Text>
        )}
        {p.pollError !== null && p.pollError !== undefined && (
          <Text size="sm" c="red">
            {`The progress could not be read: ${errorText(p.pollError)}. It is asked for again every second.`}
          </Text>
        )}
        <ScrollArea.Autosize mah={220} type="auto">
          <Stack gap={4} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label="Routers being upgraded">
            {sorted.map((l) => {
              const r = p.routersById.get(l.routerid);
              return (
                <Group component="li" key={l.jobid} gap="xs" wrap="nowrap" data-testid="upgrade-line" data-status={l.status}>
                  <Badge color={STATUS_COLOR[l.status]} variant="light" radius="sm" w={96}>
                    {STATUS_LABEL[l.status]}
                  </Badge>
                  <Button variant="subtle" size="compact-xs" onClick={() => p.onOpenRouter(l.routerid)}>
                    {r?.name ?? l.name}
                  </Button>
                  <Text size="xs" c={l.status === 'failed' ? 'red' : 'dimmed'} truncate="end">
                    {l.status === 'failed' ? l.errortext : l.status === 'done' ? `version ${l.version ?? r?.version ?? ''}` : (l.waiting ?? r?.zonename ?? '')}
                  </Text>
                </Group>
              );
            })}
          </Stack>
        </ScrollArea.Autosize>
        {p.lines.length > MAX_LINES && (
          <Text size="xs" c="dimmed">{`${(p.lines.length - MAX_LINES).toLocaleString()} more routers (finished ones last) are not listed.`}</Text>
        )}
      </Stack>
    </Paper>
  );
}
