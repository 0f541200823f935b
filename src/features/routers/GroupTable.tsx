import { Button, Table, Text, UnstyledButton } from '@mantine/core';
import { GROUP_LABELS, type GroupBy, type RouterGroup } from './grouping';

export interface GroupTableProps {
  by: GroupBy;
  groups: readonly RouterGroup[];
  onOpen(key: string): void;
  onUpgrade(group: RouterGroup): void;
  /** Keys of groups with an upgrade running. */
  upgrading: ReadonlySet<string>;
}

/** One row per zone, pod, cluster or account: its routers, those requiring an upgrade, those running. */
export function GroupTable({ by, groups, onOpen, onUpgrade, upgrading }: GroupTableProps) {
  const labels = GROUP_LABELS[by];
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped highlightOnHover aria-label={`Routers by ${labels.one.toLowerCase()}`}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{labels.one}</Table.Th>
            {labels.parent && <Table.Th scope="col">{labels.parent}</Table.Th>}
            <Table.Th scope="col">Routers</Table.Th>
            <Table.Th scope="col">Requiring upgrade</Table.Th>
            <Table.Th scope="col">Running</Table.Th>
            <Table.Th scope="col">Action</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {groups.map((g) => (
            <Table.Tr key={g.key} data-testid="group-row" data-group-key={g.key}>
              <Table.Td>
                <UnstyledButton onClick={() => onOpen(g.key)} c="var(--mantine-color-anchor)" fz="sm" aria-label={`Routers of ${g.name}`}>
                  {g.name}
                </UnstyledButton>
              </Table.Td>
              {labels.parent && <Table.Td>{g.parent ?? '—'}</Table.Td>}
              <Table.Td data-testid="group-total">{g.total.toLocaleString()}</Table.Td>
              <Table.Td data-testid="group-requiring-upgrade">
                <Text span size="sm" fw={g.requiringUpgrade > 0 ? 600 : undefined} c={g.requiringUpgrade > 0 ? 'orange' : undefined}>
                  {g.requiringUpgrade.toLocaleString()}
                </Text>
              </Table.Td>
              <Table.Td data-testid="group-running">{g.running.toLocaleString()}</Table.Td>
              <Table.Td>
                <Button
                  size="compact-sm"
                  variant="light"
                  disabled={g.requiringUpgrade === 0}
                  loading={upgrading.has(g.key)}
                  onClick={() => onUpgrade(g)}
                  aria-label={`Upgrade the routers of ${g.name}`}
                >
                  Upgrade
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
