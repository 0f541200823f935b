import { useCallback, useEffect, useMemo } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Anchor, Badge, Button, Group, Pagination, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue, useDocumentTitle } from '@mantine/hooks';
import { ALERTS_PAGE_SIZE, useAlerts } from '../../api/queries/alerts';
import { pageCount } from '../../api/pages';
import { PageLoader } from '../../components/PageLoader';
import { QueryError } from '../../components/QueryError';
import { useUrlText } from '../../components/useUrlText';
import { formatCloudStackDate } from '../../lib/dates';
import { alertObjectLink } from '../events/filters';
import { readPageParam } from '../events/pageParam';
import { ALERT_OBJECT_KINDS, filterAlerts, readAlertFilters, writeAlertFilters, type AlertFilters } from './alertFilters';
import { useLastSeenAlert } from './lastSeen';
import { ALERT_TYPES, alertTypeName, countNewAlerts, newestSent } from './newAlerts';
import { count } from '../../lib/plural';

/**
 * Alerts (listAlerts), newest first, filtered by type and text (by the server) and by the day sent and the kind
 * of object named (in the app: listAlerts has no such parameters); rows link to the router or system VM named.
 */
export function AlertsPage() {
  useDocumentTitle('Alerts · CloudStack System VMs');
  const [search, setSearch] = useSearchParams();
  const page = readPageParam(search.get('page'));
  const typeParam = search.get('type');
  const type = typeParam !== null && /^\d{1,3}$/.test(typeParam) ? typeParam : undefined;
  const keyword = search.get('q') ?? '';
  const [debounced] = useDebouncedValue(keyword, 300);
  const alerts = useAlerts(page, { ...(type ? { type } : {}), ...(debounced.trim() ? { keyword: debounced.trim() } : {}) }, { refetchInterval: 15_000 });
  const extra = useMemo(() => readAlertFilters(search), [search]);
  const shown = useMemo(() => (alerts.data ? filterAlerts(alerts.data.items, extra) : []), [alerts.data, extra]);
  const extraOn = Boolean(extra.from || extra.to || extra.object);
  const setExtra = (patch: Partial<AlertFilters>) => setSearch((p) => writeAlertFilters(p, { ...readAlertFilters(p), ...patch }));
  const [lastSeen, setLastSeen] = useLastSeenAlert();
  const pages = alerts.data ? pageCount(alerts.data.count, ALERTS_PAGE_SIZE) : 0;

  // Seeing the first page unfiltered marks its alerts as seen (the header badge goes back to none), after a moment.
  const newest = !type && !debounced && !extraOn && page === 1 && alerts.data ? newestSent(alerts.data.items) : undefined;
  const fresh = alerts.data ? countNewAlerts(alerts.data.items, lastSeen) : 0;
  useEffect(() => {
    if (!newest || fresh === 0) return;
    const t = setTimeout(() => setLastSeen(newest), 3000);
    return () => clearTimeout(t);
  }, [newest, fresh, setLastSeen]);

  const update = (k: string, v: string | undefined) => setSearch((p) => {
    const next = new URLSearchParams(p);
    if (v) next.set(k, v);
    else next.delete(k);
    if (k !== 'page') next.delete('page');
    return next;
  });

  // The search box keeps what is typed even while the URL catches up (one binding for every search box).
  const writeKeyword = useCallback(
    (v: string) => setSearch((p) => {
      const next = new URLSearchParams(p);
      if (v) next.set('q', v);
      else next.delete('q');
      next.delete('page');
      return next;
    }, { replace: true }),
    [setSearch],
  );
  const [searchText, setSearchText] = useUrlText(keyword, writeKeyword);

  return (
    <Stack gap="md">
      <Title order={1}>Alerts</Title>
      <Group align="flex-end">
        <Select label="Type" placeholder="All types" clearable value={type ?? null} onChange={(v) => update('type', v ?? undefined)}
          data={Object.entries(ALERT_TYPES).map(([value, label]) => ({ value, label: `${label} (${value})` }))} searchable w={260} />
        <Select label="Object" placeholder="Any" clearable value={extra.object ?? null} data={ALERT_OBJECT_KINDS} w={180}
          onChange={(v) => setExtra({ object: (v ?? undefined) as AlertFilters['object'] })} />
        <TextInput label="Sent from" type="date" value={extra.from ?? ''} onChange={(e) => setExtra({ from: e.currentTarget.value || undefined })} w={160} />
        <TextInput label="Sent to" type="date" value={extra.to ?? ''} onChange={(e) => setExtra({ to: e.currentTarget.value || undefined })} w={160} />
        <TextInput label="Search" placeholder="Text of the alert" value={searchText} onChange={(e) => setSearchText(e.currentTarget.value)} w={280} />
        {(type || keyword || extraOn) && <Button variant="subtle" onClick={() => setSearch(new URLSearchParams())}>Clear filters</Button>}
      </Group>
      {alerts.isPending && <PageLoader label="Loading alerts…" />}
      {alerts.isError && <QueryError title="Could not load the alerts" error={alerts.error} onRetry={() => void alerts.refetch()} retrying={alerts.isFetching} />}
      {alerts.data && alerts.data.items.length === 0 && <Text c="dimmed">{type || debounced ? 'No alert matches.' : 'There are no alerts.'}</Text>}
      {alerts.data && alerts.data.items.length > 0 && shown.length === 0 && (
        <Text c="dimmed">{pages > 1 ? `No alert on page ${Math.min(page, pages)} matches the object and date filters.` : 'No alert matches.'}</Text>
      )}
      {alerts.data && shown.length > 0 && (
        <>
          <Group justify="space-between">
            <Text size="sm" c="dimmed">{extraOn
              ? `${shown.length.toLocaleString()} of the ${count(alerts.data.items.length, 'alert')} on this page ${shown.length === 1 ? 'matches' : 'match'} the object and date filters (${alerts.data.count.toLocaleString()} in all)`
              : `${count(alerts.data.count, 'alert')}${fresh ? `, ${fresh} new` : ''}`}</Text>
            {pages > 1 && <Pagination total={pages} value={Math.min(page, pages)} onChange={(p) => update('page', p > 1 ? String(p) : undefined)} aria-label="Pages of alerts" />}
          </Group>
          <Table.ScrollContainer minWidth={800}>
            <Table striped highlightOnHover aria-label="Alerts">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Type</Table.Th>
                  <Table.Th scope="col">Description</Table.Th>
                  <Table.Th scope="col">Sent</Table.Th>
                  <Table.Th scope="col">Object</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {shown.map((a) => {
                  const link = alertObjectLink(a);
                  const isNew = countNewAlerts([a], lastSeen) === 1;
                  return (
                    <Table.Tr key={a.id} data-testid="alert-row">
                      <Table.Td>
                        <Group gap={6} wrap="nowrap">
                          <Badge variant="light" color="red" radius="sm">{alertTypeName(a.type)}</Badge>
                          {isNew && <Badge size="xs" color="blue">new</Badge>}
                        </Group>
                        {a.name && <Text size="xs" c="dimmed" ff="monospace">{a.name}</Text>}
                      </Table.Td>
                      <Table.Td>{a.description ?? ''}</Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatCloudStackDate(a.sent)}</Table.Td>
                      <Table.Td>{link ? <Anchor component={Link} to={link}>Show</Anchor> : ''}</Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
    </Stack>
  );
}
