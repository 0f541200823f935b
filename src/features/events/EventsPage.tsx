import { useCallback, useMemo } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Anchor, Autocomplete, Badge, Button, Group, Pagination, SegmentedControl, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue, useDocumentTitle } from '@mantine/hooks';
import { EVENTS_PAGE_SIZE, useEvents } from '../../api/queries/useEvents';
import { pageCount } from '../../api/pages';
import { PageLoader } from '../../components/PageLoader';
import { QueryError } from '../../components/QueryError';
import { WHOLE_BADGE_MIN_WIDTH } from '../../components/StateBadge';
import { useUrlText } from '../../components/useUrlText';
import { formatCloudStackDate } from '../../lib/dates';
import { count } from '../../lib/plural';
import { COMMON_EVENT_TYPES, eventListParams, eventObjectLink, readEventFilters, RESOURCE_TYPES, writeEventFilters, type EventFilters } from './filters';
import { levelColor, readPageParam } from './pageParam';

const CONTROL_LABELS = { first: 'First page', previous: 'Previous page', next: 'Next page', last: 'Last page' } as const;

/** Events (listEvents of every account the caller sees), filtered by level, type, date, object and text; all in the URL. */
export function EventsPage() {
  useDocumentTitle('Events · CloudStack System VMs');
  const [searchParams, setSearchParams] = useSearchParams();
  const page = readPageParam(searchParams.get('page'));
  const filters = useMemo(() => readEventFilters(searchParams), [searchParams]);
  const [keyword] = useDebouncedValue(filters.keyword ?? '', 300);
  const params = useMemo(() => eventListParams({ ...filters, keyword: keyword || undefined }), [filters, keyword]);
  const events = useEvents(page, params);
  const pages = events.data ? pageCount(events.data.count, EVENTS_PAGE_SIZE) : 0;
  const filtered = Object.keys(params).length > 0;

  const setFilters = (patch: Partial<EventFilters>) => setSearchParams((p) => writeEventFilters(p, { ...readEventFilters(p), ...patch }));
  // The search box keeps what is typed even while the URL catches up (one binding for every search box).
  const writeKeyword = useCallback(
    (v: string) => setSearchParams((p) => writeEventFilters(p, { ...readEventFilters(p), keyword: v || undefined }), { replace: true }),
    [setSearchParams],
  );
  const [searchText, setSearchText] = useUrlText(searchParams.get('q') ?? '', writeKeyword);
  const goTo = (next: number) => {
    setSearchParams(
      (params) => {
        const updated = new URLSearchParams(params);
        if (next <= 1) updated.delete('page');
        else updated.set('page', String(next));
        return updated;
      },
      { preventScrollReset: false },
    );
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
      <Group align="flex-end" gap="sm">
        <div>
          <Text size="sm" fw={500} mb={4} id="event-level-label">Level</Text>
          <SegmentedControl aria-labelledby="event-level-label" value={filters.level ?? 'ALL'}
            onChange={(v) => setFilters({ level: v === 'ALL' ? undefined : (v as EventFilters['level']) })}
            data={[{ value: 'ALL', label: 'All' }, { value: 'INFO', label: 'Info' }, { value: 'WARN', label: 'Warning' }, { value: 'ERROR', label: 'Error' }]} />
        </div>
        <Autocomplete label="Type" placeholder="e.g. ROUTER.STOP" value={filters.type ?? ''} data={COMMON_EVENT_TYPES} w={220}
          onChange={(v) => setFilters({ type: v.trim() ? v.trim().toUpperCase() : undefined })} />
        <Select label="Object" placeholder="Any" clearable value={filters.resourcetype ?? null} data={RESOURCE_TYPES} w={190}
          onChange={(v) => setFilters({ resourcetype: v ?? undefined, resourceid: undefined })} />
        <TextInput label="From" type="date" value={filters.start ?? ''} onChange={(e) => setFilters({ start: e.currentTarget.value || undefined })} w={160} />
        <TextInput label="To" type="date" value={filters.end ?? ''} onChange={(e) => setFilters({ end: e.currentTarget.value || undefined })} w={160} />
        <TextInput label="Search" placeholder="Description or type" value={searchText} w={220}
          onChange={(e) => setSearchText(e.currentTarget.value)} />
        {filtered && <Button variant="subtle" onClick={() => setSearchParams(new URLSearchParams())}>Clear filters</Button>}
      </Group>
      {filters.resourceid && (
        <Text size="sm">
          {'Events of one object only. '}
          <Anchor component="button" onClick={() => setFilters({ resourceid: undefined })}>Show all objects</Anchor>
        </Text>
      )}
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
        <Text c="dimmed">{page > 1 ? `There are no events on page ${page}.` : filtered ? 'No event matches these filters.' : 'There are no events.'}</Text>
      )}
      {events.data && events.data.items.length > 0 && (
        <>
          <Group justify="space-between">
            <Text size="sm" c="dimmed">
              {`${count(events.data.count, 'event')}, page ${page} of ${Math.max(pages, 1)}`}
            </Text>
            {pagination}
          </Group>
          <Table.ScrollContainer minWidth={900}>
            <Table striped highlightOnHover aria-busy={events.isPlaceholderData} aria-label="Events">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Type</Table.Th>
                  <Table.Th scope="col">Level</Table.Th>
                  <Table.Th scope="col">Description</Table.Th>
                  <Table.Th scope="col">Object</Table.Th>
                  <Table.Th scope="col">Account</Table.Th>
                  <Table.Th scope="col">Created</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {events.data.items.map((event) => {
                  const link = eventObjectLink(event);
                  return (
                    <Table.Tr key={event.id}>
                      <Table.Td>
                        <Text size="sm" ff="monospace">
                          {event.type}
                        </Text>
                        {event.state && event.state !== 'Completed' && <Text size="xs" c="dimmed">{event.state}</Text>}
                      </Table.Td>
                      <Table.Td>
                        {event.level && (
                          <Badge color={levelColor(event.level)} variant="light" radius="sm" miw={WHOLE_BADGE_MIN_WIDTH}>
                            {event.level}
                          </Badge>
                        )}
                      </Table.Td>
                      <Table.Td>{event.description ?? ''}</Table.Td>
                      <Table.Td>
                        {event.resourcename || event.resourcetype ? (
                          <Stack gap={0}>
                            {link ? <Anchor component={Link} to={link} size="sm">{event.resourcename ?? event.resourcetype}</Anchor>
                              : <Text size="sm">{event.resourcename ?? ''}</Text>}
                            {event.resourcetype && <Text size="xs" c="dimmed">{event.resourcetype}</Text>}
                          </Stack>
                        ) : ''}
                      </Table.Td>
                      <Table.Td>{event.account ?? ''}</Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatCloudStackDate(event.created)}</Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {pagination && <Group justify="flex-end">{pagination}</Group>}
        </>
      )}
    </Stack>
  );
}
