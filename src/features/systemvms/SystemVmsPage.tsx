import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ActionIcon, Badge, Button, Card, Group, Menu, Progress, SegmentedControl, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import type { SystemVm } from '../../api/schemas';
import { systemVmsQueryOptions } from '../../api/queries/useSystemVms';
import { useTemplates } from '../../api/queries/useTemplates';
import { PageLoader } from '../../components/PageLoader';
import { PinnedActionsCell, PinnedActionsHead } from '../../components/PinnedActionsTable';
import { QueryError } from '../../components/QueryError';
import { StateBadge } from '../../components/StateBadge';
import { DiagnosticsModal, type DiagnosticsTarget } from '../diagnostics/DiagnosticsModal';
import { OpenConsoleButton } from '../console/OpenConsoleButton';
import { MigrateModal, type MigrationTarget } from '../diagnostics/MigrateModal';
import { ACTION_LABELS, availableActions, filterSystemVms, groupByZone, inMotion, readSystemVmFilters, TYPE_LABELS, type ZoneGroup } from './actions';
import { SystemVmActionModal, type ConfirmableAction } from './SystemVmActionModal';
import { snapshotTasksFrom, ssvmTasksFrom, tasksPerSsvm, type SsvmTask } from './tasks';
import { useAsyncJobs } from '../../api/queries/useAsyncJobs';
import { virtualMachinesQueryOptions } from '../../api/queries/useVirtualMachines';
import { cloudStackDate } from '../../lib/dates';
import { useZoneUpgrade, ZoneUpgradeConfirm, ZoneUpgradeProgress } from './ZoneUpgrade';
import { count } from '../../lib/plural';

/** Polling: fast while something moves, and in VMware zones (SSVMs come and go with load); slow otherwise. */
function pollInterval(vms: SystemVm[] | undefined): number {
  if (!vms) return 10_000;
  if (inMotion(vms)) return 2_000;
  return vms.some((v) => v.hypervisor === 'VMware') ? 5_000 : 15_000;
}

function Dots({ children }: { children: string }) {
  return <Text component="span" aria-hidden>{children}</Text>;
}

/** Infrastructure > System VMs: console proxies and secondary storage VMs per zone, their actions and tasks. */
export function SystemVmsPage() {
  useDocumentTitle('System VMs · CloudStack System VMs');
  const systemVms = useQuery({ ...systemVmsQueryOptions(), refetchInterval: (q) => pollInterval(q.state.data) });
  const templates = useTemplates({}, (list) => ssvmTasksFrom(list).length > 0, 2000);
  // Snapshot backups: pending CreateSnapshotCmd jobs of the last hours, named through their VMs.
  const [since] = useState(() => cloudStackDate(Date.now() - 6 * 3600_000));
  const jobs = useAsyncJobs(since, 3000);
  const backupVmIds = useMemo(() => [...new Set(snapshotTasksFrom(jobs.data ?? [], new Map()).map((t) => t.templateid))].sort(), [jobs.data]);
  const backupVms = useQuery({ ...virtualMachinesQueryOptions({ listall: true, ids: backupVmIds.join(',') }), enabled: backupVmIds.length > 0 });
  const tasks = useMemo(() => {
    const vms = new Map((backupVms.data ?? []).map((v) => [v.id, v]));
    return [...ssvmTasksFrom(templates.data ?? []), ...snapshotTasksFrom(jobs.data ?? [], vms)];
  }, [templates.data, jobs.data, backupVms.data]);
  const perSsvm = useMemo(() => tasksPerSsvm(tasks), [tasks]);
  const [search, setSearch] = useSearchParams();
  const filters = useMemo(() => readSystemVmFilters(search), [search]);
  const allZones = useMemo(() => groupByZone(systemVms.data ?? []).map((g) => ({ value: g.zoneid, label: g.zonename })), [systemVms.data]);
  const groups = useMemo(() => groupByZone(filterSystemVms(systemVms.data ?? [], filters)), [systemVms.data, filters]);
  const setFilter = (k: 'zone' | 'type', v: string | null) => setSearch((p) => {
    const next = new URLSearchParams(p);
    if (v) next.set(k, v);
    else next.delete(k);
    return next;
  });

  const [confirm, setConfirm] = useState<{ vm: SystemVm; action: ConfirmableAction } | null>(null);
  const [migrate, setMigrate] = useState<MigrationTarget | null>(null);
  const [diagnostics, setDiagnostics] = useState<DiagnosticsTarget | null>(null);
  const [upgradeZone, setUpgradeZone] = useState<ZoneGroup | null>(null);
  const upgrade = useZoneUpgrade();
  const upgrading = upgrade.state?.phase === 'running';

  const onAction = (vm: SystemVm, action: ReturnType<typeof availableActions>[number]) => {
    if (action === 'migrate') {
      setMigrate({ id: vm.id, name: vm.name, hostname: vm.hostname,
        note: vm.systemvmtype === 'consoleproxy' ? 'A live migration: console sessions continue.' : 'A live migration: running tasks continue.' });
    } else if (action === 'diagnostics') setDiagnostics({ id: vm.id, name: vm.name, kind: vm.systemvmtype });
    else setConfirm({ vm, action });
  };

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1}>System VMs</Title>
        <Button variant="default" onClick={() => void systemVms.refetch()} loading={systemVms.isFetching && !systemVms.isPending}>
          Refresh
        </Button>
      </Group>
      <Group align="flex-end">
        <Select label="Zone" placeholder="All zones" clearable data={allZones} value={filters.zoneid ?? null} onChange={(v) => setFilter('zone', v)} w={220} />
        <div>
          <Text size="sm" fw={500} mb={4} id="systemvm-type-label">Type</Text>
          <SegmentedControl aria-labelledby="systemvm-type-label" value={filters.type ?? 'all'} onChange={(v) => setFilter('type', v === 'all' ? null : v)}
            data={[{ value: 'all', label: 'All' }, { value: 'consoleproxy', label: 'Console proxies' }, { value: 'secondarystoragevm', label: 'Secondary storage VMs' }]} />
        </div>
      </Group>
      {upgrade.state && <ZoneUpgradeProgress state={upgrade.state} onCancel={upgrade.cancel} onClose={upgrade.clear} />}
      {systemVms.isPending && <PageLoader label="Loading system VMs…" />}
      {systemVms.isError && (
        <QueryError title="Could not load the system VMs" error={systemVms.error} onRetry={() => void systemVms.refetch()} retrying={systemVms.isFetching} />
      )}
      {systemVms.data && systemVms.data.length === 0 && <Text c="dimmed">There are no system VMs.</Text>}
      {groups.map((g) => (
        <Card key={g.zoneid} withBorder padding="md" component="section" aria-labelledby={`zone-${g.zoneid}`}>
          <Group justify="space-between" mb="sm">
            <Group gap="xs">
              <Title order={2} size="h3" id={`zone-${g.zoneid}`}>{g.zonename}</Title>
              {g.hypervisor && <Badge variant="outline">{g.hypervisor}</Badge>}
              <Text size="sm" c="dimmed">
                {`${g.vms.filter((v) => v.systemvmtype === 'consoleproxy').length} console proxy, ${g.vms.filter((v) => v.systemvmtype === 'secondarystoragevm').length} secondary storage`}
              </Text>
            </Group>
            <Button size="xs" variant="outline" color="orange" disabled={upgrading} onClick={() => setUpgradeZone(g)}>
              Upgrade system VMs
            </Button>
          </Group>
          <Table.ScrollContainer minWidth={1100}>
            <Table striped highlightOnHover>
              <PinnedActionsHead
                columns={['Name', 'Type', 'State', 'Agent', 'Public IP', 'Private IP', 'Link-local IP', 'Host', 'Template (version)', 'Sessions / tasks']}
                actionsLabelHidden
              />
              <Table.Tbody>
                {g.vms.map((vm) => {
                  const actions = availableActions(vm);
                  return (
                    <Table.Tr key={vm.id} data-testid={`systemvm-${vm.name}`}>
                      <Table.Td fw={600}>{vm.name}</Table.Td>
                      <Table.Td>{TYPE_LABELS[vm.systemvmtype]}</Table.Td>
                      <Table.Td data-testid="state"><StateBadge state={vm.state} /></Table.Td>
                      <Table.Td><StateBadge state={vm.agentstate} /></Table.Td>
                      <Table.Td>{vm.publicip ?? <Dots>—</Dots>}</Table.Td>
                      <Table.Td>{vm.privateip ?? <Dots>—</Dots>}</Table.Td>
                      <Table.Td>{vm.linklocalip ?? <Dots>—</Dots>}</Table.Td>
                      <Table.Td data-testid="host">{vm.hostname ?? <Dots>—</Dots>}</Table.Td>
                      <Table.Td>
                        <Text size="sm">{vm.templatename ?? vm.templateid ?? ''}</Text>
                        {vm.version && <Text size="xs" c="dimmed">{vm.version}</Text>}
                      </Table.Td>
                      <Table.Td>
                        {vm.systemvmtype === 'consoleproxy'
                          ? count(vm.activeviewersessions ?? 0, 'session')
                          : count(perSsvm.get(vm.name) ?? 0, 'task')}
                      </Table.Td>
                      <PinnedActionsCell>
                        <Group gap={4} wrap="nowrap">
                        <OpenConsoleButton vmId={vm.id} vmName={vm.name} disabled={vm.state !== 'Running'} />
                        <Menu position="bottom-end" withinPortal>
                          <Menu.Target>
                            <ActionIcon variant="subtle" aria-label={`Actions for ${vm.name}`} disabled={actions.length === 0 || upgrading}>
                              <Text fw={700} aria-hidden>⋯</Text>
                            </ActionIcon>
                          </Menu.Target>
                          <Menu.Dropdown>
                            {actions.map((a) => (
                              <Menu.Item key={a} color={a === 'destroy' ? 'red' : undefined} onClick={() => onAction(vm, a)}>
                                {ACTION_LABELS[a]}
                              </Menu.Item>
                            ))}
                          </Menu.Dropdown>
                        </Menu>
                        </Group>
                      </PinnedActionsCell>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      ))}
      <SsvmTasks tasks={tasks} error={templates.error} onRetry={() => void templates.refetch()} />

      <SystemVmActionModal request={confirm} onClose={() => setConfirm(null)} />
      <MigrateModal target={migrate} onClose={() => setMigrate(null)} onMigrated={() => void systemVms.refetch()} />
      <DiagnosticsModal target={diagnostics} onClose={() => setDiagnostics(null)} />
      <ZoneUpgradeConfirm zone={upgradeZone} vms={systemVms.data ?? []} onCancel={() => setUpgradeZone(null)}
        onConfirm={(plan) => {
          setUpgradeZone(null);
          upgrade.start(plan);
        }} />
    </Stack>
  );
}

/** The secondary storage VMs' background tasks (template downloads, copies between zones, snapshot backups) with progress. */
function SsvmTasks({ tasks, error, onRetry }: { tasks: SsvmTask[]; error: unknown; onRetry: () => void }) {
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="ssvm-tasks">
      <Title order={2} size="h3" id="ssvm-tasks" mb="sm">Secondary storage tasks</Title>
      {error ? <QueryError title="Could not load the tasks" error={error} onRetry={onRetry} /> : null}
      {!error && tasks.length === 0 && <Text c="dimmed" size="sm">No template download, copy or snapshot backup is in progress.</Text>}
      {tasks.length > 0 && (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Task</Table.Th>
              <Table.Th scope="col">Template or VM</Table.Th>
              <Table.Th scope="col">Zone</Table.Th>
              <Table.Th scope="col">Secondary storage VM</Table.Th>
              <Table.Th scope="col">State</Table.Th>
              <Table.Th scope="col" w="30%">Progress</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {tasks.map((t) => (
              <Table.Tr key={t.key}>
                <Table.Td>{t.kind}</Table.Td>
                <Table.Td>{t.templatename}</Table.Td>
                <Table.Td>{t.zonename}</Table.Td>
                <Table.Td>{t.ssvm ?? '—'}</Table.Td>
                <Table.Td>{t.state}</Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Progress value={t.percent} style={{ flex: 1 }} color={t.state === 'Failed' ? 'red' : undefined}
                      aria-label={`${t.templatename} in ${t.zonename}: ${t.percent}%`} />
                    <Text size="xs" w={36}>{`${t.percent}%`}</Text>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}
