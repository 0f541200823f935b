import { useEffect, useState } from 'react';
import { Alert, Button, Group, Modal, Radio, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { useHostsForMigration, useMigrateVm } from '../../api/queries/systemVmActions';
import { PageLoader } from '../../components/PageLoader';
import { QueryError, errorText } from '../../components/QueryError';
import { StaleFieldset } from '../../components/StaleFieldset';

export interface MigrationTarget {
  id: string;
  name: string;
  hostname?: string;
  /** What the user reads about interruptions, e.g. that console sessions continue. */
  note?: string;
}

/**
 * Migrate a running router or system VM to another host of its cluster, chosen from the suitable hosts
 * findHostsForMigration lists. Used by the system VMs page and the routers page.
 */
export function MigrateModal({ target, onClose, onMigrated }: { target: MigrationTarget | null; onClose: () => void; onMigrated?: (hostName: string) => void }) {
  const hosts = useHostsForMigration(target?.id);
  const migrate = useMigrateVm();
  const [hostid, setHostid] = useState<string>('');
  const { reset } = migrate;
  const targetId = target?.id;
  // A new target starts with no host chosen (state adjusted while rendering, not in an effect).
  const [shownTarget, setShownTarget] = useState(targetId);
  if (shownTarget !== targetId) {
    setShownTarget(targetId);
    setHostid('');
  }
  useEffect(() => {
    // A mutation's reset is stable (TanStack Query binds it once per observer): this runs when the target changes.
    reset();
  }, [targetId, reset]);

  const chosen = hosts.data?.find((h) => h.id === hostid);
  const submit = () => {
    if (!target || !chosen) return;
    migrate.mutate({ virtualmachineid: target.id, hostid: chosen.id }, {
      onSuccess: () => {
        onMigrated?.(chosen.name);
        onClose();
      },
    });
  };

  return (
    <Modal opened={target !== null} onClose={migrate.isPending ? () => undefined : onClose} title={target ? `Migrate ${target.name}` : 'Migrate'} size="lg">
      <StaleFieldset>
      {target && (
        <Stack gap="sm">
          <Text size="sm">
            {target.name} runs on {target.hostname ?? 'an unknown host'}. Choose another host of its cluster.
          </Text>
          {target.note && <Text size="sm" c="dimmed">{target.note}</Text>}
          {hosts.isPending && <PageLoader label="Finding suitable hosts…" />}
          {hosts.isError && <QueryError title="Could not list the hosts" error={hosts.error} onRetry={() => void hosts.refetch()} retrying={hosts.isFetching} />}
          {hosts.data && hosts.data.length === 0 && <Alert color="yellow">No other host of the cluster is suitable (Up and enabled).</Alert>}
          {hosts.data && hosts.data.length > 0 && (
            <Radio.Group value={hostid} onChange={setHostid} name="migration-host" label="Destination host" withAsterisk>
              <Table mt="xs" highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col" w={40}>
                      <VisuallyHidden>Choose</VisuallyHidden>
                    </Table.Th>
                    <Table.Th scope="col">Host</Table.Th>
                    <Table.Th scope="col">Cluster</Table.Th>
                    <Table.Th scope="col">CPU allocated</Table.Th>
                    <Table.Th scope="col">Memory allocated</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {hosts.data.map((h) => {
                    const extra = h as Record<string, unknown>;
                    return (
                      <Table.Tr key={h.id} onClick={() => setHostid(h.id)} style={{ cursor: 'pointer' }}>
                        <Table.Td>
                          <Radio value={h.id} aria-label={`Migrate to ${h.name}`} />
                        </Table.Td>
                        <Table.Td>{h.name}</Table.Td>
                        <Table.Td>{h.clustername ?? h.clusterid ?? ''}</Table.Td>
                        <Table.Td>{String(extra.cpuallocated ?? '')}</Table.Td>
                        <Table.Td>{String(extra.memoryallocatedpercentage ?? '')}</Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Radio.Group>
          )}
          {migrate.isError && (
            <Alert color="red" title="Migration failed" role="alert">
              {errorText(migrate.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={migrate.isPending}>
              Cancel
            </Button>
            <Button onClick={submit} disabled={!chosen} loading={migrate.isPending}>
              {chosen ? `Migrate to ${chosen.name}` : 'Migrate'}
            </Button>
          </Group>
        </Stack>
      )}
      </StaleFieldset>
    </Modal>
  );
}
