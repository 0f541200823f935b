import { useMemo } from 'react';
import { Button, Table, Text, UnstyledButton } from '@mantine/core';
import { GROUP_LABELS, sortGroups, type GroupBy, type GroupSort, type GroupSortKey, type RouterGroup } from './grouping';
import classes from './RouterTable.module.css';

export interface GroupTableProps {
  by: GroupBy;
  groups: readonly RouterGroup[];
  onOpen(key: string): void;
  onUpgrade(group: RouterGroup): void;
  /** Keys of groups with an upgrade running. */
  upgrading: ReadonlySet<string>;
  sort: GroupSort;
  onSort(key: GroupSortKey): void;
  /** Only the groups with routers requiring an upgrade. */
  requiringUpgradeOnly: boolean;
  /** Why the caller may not upgrade routers (upgradeRouterTemplate is not among its APIs); undefined when it may. */
  upgradeBlocked?: string;
  /** False while the list is still being read: a group's count is not final, so its upgrade waits. */
  countsFinal: boolean;
}

function SortHeader({ label, id, sort, onSort }: { label: string; id: GroupSortKey; sort: GroupSort; onSort(key: GroupSortKey): void }) {
  const sorted = sort.key === id;
  return (
    <Table.Th scope="col" aria-sort={sorted ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
      <UnstyledButton className={classes.sort} onClick={() => onSort(id)}>
        <Text size="sm" fw={600} span>
          {label}
        </Text>
        <span aria-hidden>{sorted ? (sort.desc ? ' ▼' : ' ▲') : ''}</span>
      </UnstyledButton>
    </Table.Th>
  );
}

/**
 * One row per zone, pod, cluster or account: its routers, those requiring an upgrade, those running. Every column
 * sorts (a click on its header; again for the other way); names never truncate (the table scrolls sideways on a
 * narrow screen, the Action column staying in view).
 */
export function GroupTable({ by, groups, onOpen, onUpgrade, upgrading, sort, onSort, requiringUpgradeOnly, countsFinal, upgradeBlocked }: GroupTableProps) {
  const labels = GROUP_LABELS[by];
  const shown = useMemo(
    () => sortGroups(requiringUpgradeOnly ? groups.filter((g) => g.requiringUpgrade > 0) : groups, sort),
    [groups, sort, requiringUpgradeOnly],
  );
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table striped highlightOnHover aria-label={`Routers by ${labels.one.toLowerCase()}`} data-testid="group-table">
        <Table.Thead>
          <Table.Tr>
            <SortHeader label={labels.one} id="name" sort={sort} onSort={onSort} />
            {labels.parent && <SortHeader label={labels.parent} id="parent" sort={sort} onSort={onSort} />}
            <SortHeader label="Routers" id="total" sort={sort} onSort={onSort} />
            <SortHeader label="Requiring upgrade" id="requiring" sort={sort} onSort={onSort} />
            <SortHeader label="Running" id="running" sort={sort} onSort={onSort} />
            <Table.Th scope="col" className={classes.pinnedHead}>
              Action
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {shown.map((g) => (
            <Table.Tr key={g.key} data-testid="group-row" data-group-key={g.key}>
              <Table.Td className={classes.nowrap}>
                <UnstyledButton onClick={() => onOpen(g.key)} c="var(--mantine-color-anchor)" fz="sm" aria-label={`Routers of ${g.name}`}>
                  {g.name}
                </UnstyledButton>
              </Table.Td>
              {labels.parent && <Table.Td className={classes.nowrap}>{g.parent ?? '—'}</Table.Td>}
              <Table.Td data-testid="group-total">{g.total.toLocaleString()}</Table.Td>
              <Table.Td data-testid="group-requiring-upgrade">
                <Text span size="sm" fw={g.requiringUpgrade > 0 ? 600 : undefined} c={g.requiringUpgrade > 0 ? 'orange' : undefined}>
                  {g.requiringUpgrade.toLocaleString()}
                </Text>
              </Table.Td>
              <Table.Td data-testid="group-running">{g.running.toLocaleString()}</Table.Td>
              <Table.Td className={classes.pinnedGroupCell}>
                <Button
                  size="compact-sm"
                  variant="light"
                  disabled={g.requiringUpgrade === 0 || !countsFinal || upgradeBlocked !== undefined}
                  loading={upgrading.has(g.key)}
                  onClick={() => onUpgrade(g)}
                  aria-label={`Upgrade the routers of ${g.name}`}
                  title={upgradeBlocked ?? (countsFinal ? undefined : 'Available once every router has been read')}
                >
                  Upgrade
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {shown.length === 0 && (
        <Text c="dimmed" size="sm" mt="sm">
          {requiringUpgradeOnly ? `No ${labels.one.toLowerCase()} has routers requiring an upgrade.` : 'No routers here.'}
        </Text>
      )}
    </Table.ScrollContainer>
  );
}
