import { useId, useMemo, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { Anchor, Card, Group, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import type { UseQueryResult } from '@tanstack/react-query';
import { useListCount } from '../../api/queries/useListCount';
import { useRouters } from '../../api/queries/useRouters';
import { useSystemVms } from '../../api/queries/useSystemVms';
import { useZones } from '../../api/queries/useZones';
import { QueryError, errorText } from '../../components/QueryError';
import { SYSTEM_VM_TYPE_LABELS, SYSTEM_VM_TYPES, orderedStates, slug, tallyRouters, tallySystemVms } from './figures';
import { count } from '../../lib/plural';

interface FigureProps {
  label: string;
  testId: string;
  value: number | undefined;
  loading: boolean;
  failed: boolean;
  hint?: ReactNode;
}

/** One number with its visible label. */
function Figure({ label, testId, value, loading, failed, hint }: FigureProps) {
  const labelId = useId();
  return (
    <Card withBorder padding="lg" radius="md" role="group" aria-labelledby={labelId}>
      <Text id={labelId} size="sm" c="dimmed" fw={500}>
        {label}
      </Text>
      {loading ? (
        <Skeleton height={36} width={80} mt={6} aria-label={`Loading ${label.toLowerCase()}`} />
      ) : (
        <Text fz={32} fw={700} lh={1.3} data-testid={testId}>
          {failed || value === undefined ? '—' : value.toLocaleString()}
        </Text>
      )}
      {hint && !loading && (
        <Text size="xs" c="dimmed" mt={4}>
          {hint}
        </Text>
      )}
    </Card>
  );
}

export function DashboardPage() {
  useDocumentTitle('Dashboard · CloudStack System VMs');
  const zones = useZones();
  // projectid=-1 with listall=true: every router, project routers included, as CloudStack's UI asks.
  const routersTotal = useListCount('listRouters', { listall: true, projectid: '-1' });
  const routersRunning = useListCount('listRouters', { listall: true, projectid: '-1', state: 'Running' });
  const routers = useRouters();
  const systemVms = useSystemVms();

  // Progressive: the figures from the routers read so far, said to be partial until the last page is in.
  const routerFigures = useMemo(() => (routers.data ? tallyRouters(routers.data) : undefined), [routers.data]);
  const read = routers.pagesRead;
  const readText = !routers.complete && read ? `Still counting: ${read.read.toLocaleString()} of ${count(read.total, 'router')} read` : undefined;
  const systemVmFigures = systemVms.data ? tallySystemVms(systemVms.data) : undefined;

  const queries: UseQueryResult<unknown>[] = [zones, routersTotal, routersRunning, routers, systemVms];
  const failed = queries.filter((query) => query.isError);
  const firstError = failed[0]?.error;
  const otherTexts = [...new Set(failed.slice(1).map((query) => errorText(query.error)))].filter(
    (text) => text !== errorText(firstError),
  );
  const retrying = failed.some((query) => query.isFetching);
  const retry = () => {
    for (const query of failed) void query.refetch();
  };

  return (
    <Stack gap="lg">
      <Title order={1}>Dashboard</Title>

      {firstError !== undefined && firstError !== null && (
        <div>
          <QueryError
            title="Some figures could not be loaded"
            error={firstError}
            onRetry={retry}
            retrying={retrying}
          />
          {otherTexts.map((text) => (
            <Text key={text} size="sm" c="red" mt={4}>
              {text}
            </Text>
          ))}
        </div>
      )}

      <section aria-labelledby="dashboard-infrastructure">
        <Title order={2} size="h3" mb="sm" id="dashboard-infrastructure">
          Zones and virtual routers
        </Title>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
          <Figure
            label="Zones"
            testId="figure-zones"
            value={zones.data?.length}
            loading={zones.isPending}
            failed={zones.isError}
          />
          <Figure
            label="Routers"
            testId="figure-routers-total"
            value={routersTotal.data}
            loading={routersTotal.isPending}
            failed={routersTotal.isError}
            hint={
              <Anchor component={Link} to="/routers" size="xs">
                View all routers
              </Anchor>
            }
          />
          <Figure
            label="Routers running"
            testId="figure-routers-running"
            value={routersRunning.data}
            loading={routersRunning.isPending}
            failed={routersRunning.isError}
          />
          <Figure
            label="Routers requiring upgrade"
            testId="figure-routers-upgrade"
            value={routerFigures?.requiringUpgrade}
            loading={routers.isPending}
            failed={routers.isError}
            hint={
              readText ? (
                <span data-testid="read-progress">{readText}</span>
              ) : routerFigures && routerFigures.requiringUpgrade > 0 ? (
                'Their template is older than the minimum version'
              ) : undefined
            }
          />
        </SimpleGrid>
      </section>

      <section aria-labelledby="dashboard-systemvms">
        <Title order={2} size="h3" mb="sm" id="dashboard-systemvms">
          System VMs
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {SYSTEM_VM_TYPES.map((type) => {
            const figures = systemVmFigures?.byType[type];
            return (
              <Card key={type} withBorder padding="lg" radius="md" role="group" aria-labelledby={`systemvms-${type}`}>
                <Group justify="space-between" align="baseline">
                  <Text id={`systemvms-${type}`} size="sm" c="dimmed" fw={500}>
                    {SYSTEM_VM_TYPE_LABELS[type]}
                  </Text>
                  {systemVms.isPending ? (
                    <Skeleton height={36} width={60} aria-label={`Loading ${SYSTEM_VM_TYPE_LABELS[type].toLowerCase()}`} />
                  ) : (
                    <Text fz={32} fw={700} lh={1.3} data-testid={`figure-systemvms-${type}`}>
                      {figures ? figures.total.toLocaleString() : '—'}
                    </Text>
                  )}
                </Group>
                {figures && figures.total > 0 && (
                  <Group gap="lg" mt="xs">
                    {orderedStates(figures.byState).map(([state, count]) => (
                      <div key={state}>
                        <Text size="xs" c="dimmed">
                          {state}
                        </Text>
                        <Text fw={600} data-testid={`figure-systemvms-${type}-${slug(state)}`}>
                          {count.toLocaleString()}
                        </Text>
                      </div>
                    ))}
                  </Group>
                )}
              </Card>
            );
          })}
        </SimpleGrid>
      </section>

      {routerFigures && routerFigures.total > 0 && (
        <section aria-labelledby="dashboard-router-states">
          <Title order={2} size="h3" mb="sm" id="dashboard-router-states">
            Routers by state
          </Title>
          {readText && (
            <Text size="sm" c="dimmed" mb="xs">
              {readText}
            </Text>
          )}
          <SimpleGrid cols={{ base: 2, sm: 4, lg: 6 }}>
            {orderedStates(routerFigures.byState).map(([state, count]) => (
              <Figure
                key={state}
                label={state}
                testId={`figure-routers-state-${slug(state)}`}
                value={count}
                loading={false}
                failed={false}
              />
            ))}
          </SimpleGrid>
        </section>
      )}
    </Stack>
  );
}
