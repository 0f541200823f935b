import { Badge, Stack, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useRouters } from '../../api/queries/useRouters';
import { PageLoader } from '../../components/PageLoader';
import { QueryError } from '../../components/QueryError';
import { StateBadge } from '../../components/StateBadge';

/** How many rows this minimal list shows; the full routers screen replaces it. */
export const ROUTERS_SHOWN = 100;

export function RoutersPage() {
  useDocumentTitle('Virtual routers · CloudStack System VMs');
  const routers = useRouters();

  return (
    <Stack gap="md">
      <Title order={1}>Virtual routers</Title>
      {routers.isPending && <PageLoader label="Loading routers…" />}
      {routers.isError && (
        <QueryError
          title="Could not load the routers"
          error={routers.error}
          onRetry={() => void routers.refetch()}
          retrying={routers.isFetching}
        />
      )}
      {routers.data && routers.data.length === 0 && <Text c="dimmed">There are no virtual routers.</Text>}
      {routers.data && routers.data.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table striped highlightOnHover captionSide="top">
            <Table.Caption>
              {routers.data.length > ROUTERS_SHOWN
                ? `The first ${ROUTERS_SHOWN} of ${routers.data.length.toLocaleString()} routers`
                : `${routers.data.length.toLocaleString()} routers`}
            </Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Name</Table.Th>
                <Table.Th scope="col">State</Table.Th>
                <Table.Th scope="col">Version</Table.Th>
                <Table.Th scope="col">Zone</Table.Th>
                <Table.Th scope="col">Requires upgrade</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {routers.data.slice(0, ROUTERS_SHOWN).map((router) => (
                <Table.Tr key={router.id}>
                  <Table.Td>{router.name}</Table.Td>
                  <Table.Td>
                    <StateBadge state={router.state} />
                  </Table.Td>
                  <Table.Td>{router.version ?? '—'}</Table.Td>
                  <Table.Td>{router.zonename ?? router.zoneid}</Table.Td>
                  <Table.Td>
                    {router.requiresupgrade ? (
                      <Badge color="orange" variant="light" radius="sm">
                        Yes
                      </Badge>
                    ) : (
                      'No'
                    )}
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
