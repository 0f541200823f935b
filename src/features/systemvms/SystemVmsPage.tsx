import { Stack, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useSystemVms } from '../../api/queries/useSystemVms';
import { PageLoader } from '../../components/PageLoader';
import { QueryError } from '../../components/QueryError';
import { StateBadge } from '../../components/StateBadge';
import { SYSTEM_VM_TYPE_LABELS } from '../dashboard/figures';

const TYPE_NAMES: Record<keyof typeof SYSTEM_VM_TYPE_LABELS, string> = {
  consoleproxy: 'Console proxy',
  secondarystoragevm: 'Secondary storage',
};

export function SystemVmsPage() {
  useDocumentTitle('System VMs · CloudStack System VMs');
  const systemVms = useSystemVms();

  return (
    <Stack gap="md">
      <Title order={1}>System VMs</Title>
      {systemVms.isPending && <PageLoader label="Loading system VMs…" />}
      {systemVms.isError && (
        <QueryError
          title="Could not load the system VMs"
          error={systemVms.error}
          onRetry={() => void systemVms.refetch()}
          retrying={systemVms.isFetching}
        />
      )}
      {systemVms.data && systemVms.data.length === 0 && <Text c="dimmed">There are no system VMs.</Text>}
      {systemVms.data && systemVms.data.length > 0 && (
        <Table.ScrollContainer minWidth={720}>
          <Table striped highlightOnHover captionSide="top">
            <Table.Caption>{`${systemVms.data.length.toLocaleString()} system VMs`}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Name</Table.Th>
                <Table.Th scope="col">Type</Table.Th>
                <Table.Th scope="col">State</Table.Th>
                <Table.Th scope="col">Agent</Table.Th>
                <Table.Th scope="col">Zone</Table.Th>
                <Table.Th scope="col">Public IP</Table.Th>
                <Table.Th scope="col">Host</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {systemVms.data.map((vm) => (
                <Table.Tr key={vm.id}>
                  <Table.Td>{vm.name}</Table.Td>
                  <Table.Td>{TYPE_NAMES[vm.systemvmtype]}</Table.Td>
                  <Table.Td>
                    <StateBadge state={vm.state} />
                  </Table.Td>
                  <Table.Td>
                    <StateBadge state={vm.agentstate} />
                  </Table.Td>
                  <Table.Td>{vm.zonename ?? vm.zoneid}</Table.Td>
                  <Table.Td>{vm.publicip ?? '—'}</Table.Td>
                  <Table.Td>{vm.hostname ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
