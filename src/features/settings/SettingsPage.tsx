import { Group, SegmentedControl, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useConfigurations } from '../../api/queries/useConfigurations';
import { useZones } from '../../api/queries/useZones';
import { useManagementServers } from '../../api/queries/useManagementServers';
import { formatCloudStackDate } from '../../lib/dates';
import { PageLoader } from '../../components/PageLoader';
import { useUrlText } from '../../components/useUrlText';
import { QueryError } from '../../components/QueryError';
import { SettingsTable } from './SettingsTable';
import { searchFromParams } from './settingValue';

/**
 * Settings, global (/settings) or of one zone (/settings/zone/:zoneId, Infrastructure > Zone > Settings).
 * The search text lives in the URL (?q=); the zone page opens on router.template.
 */
export function SettingsPage({ scope }: { scope: 'global' | 'zone' }) {
  const { zoneId } = useParams();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const search = searchFromParams(params, scope);
  const zones = useZones();
  const zoneid = scope === 'zone' ? zoneId : undefined;
  const zone = zones.data?.find((z) => z.id === zoneid);
  useDocumentTitle(`${scope === 'zone' ? `${zone?.name ?? 'Zone'} settings` : 'Global settings'} · CloudStack System VMs`);
  const settings = useConfigurations(zoneid, scope === 'global' || zoneid !== undefined);
  const servers = useManagementServers();

  const setSearch = (q: string) =>
    setParams((p) => {
      const next = new URLSearchParams(p);
      next.set('q', q);
      return next;
    }, { replace: true });
  // Typed characters show at once; the URL follows (a field bound to the URL alone dropped keystrokes).
  const [searchText, setSearchText] = useUrlText(search, setSearch);

  return (
    <Stack gap="md">
      <Title order={1}>{scope === 'zone' ? 'Zone settings' : 'Global settings'}</Title>
      <Group align="flex-end" gap="md" wrap="wrap">
        <SegmentedControl
          aria-label="Settings scope"
          value={scope}
          onChange={(v) => navigate(v === 'zone' ? `/settings/zone${zoneId ? `/${zoneId}` : ''}` : '/settings')}
          data={[{ value: 'global', label: 'Global' }, { value: 'zone', label: 'Zone' }]}
        />
        {scope === 'zone' && (
          <Select
            label="Zone"
            placeholder={zones.isPending ? 'Loading zones…' : 'Choose a zone'}
            data={(zones.data ?? []).map((z) => ({ value: z.id, label: z.name }))}
            value={zoneid ?? null}
            onChange={(id) => id && navigate({ pathname: `/settings/zone/${id}`, search: params.toString() })}
            w={260}
            allowDeselect={false}
          />
        )}
        <TextInput label="Search settings" value={searchText} onChange={(e) => setSearchText(e.currentTarget.value)} w={300}
          placeholder="Name or description" />
      </Group>
      {zones.isError && scope === 'zone' && <QueryError title="Could not load the zones" error={zones.error} onRetry={() => void zones.refetch()} />}
      {scope === 'zone' && !zoneid && <Text c="dimmed">Choose a zone to see its settings.</Text>}
      {settings.isPending && settings.fetchStatus !== 'idle' && <PageLoader label="Loading settings…" />}
      {settings.isError && (
        <QueryError title="Could not load the settings" error={settings.error} onRetry={() => void settings.refetch()} retrying={settings.isFetching} />
      )}
      {settings.data && <SettingsTable settings={settings.data} zoneid={zoneid} search={search} />}
      <Text c="dimmed" size="sm">
        Settings marked “Restart required” take effect after the management server restarts.
        {servers.data?.map((m) => (
          <span key={m.id}> Management server {m.name} last started {formatCloudStackDate(m.lastserverstart)}.</span>
        ))}
      </Text>
    </Stack>
  );
}
