import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, Badge, Button, Group, Paper, Progress, ScrollArea, SegmentedControl, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import type { PlanDetail, PlanRouter } from '../../api/plans';
import { usePlan, usePlanAction, usePlans } from '../../api/queries/usePlans';
import { PageLoader } from '../../components/PageLoader';
import { errorText, QueryError } from '../../components/QueryError';
import { useNow } from '../../components/useNow';
import { currentWaveText, formatInstant, nextWindowText, PLAN_STATE_COLOR, planPercent, ROUTER_STATE_COLOR } from './format';
import { PlanDialog } from './PlanDialog';
import { PlanTimeline } from './PlanTimeline';

const MAX_ROUTER_LINES = 300;
const ROUTER_ORDER: Record<PlanRouter['state'], number> = { failed: 0, upgrading: 1, starting: 1, pending: 2, done: 3, skipped: 4, cancelled: 5 };

/** Upgrade plans run by the server: each plan's state, current wave and next window; one plan's timeline, routers and event log. */
export function PlansPage() {
  useDocumentTitle('Upgrade plans · CloudStack System VMs');
  const [params, setParams] = useSearchParams();
  const selected = params.get('plan') ?? undefined;
  const plans = usePlans();
  const [creating, setCreating] = useState(false);
  const now = useNow();
  const select = (id: string) => setParams((p) => {
    const n = new URLSearchParams(p);
    n.set('plan', id);
    return n;
  });

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1}>Upgrade plans</Title>
        <Button onClick={() => setCreating(true)}>New plan</Button>
      </Group>
      <Text size="sm" c="dimmed">
        The serving process runs each plan with upgradeRouterTemplate, router by router, in waves and windows; closing this page does not stop it.
      </Text>
      {plans.isPending && <PageLoader label="Loading plans…" />}
      {plans.isError && <QueryError title="Could not load the plans" error={plans.error} onRetry={() => void plans.refetch()} />}
      {plans.data && plans.data.length === 0 && <Text>No plan yet.</Text>}
      {plans.data && plans.data.length > 0 && (
        <Table.ScrollContainer minWidth={800}>
          <Table striped highlightOnHover aria-label="Plans">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Plan</Table.Th><Table.Th scope="col">State</Table.Th><Table.Th scope="col">Current wave</Table.Th>
                <Table.Th scope="col">Next window</Table.Th><Table.Th scope="col">Progress</Table.Th><Table.Th scope="col">Why paused</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {plans.data.map((p) => (
                <Table.Tr key={p.id} data-testid="plan-row" data-plan-id={p.id} aria-selected={p.id === selected}>
                  <Table.Td>
                    <UnstyledButton onClick={() => select(p.id)} c="var(--mantine-color-anchor)" fz="sm">{p.name}</UnstyledButton>
                    <Text size="xs" c="dimmed">{`by ${p.createdby}, ${formatInstant(p.created)}`}</Text>
                  </Table.Td>
                  <Table.Td><Badge color={PLAN_STATE_COLOR[p.state]} variant="light" data-testid="plan-state">{p.state}</Badge></Table.Td>
                  <Table.Td><Text size="sm">{currentWaveText(p)}</Text></Table.Td>
                  <Table.Td><Text size="sm">{nextWindowText(p, now)}</Text></Table.Td>
                  <Table.Td><Progress value={planPercent(p)} w={120} aria-label={`Progress of ${p.name}`} /></Table.Td>
                  <Table.Td><Text size="sm" c="orange">{p.pausereason ?? ''}</Text></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {selected && <PlanDetailPanel id={selected} />}
      {creating && <PlanDialog opened onClose={() => setCreating(false)} />}
    </Stack>
  );
}

function PlanDetailPanel({ id }: { id: string }) {
  const now = useNow();
  const plan = usePlan(id);
  const action = usePlanAction(id);
  const [filter, setFilter] = useState<'wave' | 'failed' | 'all'>('wave');
  const routers = useMemo(() => {
    const d = plan.data;
    if (!d) return [];
    const list = filter === 'failed' ? d.routers.filter((r) => r.state === 'failed') : filter === 'wave' ? d.routers.filter((r) => r.wave === d.currentwave) : d.routers;
    return [...list].sort((a, b) => ROUTER_ORDER[a.state] - ROUTER_ORDER[b.state] || a.wave - b.wave);
  }, [plan.data, filter]);
  if (plan.isPending) return <PageLoader label="Loading the plan…" />;
  if (plan.isError) return <QueryError title="Could not load the plan" error={plan.error} onRetry={() => void plan.refetch()} />;
  const p: PlanDetail = plan.data;
  const failed = p.routers.filter((r) => r.state === 'failed').length;
  const act = (a: Parameters<typeof action.mutate>[0]) => action.mutate(a);
  return (
    <Paper withBorder p="md" radius="sm" aria-labelledby="plan-title" data-testid="plan-detail">
      <Stack gap="sm">
        <Group justify="space-between">
          <Group gap="sm">
            <Title order={2} size="h3" id="plan-title">{p.name}</Title>
            <Badge color={PLAN_STATE_COLOR[p.state]} variant="light" data-testid="plan-detail-state">{p.state}</Badge>
          </Group>
          <Group gap="xs">
            {p.state === 'draft' && <Button size="xs" color="orange" onClick={() => act({ action: 'start' })}>Start</Button>}
            {p.state === 'running' && <Button size="xs" variant="default" onClick={() => act({ action: 'pause' })}>Pause</Button>}
            {p.state === 'paused' && <Button size="xs" onClick={() => act({ action: 'resume' })}>Resume</Button>}
            {failed > 0 && p.state !== 'cancelled' && (
              <>
                <Button size="xs" color="red" variant="light" onClick={() => act({ action: 'retry' })}>{`Retry ${failed} failed`}</Button>
                <Button size="xs" variant="light" color="yellow" onClick={() => act({ action: 'skip' })}>{`Skip ${failed} failed`}</Button>
              </>
            )}
            {(p.state === 'draft' || p.state === 'running' || p.state === 'paused') && (
              <Button size="xs" color="red" variant="subtle" onClick={() => act({ action: 'cancel' })}>Cancel what has not started</Button>
            )}
          </Group>
        </Group>
        {action.isError && <Alert color="red" title="The action was not accepted">{errorText(action.error)}</Alert>}
        {p.pausereason && p.state === 'paused' && (
          <Alert color="orange" title="Paused" data-testid="pause-reason">{p.pausereason}</Alert>
        )}
        <Group gap="xl">
          <Text size="sm" data-testid="plan-current-wave">{currentWaveText(p)}</Text>
          <Text size="sm">{`Next window: ${nextWindowText(p, now)}`}</Text>
          <Text size="sm">{`${p.parallel} at once, failure budget ${p.failurebudget}${p.healthgate ? ', health gate' : ''}${p.soakminutes ? `, soak ${p.soakminutes} min` : ''}`}</Text>
          {p.waiting && <Text size="sm" c="dimmed">{`Waiting: ${p.waiting}`}</Text>}
        </Group>
        <PlanTimeline plan={p} now={now} />
        <Group justify="space-between">
          <Title order={3} size="h5">Routers</Title>
          <SegmentedControl size="xs" value={filter} onChange={(v) => setFilter(v as typeof filter)} aria-label="Routers shown"
            data={[{ value: 'wave', label: 'Current wave' }, { value: 'failed', label: `Failed (${failed})` }, { value: 'all', label: `All (${p.routers.length})` }]} />
        </Group>
        <ScrollArea.Autosize mah={280} type="auto">
          <Stack gap={4} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label="Routers of the plan">
            {routers.slice(0, MAX_ROUTER_LINES).map((r) => (
              <Group component="li" key={r.id} gap="xs" wrap="nowrap" data-testid="plan-router" data-state={r.state}>
                <Badge color={ROUTER_STATE_COLOR[r.state]} variant="light" radius="sm" w={96}>{r.state}</Badge>
                <Progress value={r.state === 'done' || r.state === 'failed' ? 100 : r.state === 'upgrading' || r.state === 'starting' ? 50 : 0} w={80}
                  color={r.state === 'failed' ? 'red' : 'green'} animated={r.state === 'upgrading'} aria-label={`Progress of ${r.name}`} />
                <Text size="sm" w={110}>{r.name}</Text>
                <Text size="xs" c="dimmed" w={160} truncate="end">{`wave ${r.wave + 1}${r.redundantstate && r.isredundantrouter ? ` · ${r.redundantstate}` : ''} · ${r.account ?? ''}`}</Text>
                <Text size="xs" c={r.state === 'failed' ? 'red' : 'dimmed'} truncate="end">{r.error ?? r.waiting ?? r.network ?? ''}</Text>
                {r.state === 'failed' && p.state !== 'cancelled' && (
                  <Group gap={2} wrap="nowrap">
                    <Button size="compact-xs" variant="subtle" onClick={() => act({ action: 'retry', routerids: [r.id] })} aria-label={`Retry ${r.name}`}>Retry</Button>
                    <Button size="compact-xs" variant="subtle" color="yellow" onClick={() => act({ action: 'skip', routerids: [r.id] })} aria-label={`Skip ${r.name}`}>Skip</Button>
                  </Group>
                )}
              </Group>
            ))}
          </Stack>
        </ScrollArea.Autosize>
        {routers.length > MAX_ROUTER_LINES && <Text size="xs" c="dimmed">{`${routers.length - MAX_ROUTER_LINES} more routers are not listed.`}</Text>}
        <Title order={3} size="h5">The runner's decisions</Title>
        <ScrollArea.Autosize mah={220} type="auto">
          <Stack gap={2} component="ol" style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label="Event log of the plan" data-testid="plan-events">
            {[...p.events].reverse().map((e) => (
              <Group component="li" key={e.id} gap="xs" wrap="nowrap">
                <Text size="xs" c="dimmed" w={150}>{formatInstant(e.at)}</Text>
                <Text size="xs" c={e.level === 'error' ? 'red' : e.level === 'warn' ? 'orange' : undefined}>{e.text}</Text>
              </Group>
            ))}
          </Stack>
        </ScrollArea.Autosize>
      </Stack>
    </Paper>
  );
}
