import { Alert, Badge, Button, Group, Paper, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import type { Router } from '../../api/schemas';
import { GROUP_BYS, GROUP_LABELS, membershipOf, type GroupBy, type RouterGroup } from './grouping';
import type { HostIndex } from './hostIndex';
import { frozenNetworks, type FrozenNetwork } from './routerActions';

export interface FrozenGroup {
  group: RouterGroup;
  networks: FrozenNetwork[];
  accounts: number;
}

/**
 * The frozen networks by group: for each zone, pod, cluster or account, the networks (and VPCs) whose
 * services router.version.check freezes and the accounts that own them, most first, so that an admin
 * can choose which group to upgrade first. A network counts in the group of its (first) frozen router.
 */
export function frozenByGroup(routers: readonly Router[], versionCheck: boolean, by: GroupBy, hosts: HostIndex): FrozenGroup[] {
  const groups = new Map<string, FrozenGroup>();
  for (const n of frozenNetworks(routers, versionCheck)) {
    const m = membershipOf(n.routers[0]!, by, hosts);
    let g = groups.get(m.key);
    if (!g) {
      g = { group: { key: m.key, name: m.name, parent: m.parent, scope: m.scope, total: 0, requiringUpgrade: 0, running: 0 }, networks: [], accounts: 0 };
      groups.set(m.key, g);
    }
    g.networks.push(n);
  }
  for (const g of groups.values()) g.accounts = new Set(g.networks.map((n) => `${n.domain}/${n.account}`)).size;
  return [...groups.values()].sort((a, b) => b.networks.length - a.networks.length || a.group.name.localeCompare(b.group.name, undefined, { numeric: true }));
}

export interface FrozenNetworksProps {
  routers: readonly Router[];
  versionCheck: boolean;
  by: GroupBy;
  onBy(by: GroupBy): void;
  hosts: HostIndex;
  onUpgrade(group: RouterGroup, by: GroupBy): void;
  onOpenRouter(id: string): void;
  /** Why the caller may not upgrade routers (upgradeRouterTemplate is not among its APIs); undefined when it may. */
  upgradeBlocked?: string;
  /** Group keys with an upgrade running. */
  upgrading: ReadonlySet<string>;
}

/** The "Frozen networks" view: which networks and accounts cannot change their services until their router is upgraded. */
export function FrozenNetworks(p: FrozenNetworksProps) {
  const groups = frozenByGroup(p.routers, p.versionCheck, p.by, p.hosts);
  const networks = groups.reduce((n, g) => n + g.networks.length, 0);
  const accounts = new Set(groups.flatMap((g) => g.networks.map((n) => `${n.domain}/${n.account}`))).size;
  return (
    <Paper withBorder p="md" radius="sm" aria-labelledby="frozen-title" data-testid="frozen-networks">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4" id="frozen-title">
            Frozen networks
          </Title>
          <SegmentedControl
            size="xs"
            value={p.by}
            onChange={(v) => p.onBy(v as GroupBy)}
            data={GROUP_BYS.map((b) => ({ value: b, label: `By ${GROUP_LABELS[b].one.toLowerCase()}` }))}
            aria-label="Group frozen networks by"
          />
        </Group>
        {!p.versionCheck ? (
          <Alert color="blue" variant="light">router.version.check is off: the management server sends configuration to every router, so no network is frozen.</Alert>
        ) : (
          <Text size="sm" data-testid="frozen-summary">
            {networks === 0
              ? 'No network is frozen: every running router reaches its zone’s minimum version.'
              : `${networks.toLocaleString()} ${networks === 1 ? 'network' : 'networks'} of ${accounts.toLocaleString()} ${accounts === 1 ? 'account' : 'accounts'} cannot change their firewall, port forwarding or static NAT rules, nor deploy VMs, until their router is upgraded (router.version.check).`}
          </Text>
        )}
        {groups.length > 0 && (
          <Table striped withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{GROUP_LABELS[p.by].one}</Table.Th>
                <Table.Th>Frozen networks</Table.Th>
                <Table.Th>Accounts</Table.Th>
                <Table.Th>Networks</Table.Th>
                <Table.Th aria-label="Actions" />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {groups.map((g) => (
                <Table.Tr key={g.group.key} data-testid="frozen-group">
                  <Table.Td>
                    <Text size="sm">{g.group.name}</Text>
                    {g.group.parent && <Text size="xs" c="dimmed">{g.group.parent}</Text>}
                  </Table.Td>
                  <Table.Td data-testid="frozen-group-count">{g.networks.length.toLocaleString()}</Table.Td>
                  <Table.Td>{g.accounts.toLocaleString()}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {g.networks.slice(0, 8).map((n) => (
                        <Button key={n.key} size="compact-xs" variant="subtle" onClick={() => p.onOpenRouter(n.routers[0]!.id)} title={`${n.name} (${n.account ?? ''})`}>
                          {`${n.name.replace(/^network /, '')} · ${n.account ?? ''}`}
                        </Button>
                      ))}
                      {g.networks.length > 8 && <Badge variant="light" radius="sm">{`+${g.networks.length - 8}`}</Badge>}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Button size="xs" color="orange" variant="light" onClick={() => p.onUpgrade(g.group, p.by)} loading={p.upgrading.has(g.group.key)}
                      disabled={p.upgradeBlocked !== undefined} title={p.upgradeBlocked}>
                      {`Upgrade ${GROUP_LABELS[p.by].one.toLowerCase()}`}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Paper>
  );
}
