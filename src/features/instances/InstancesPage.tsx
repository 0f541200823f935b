import { Stack, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useVirtualMachines } from '../../api/queries/useVirtualMachines';
import { PageLoader } from '../../components/PageLoader';
import { QueryError } from '../../components/QueryError';
import { StateBadge } from '../../components/StateBadge';
import { OpenConsoleButton } from '../console/OpenConsoleButton';

/** /instances — the caller's own VMs, each with a button that opens its console in a window. */
export function InstancesPage() {
  useDocumentTitle('My instances · CloudStack System VMs');
  const vms = useVirtualMachines();
  return (
    <Stack gap="md">
      <Title order={1}>My instances</Title>
      {vms.isPending && <PageLoader label="Loading your instances…" />}
      {vms.isError && (
        <QueryError title="Could not load your instances" error={vms.error} onRetry={() => void vms.refetch()} retrying={vms.isFetching} />
      )}
      {vms.data && vms.data.length === 0 && <Text c="dimmed">You have no instances.</Text>}
      {vms.data && vms.data.length > 0 && (
        <Table.ScrollContainer minWidth={600}>
          <Table striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Name</Table.Th>
                <Table.Th scope="col">State</Table.Th>
                <Table.Th scope="col">Zone</Table.Th>
                <Table.Th scope="col">IP address</Table.Th>
                <Table.Th scope="col">Console</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {vms.data.map((vm) => (
                <Table.Tr key={vm.id} data-testid="instance-row">
                  <Table.Td>{vm.displayname ?? vm.name}</Table.Td>
                  <Table.Td>
                    <StateBadge state={vm.state} />
                  </Table.Td>
                  <Table.Td>{vm.zonename ?? vm.zoneid ?? '—'}</Table.Td>
                  <Table.Td>{vm.ipaddress ?? '—'}</Table.Td>
                  <Table.Td>
                    <OpenConsoleButton vmId={vm.id} vmName={vm.name} mode="window" disabled={vm.state !== 'Running'} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
