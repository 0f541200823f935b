import { memo } from 'react';
import { Button, Checkbox, Group, MultiSelect, NativeSelect, Popover, Select, Stack, TextInput } from '@mantine/core';
import { useUrlText } from '../../components/useUrlText';
import { COLUMNS, isColumnId, type ColumnId } from './columns';
import type { RouterFilters } from './filtering';
import { ROUTER_TYPES, type RouterType } from './routerType';
import type { View } from './urlState';

const VIEWS: { value: View; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'zone', label: 'Group by zone' },
  { value: 'pod', label: 'Group by pod' },
  { value: 'cluster', label: 'Group by cluster' },
  { value: 'account', label: 'Group by account' },
];

export interface FilterChoices {
  states: string[];
  versions: string[];
  hypervisors: string[];
}

export interface RoutersToolbarProps {
  view: View;
  onView(view: View): void;
  search: string;
  onSearch(q: string): void;
  filters: RouterFilters;
  onFilters(f: RouterFilters): void;
  choices: FilterChoices;
  columns: readonly ColumnId[];
  onColumns(c: ColumnId[]): void;
}

const UPGRADE_CHOICES = [
  { value: 'any', label: 'Any' },
  { value: 'yes', label: 'Requires upgrade' },
  { value: 'no', label: 'Up to date' },
];

/**
 * The view, search, filters and columns. Memoised: with the same props (RoutersPage keeps its callbacks and the
 * choices stable) a change of view or a page of routers read does not render its selects again.
 */
export const RoutersToolbar = memo(function RoutersToolbar(p: RoutersToolbarProps) {
  const f = p.filters;
  // Typed characters show at once; the URL follows (bound to the URL alone, the box dropped keystrokes).
  const [searchText, setSearchText] = useUrlText(p.search, p.onSearch);
  const filtered = f.state.length + f.type.length + f.version.length + f.hypervisor.length > 0 || f.upgrade !== undefined;
  return (
    <Group gap="sm" align="flex-end" wrap="wrap">
      <NativeSelect label="Select view" data={VIEWS} value={p.view} onChange={(e) => p.onView(e.currentTarget.value as View)} w={180} />
      <TextInput
        label="Search"
        placeholder="Name, IP or account"
        value={searchText}
        onChange={(e) => setSearchText(e.currentTarget.value)}
        w={200}
        type="search"
      />
      <MultiSelect label="State" data={p.choices.states} value={f.state} onChange={(state) => p.onFilters({ ...f, state })} clearable w={170} placeholder={f.state.length ? undefined : 'Any'} />
      <Select
        label="Requires upgrade"
        data={UPGRADE_CHOICES}
        value={f.upgrade === undefined ? 'any' : f.upgrade ? 'yes' : 'no'}
        onChange={(v) => p.onFilters({ ...f, upgrade: v === 'yes' ? true : v === 'no' ? false : undefined })}
        allowDeselect={false}
        w={170}
      />
      <MultiSelect label="Type" data={[...ROUTER_TYPES]} value={f.type} onChange={(type) => p.onFilters({ ...f, type: type as RouterType[] })} clearable w={190} placeholder={f.type.length ? undefined : 'Any'} />
      <MultiSelect label="Version" data={p.choices.versions} value={f.version} onChange={(version) => p.onFilters({ ...f, version })} clearable w={160} placeholder={f.version.length ? undefined : 'Any'} />
      <MultiSelect label="Hypervisor" data={p.choices.hypervisors} value={f.hypervisor} onChange={(hypervisor) => p.onFilters({ ...f, hypervisor })} clearable w={170} placeholder={f.hypervisor.length ? undefined : 'Any'} />
      {filtered && (
        <Button variant="subtle" onClick={() => p.onFilters({ state: [], type: [], version: [], hypervisor: [] })}>
          Clear filters
        </Button>
      )}
      <Popover position="bottom-end" shadow="md">
        <Popover.Target>
          <Button variant="default">Columns</Button>
        </Popover.Target>
        <Popover.Dropdown>
          <Checkbox.Group label="Show columns" value={[...p.columns]} onChange={(v) => p.onColumns(v.filter(isColumnId))}>
            <Stack gap={6} mt="xs">
              {COLUMNS.map((c) => (
                <Checkbox key={c.id} value={c.id} label={c.label} disabled={c.id === 'name'} />
              ))}
            </Stack>
          </Checkbox.Group>
        </Popover.Dropdown>
      </Popover>
    </Group>
  );
});
