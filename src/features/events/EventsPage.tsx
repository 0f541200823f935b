import { useSearchParams } from 'react-router-dom';
import { Badge, Group, Pagination, Stack, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { EVENTS_PAGE_SIZE, useEvents } from '../../api/queries/useEvents';
import { pageCount } from '../../api/pages';
import { PageLoader } from '../../components/PageLoader';
import { QueryError } from '../../components/QueryError';
import { formatCloudStackDate } from '../../lib/dates';
import { levelColor, readPageParam } from './pageParam';

const CONTROL_LABELS = { first: 'First page', previous: 'Previous page', next: 'Next page', last: 'Last page' } as const;

export function EventsPage() {
  useDocumentTitle('Events · CloudStack System VMs');
  const [searchParams, setSearchParams] = useSearchParams();
  const page = readPageParam(searchParams.get('page'));
  const events = useEvents(page);
  const pages = events.data ? pageCount(events.data.count, EVENTS_PAGE_SIZE) : 0;

  const goTo = (next: number) => {
    setSearchParams((params) => {
      const updated = new URLSearchParams(params);
      if (next <= 1) updated.delete('page');
      else updated.set('page', String(next));
      return updated;
    });
  };

  const pagination = pages > 1 && (
    <Pagination
      total={pages}
      value={Math.min(page, pages)}
      onChange={goTo}
      withEdges
      getItemProps={(item) => ({ 'aria-label': `Page ${item}` })}
      getControlProps={(control) => ({ 'aria-label': CONTROL_LABELS[control] })}
      aria-label="Pages of events"
    />
  );

  return (
    <Stack gap="md">
      <Title order={1}>Events</Title>
      {events.isPending && <PageLoader label="Loading events…" />}
      {events.isError && (
        <QueryError
          title="Could not load the events"
          error={events.error}
          onRetry={() => void events.refetch()}
          retrying={events.isFetching}
        />
      )}
      {events.data && events.data.items.length === 0 && (
        <Text c="dimmed">{page > 1 ? `There are no events on page ${page}.` : 'There are no events.'}</Text>
      )}
      {events.data && events.data.items.length > 0 && (
        <>
          <Group justify="space-between">
            <Text size="sm" c="dimmed">
              {`${events.data.count.toLocaleString()} events, page ${page} of ${Math.max(pages, 1)}`}
            </Text>
            {pagination}
          </Group>
          <Table.ScrollContainer minWidth={800}>
            <Table striped highlightOnHover aria-busy={events.isPlaceholderData}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Type</Table.Th>
                  <Table.Th scope="col">Level</Table.Th>
                  <Table.Th scope="col">Description</Table.Th>
                  <Table.Th scope="col">Account</Table.Th>
                  <Table.Th scope="col">Created</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {events.data.items.map((event) => (
                  <Table.Tr key={event.id}>
                    <Table.Td>
                      <Text size="sm" ff="monospace">
                        {event.type}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {event.level && (
                        <Badge color={levelColor(event.level)} variant="light" radius="sm">
                          {event.level}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>{event.description ?? ''}</Table.Td>
                    <Table.Td>{event.account ?? ''}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatCloudStackDate(event.created)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {pagination && <Group justify="flex-end">{pagination}</Group>}
        </>
      )}
    </Stack>
  );
}
