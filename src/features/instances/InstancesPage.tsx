import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Group, Pagination, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue, useDocumentTitle } from '@mantine/hooks';
import { useApis } from '../../api/queries/useApis';
import { useQuery } from '@tanstack/react-query';
import { hostsQueryOptions } from '../../api/queries/useHosts';
import { listAllQueryOptions } from '../../api/queries/useListAll';
import { VIRTUAL_MACHINES_PAGE_SIZE, useVirtualMachinesPage } from '../../api/queries/useVirtualMachines';
import { useZones } from '../../api/queries/useZones';
import { pageCount } from '../../api/pages';
import { PageLoader } from '../../components/PageLoader';
import { QueryError } from '../../components/QueryError';
import { StateBadge } from '../../components/StateBadge';
import { useUrlText } from '../../components/useUrlText';
import { useSession } from '../auth/session';
import { OpenConsoleButton } from '../console/OpenConsoleButton';
import { instanceListParams, readInstanceFilters, VM_STATES, writeInstanceFilters, type InstanceFilters } from './filters';
import { count } from '../../lib/plural';

const CONTROL_LABELS = { first: 'First page', previous: 'Previous page', next: 'Next page', last: 'Last page' } as const;

/**
 * /instances — guest VMs with their consoles. An end user sees its own VMs ("My instances", its landing
 * page); a root or domain admin sees every account it may see (listall=true), filtered by zone, account,
 * state, host (when its role may call listHosts) and name, all in the URL.
 */
export function InstancesPage() {
  const { user } = useSession();
  const { can } = useApis();
  const isAdmin = user?.type === '1' || user?.type === '2';
  const title = isAdmin ? 'Instances' : 'My instances';
  useDocumentTitle(`${title} · CloudStack System VMs`);

  const [searchParams, setSearchParams] = useSearchParams();
  const filters = useMemo(() => readInstanceFilters(searchParams), [searchParams]);
  const page = Math.max(1, Number(searchParams.get('page')) || 1);
  const setFilters = useCallback(
    (patch: Partial<InstanceFilters>) => setSearchParams((p) => writeInstanceFilters(p, { ...readInstanceFilters(p), ...patch }), { replace: true }),
    [setSearchParams],
  );
  const writeKeyword = useCallback((v: string) => setFilters({ keyword: v || undefined }), [setFilters]);
  const [searchText, setSearchText] = useUrlText(filters.keyword ?? '', writeKeyword);
  const [keyword] = useDebouncedValue(filters.keyword ?? '', 300);

  const zones = useZones();
  const accounts = useQuery({ ...listAllQueryOptions('listAccounts', { listall: true }), enabled: isAdmin });
  const withHosts = isAdmin && can('listHosts');
  const hosts = useQuery({ ...hostsQueryOptions(), enabled: withHosts });
  const params = useMemo(
    () => instanceListParams({ ...filters, keyword }, isAdmin, accounts.data ?? []),
    [filters, keyword, isAdmin, accounts.data],
  );
  // An account named in the URL is known only once the accounts are listed: wait rather than list them all.
  const vms = useVirtualMachinesPage(page, params, { enabled: !filters.accountid || accounts.data !== undefined || accounts.isError });
  const pages = vms.data ? pageCount(vms.data.count, VIRTUAL_MACHINES_PAGE_SIZE) : 0;
  const filtered = Object.values(filters).some(Boolean);

  const goTo = (next: number) =>
    setSearchParams((p) => {
      const n = new URLSearchParams(p);
      if (next <= 1) n.delete('page');
      else n.set('page', String(next));
      return n;
    });

  return (
    <Stack gap="md">
      <Title order={1}>{title}</Title>
      <Group align="flex-end" gap="sm">
        <TextInput label="Search" placeholder="Name" value={searchText} onChange={(e) => setSearchText(e.currentTarget.value)} w={200} />
        <Select label="Zone" placeholder="All zones" clearable searchable w={180} value={filters.zoneid ?? null}
          data={(zones.data ?? []).map((z) => ({ value: z.id, label: z.name }))} onChange={(v) => setFilters({ zoneid: v ?? undefined })} />
        {isAdmin && (
          <Select label="Account" placeholder="All accounts" clearable searchable w={220} value={filters.accountid ?? null}
            data={(accounts.data ?? []).map((a) => ({ value: a.id, label: `${a.name} (${a.domainpath ?? a.domain ?? a.domainid})` }))}
            onChange={(v) => setFilters({ accountid: v ?? undefined })} />
        )}
        <Select label="State" placeholder="Any state" clearable w={150} value={filters.state ?? null}
          data={[...VM_STATES]} onChange={(v) => setFilters({ state: v ?? undefined })} />
        {withHosts && (
          <Select label="Host" placeholder="All hosts" clearable searchable w={200} value={filters.hostid ?? null}
            data={(hosts.data ?? []).map((h) => ({ value: h.id, label: h.name }))} onChange={(v) => setFilters({ hostid: v ?? undefined })} />
        )}
      </Group>
      {vms.isPending && <PageLoader label={isAdmin ? 'Loading instances…' : 'Loading your instances…'} />}
      {vms.isError && (
        <QueryError title={isAdmin ? 'Could not load the instances' : 'Could not load your instances'} error={vms.error}
          onRetry={() => void vms.refetch()} retrying={vms.isFetching} />
      )}
      {vms.data && vms.data.items.length === 0 && (
        <Text c="dimmed">{filtered ? 'No instance matches these filters.' : isAdmin ? 'No instances.' : 'You have no instances.'}</Text>
      )}
      {vms.data && vms.data.items.length > 0 && (
        <>
          <Text size="sm" c="dimmed" role="status">
            {count(vms.data.count, 'instance')}
          </Text>
          <Table.ScrollContainer minWidth={isAdmin ? 900 : 600}>
            <Table striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Name</Table.Th>
                  <Table.Th scope="col">State</Table.Th>
                  {isAdmin && <Table.Th scope="col">Account</Table.Th>}
                  <Table.Th scope="col">Zone</Table.Th>
                  {isAdmin && <Table.Th scope="col">Host</Table.Th>}
                  <Table.Th scope="col">IP address</Table.Th>
                  <Table.Th scope="col">Console</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {vms.data.items.map((vm) => (
                  <Table.Tr key={vm.id} data-testid="instance-row">
                    <Table.Td>{vm.displayname ?? vm.name}</Table.Td>
                    <Table.Td>
                      <StateBadge state={vm.state} />
                    </Table.Td>
                    {isAdmin && <Table.Td>{vm.account ? `${vm.account}${vm.domain ? ` (${vm.domain})` : ''}` : '—'}</Table.Td>}
                    <Table.Td>{vm.zonename ?? vm.zoneid ?? '—'}</Table.Td>
                    {isAdmin && <Table.Td>{vm.hostname ?? '—'}</Table.Td>}
                    <Table.Td>{vm.ipaddress ?? '—'}</Table.Td>
                    <Table.Td>
                      <OpenConsoleButton vmId={vm.id} vmName={vm.name} mode="window" disabled={vm.state !== 'Running'} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {pages > 1 && (
            <Pagination total={pages} value={Math.min(page, pages)} onChange={goTo} withEdges
              getItemProps={(item) => ({ 'aria-label': `Page ${item}` })}
              getControlProps={(control) => ({ 'aria-label': CONTROL_LABELS[control] })} aria-label="Pages of instances" />
          )}
        </>
      )}
    </Stack>
  );
}
