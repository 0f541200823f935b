import { Table, Text, VisuallyHidden } from '@mantine/core';
import type { Configuration } from '../../api/schemas';
import { SettingRow } from './SettingRow';
import { matchesSearch } from './settingValue';
import { count } from '../../lib/plural';

export interface SettingsTableProps {
  settings: Configuration[];
  zoneid: string | undefined;
  search: string;
}

/** The settings of one scope that match the search, one editable row each. */
export function SettingsTable({ settings, zoneid, search }: SettingsTableProps) {
  const shown = settings.filter((c) => matchesSearch(c, search));
  if (shown.length === 0) return <Text c="dimmed">No setting matches “{search}”.</Text>;
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped verticalSpacing="sm" captionSide="top">
        <Table.Caption>{`${shown.length.toLocaleString()} of ${count(settings.length, 'setting')}`}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Name</Table.Th>
            <Table.Th scope="col">Value</Table.Th>
            <Table.Th scope="col">Default</Table.Th>
            <Table.Th scope="col">Description</Table.Th>
            <Table.Th scope="col">Type</Table.Th>
            <Table.Th scope="col">
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {shown.map((c) => (
            <SettingRow key={`${zoneid ?? 'global'}:${c.name}`} setting={c} zoneid={zoneid} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
