import { useEffect, useEffectEvent, useRef, useState } from 'react';
import { Alert, Badge, Button, Drawer, Group, Loader, Stack, Table, Tabs, Text, Tooltip } from '@mantine/core';
import { OpenConsoleButton } from '../console/OpenConsoleButton';
import { useSession } from '../auth/session';
import { DiagnosticsModal } from '../diagnostics/DiagnosticsModal';
import { MigrateModal } from '../diagnostics/MigrateModal';
import { RouterStatistics } from '../monitoring/RouterStatistics';
import { ChangeNetworkOfferingModal } from '../offerings/ChangeNetworkOfferingModal';
import { ChangeRouterOfferingModal } from '../offerings/ChangeRouterOfferingModal';
import type { Router } from '../../api/schemas';
import { useEvents } from '../../api/queries/useEvents';
import { useNetwork, useRouterHealth } from '../../api/queries/useRouterDetails';
import { useRestartNetwork, useRouterAction } from '../../api/queries/useRouterMutations';
import { QueryError, errorText } from '../../components/QueryError';
import { StateBadge } from '../../components/StateBadge';
import { useStaleData } from '../../components/staleDataContext';
import { formatCloudStackDate } from '../../lib/dates';
import { actionAvailability, frozenReason, isOnlyRouter, toolAvailability, type ActionAvailability, type RouterAction, type RouterTool } from './routerActions';
import { RouterActionModal, type PendingAction } from './RouterActionModal';
import { FIELDS_SHOWN_ELSEWHERE, fieldLines, nicLines } from './routerFields';
import { routerType } from './routerType';

export interface RouterDrawerProps {
  router: Router | undefined;
  /** The id in the URL, when the router is not (or no longer) in the list. */
  routerId: string | undefined;
  onClose(): void;
  versionCheck: boolean;
  routersInNetwork: number;
  onUpgrade(router: Router): void;
  upgrading: boolean;
  /** Why the caller may not upgrade routers (upgradeRouterTemplate is not among its APIs); undefined when it may. */
  upgradeBlocked?: string;
}

/**
 * Escape closes the drawer only while no other modal is open. Mantine closes every open modal on Escape
 * (each listens on the window), so a confirmation opened from the drawer, by the drawer or by the page,
 * would take the drawer with it. Not decided by where the focus is: a button busy with its request (or a
 * modal still opening) leaves the focus on the page's body. The drawer's listener, added when it opened,
 * runs before those of the modals opened later, so they are still in the document here.
 */
function useEscapeWhenOnTop(opened: boolean, inside: React.RefObject<HTMLElement | null>, onClose: () => void): void {
  const close = useEffectEvent(onClose);
  useEffect(() => {
    if (!opened) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.isComposing) return;
      // A Mantine combobox's own Escape closes its dropdown only.
      if (e.target instanceof HTMLElement && e.target.getAttribute('data-mantine-stop-propagation') === 'true') return;
      const drawer = inside.current?.closest('[role="dialog"]');
      const modals = document.querySelectorAll('[role="dialog"][aria-modal="true"]');
      if ([...modals].some((m) => m !== drawer)) return;
      close();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [opened, inside]);
}

function fieldText(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function ActionButton({ label, availability, onClick, color, variant = 'light', loading }: {
  label: string; availability: ActionAvailability; onClick(): void; color?: string; variant?: 'light' | 'filled'; loading?: boolean;
}) {
  const button = (
    <Button
      size="xs"
      variant={variant}
      color={color}
      loading={loading}
      aria-description={availability.reason}
      aria-disabled={!availability.allowed || undefined}
      data-disabled={!availability.allowed || undefined}
      onClick={(e) => {
        if (!availability.allowed) e.preventDefault();
        else onClick();
      }}
    >
      {label}
    </Button>
  );
  return availability.reason ? (
    <Tooltip label={availability.reason} multiline w={300} withArrow>
      {button}
    </Tooltip>
  ) : (
    button
  );
}

function Fields({ router }: { router: Router }) {
  const entries = Object.entries(router)
    .filter(([k, v]) => v !== undefined && !FIELDS_SHOWN_ELSEWHERE.has(k))
    .sort(([a], [b]) => a.localeCompare(b));
  const nics = nicLines(router);
  return (
    <Stack gap="sm">
      <Table striped withRowBorders={false} aria-label="Every field of the router" data-testid="router-fields">
        <Table.Tbody>
          {entries.map(([k, v]) => (
            <Table.Tr key={k}>
              <Table.Th scope="row" w={180} fw={500}>
                {k}
              </Table.Th>
              <Table.Td style={{ wordBreak: 'break-all' }}>
                {fieldLines(v).map((line, i) => <div key={i}>{line}</div>)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {nics.length > 0 && (
        <Table striped aria-label="NICs of the router" data-testid="router-nics">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Traffic type</Table.Th>
              <Table.Th scope="col">Network</Table.Th>
              <Table.Th scope="col">IP address</Table.Th>
              <Table.Th scope="col">MAC address</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {nics.map((n) => (
              <Table.Tr key={n.id}>
                <Table.Td>{n.traffictype}{n.isdefault ? ' (default)' : ''}</Table.Td>
                <Table.Td style={{ wordBreak: 'break-all' }}>{n.network}</Table.Td>
                <Table.Td>{n.ipaddress}</Table.Td>
                <Table.Td ff="monospace">{n.macaddress}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

function NetworkTab({ router }: { router: Router }) {
  const network = useNetwork(router.guestnetworkid);
  if (!router.guestnetworkid) {
    return <Text size="sm">{router.vpcid ? `This router serves VPC ${router.vpcname ?? router.vpcid} and its tiers.` : 'This router has no guest network.'}</Text>;
  }
  if (network.isPending) return <Loader size="sm" aria-label="Loading the network" />;
  if (network.isError) return <QueryError error={network.error} title="Could not load the network" onRetry={() => void network.refetch()} />;
  if (!network.data) return <Text size="sm">The network {router.guestnetworkname ?? router.guestnetworkid} was not found.</Text>;
  const n = network.data;
  const rows: [string, unknown][] = [
    ['Name', n.name], ['Id', n.id], ['Type', n.type], ['State', n.state], ['CIDR', n.cidr], ['Gateway', n.gateway],
    ['Network offering', n.networkofferingname], ['Redundant router', n.redundantrouter], ['Restart required', n.restartrequired],
    ['Account', n.account], ['Domain', n.domain],
  ];
  return (
    <Table withRowBorders={false} aria-label="The router's network">
      <Table.Tbody>
        {rows.filter(([, v]) => v !== undefined).map(([k, v]) => (
          <Table.Tr key={k}>
            <Table.Th scope="row" w={180} fw={500}>{k}</Table.Th>
            <Table.Td>{fieldText(v)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function HealthTab({ router }: { router: Router }) {
  const health = useRouterHealth(router.id);
  if (health.isPending) return <Loader size="sm" aria-label="Loading health checks" />;
  if (health.isError) return <QueryError error={health.error} title="Health check results are not available" onRetry={() => void health.refetch()} />;
  const checks = health.data.healthchecks ?? [];
  if (checks.length === 0) return <Text size="sm">No health check results{router.state !== 'Running' ? ': the router is not running' : ''}.</Text>;
  return (
    <Table striped aria-label="Health check results">
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">Check</Table.Th>
          <Table.Th scope="col">Type</Table.Th>
          <Table.Th scope="col">Result</Table.Th>
          <Table.Th scope="col">Details</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {checks.map((c) => (
          <Table.Tr key={c.checkname}>
            <Table.Td>{c.checkname}</Table.Td>
            <Table.Td>{c.checktype ?? ''}</Table.Td>
            <Table.Td>
              <Badge color={c.success ? 'green' : 'red'} variant="light" radius="sm">{c.success ? 'Passed' : 'Failed'}</Badge>
            </Table.Td>
            <Table.Td>{c.details ?? ''}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function EventsTab({ router }: { router: Router }) {
  const events = useEvents(1, { resourceid: router.id });
  if (events.isPending) return <Loader size="sm" aria-label="Loading events" />;
  if (events.isError) return <QueryError error={events.error} title="Could not load the events" onRetry={() => void events.refetch()} />;
  if (events.data.items.length === 0) return <Text size="sm">No recent events for this router.</Text>;
  return (
    <Table striped aria-label="Recent events of the router">
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">When</Table.Th>
          <Table.Th scope="col">Type</Table.Th>
          <Table.Th scope="col">Level</Table.Th>
          <Table.Th scope="col">Description</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {events.data.items.map((e) => (
          <Table.Tr key={e.id}>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatCloudStackDate(e.created)}</Table.Td>
            <Table.Td>{e.type}</Table.Td>
            <Table.Td>
              <Badge color={e.level === 'ERROR' ? 'red' : e.level === 'WARN' ? 'yellow' : 'blue'} variant="light" radius="sm">{e.level ?? 'INFO'}</Badge>
            </Table.Td>
            <Table.Td>{e.description ?? ''}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** A router's details in a side panel: its fields, network, health checks and events, and its actions. */
export function RouterDrawer(p: RouterDrawerProps) {
  const r = p.router;
  const [pending, setPending] = useState<PendingAction | null>(null);
  // The open tool modal, for the router it was opened on (another router in the URL closes it). The
  // network is kept here: its restart with cleanup destroys the router while the modal is still open.
  const [tool, setTool] = useState<{ kind: RouterTool; routerId: string; network?: { id: string; name: string } } | null>(null);
  const [notice, setNotice] = useState<{ text: string; routerId: string; offerStart?: boolean } | null>(null);
  const { user } = useSession();
  const action = useRouterAction();
  // Start offered after a change of offering, outside the confirmation of the action buttons.
  const startAfterChange = useRouterAction();
  const restart = useRestartNetwork();
  const close = () => {
    setPending(null);
    setNotice(null);
    action.reset();
    restart.reset();
  };

  const confirm = ({ forced }: { forced: boolean }) => {
    if (!r || !pending) return;
    const done = { onSuccess: close };
    if (pending.kind === 'restartNetwork') restart.mutate({ id: pending.networkid, cleanup: true }, done);
    else if (pending.kind === 'stop') action.mutate({ action: 'stop', id: r.id, forced }, done);
    else if (pending.kind === 'reboot') action.mutate({ action: 'reboot', id: r.id, forced }, done);
    else action.mutate({ action: pending.kind, id: r.id }, done);
  };

  const ctx = { versionCheck: p.versionCheck, routersInNetwork: p.routersInNetwork };
  // While the management server cannot be reached (the screen's StaleDataGuard), no action can work.
  const stale = useStaleData();
  const unreachable: ActionAvailability | undefined = stale.stale ? { allowed: false, reason: stale.reason } : undefined;
  const guard = <T extends string>(a: Record<T, ActionAvailability>): Record<T, ActionAvailability> =>
    unreachable ? (Object.fromEntries(Object.keys(a).map((k) => [k, unreachable])) as Record<T, ActionAvailability>) : a;
  const available = r ? guard(actionAvailability(r, ctx)) : undefined;
  const only = isOnlyRouter(ctx);
  const ask = (kind: RouterAction) => setPending({ kind });
  const tools = r ? guard(toolAvailability(r, { versionCheck: p.versionCheck, rootAdmin: user?.type === '1' })) : undefined;
  const openTool = (kind: RouterTool) => {
    if (!r) return;
    setNotice(null);
    const network = r.guestnetworkid ? { id: r.guestnetworkid, name: r.guestnetworkname ?? r.guestnetworkid } : undefined;
    setTool({ kind, routerId: r.id, network });
  };
  const openedTool = tool && tool.routerId === p.routerId ? tool.kind : null;
  const closeTool = () => setTool(null);
  const shownNotice = r && notice?.routerId === r.id ? notice.text : null;
  // The router this panel showed last: when it leaves the list (destroyed, expunged), the panel says so.
  // Kept from an earlier render (state set while rendering, only when it changes).
  const [lastShown, setLastShown] = useState<{ id: string; name: string } | null>(null);
  if (r && (lastShown?.id !== r.id || lastShown.name !== r.name)) setLastShown({ id: r.id, name: r.name });
  const gone = r ? r.state === 'Destroyed' || r.state === 'Expunging' : lastShown !== null && lastShown.id === p.routerId;
  const goneName = r?.name ?? lastShown?.name ?? p.routerId;
  const body = useRef<HTMLDivElement>(null);
  useEscapeWhenOnTop(p.routerId !== undefined, body, p.onClose);

  return (
    <>
      <Drawer opened={p.routerId !== undefined} onClose={p.onClose} closeOnEscape={false} position="right" size="xl" title={r ? `Router ${r.name}` : 'Router'}>
        <div ref={body}>
          {gone && (
            <Alert color="gray" variant="light" title={`Router ${goneName} was destroyed`} role="status" data-testid="router-gone">
              <Text size="sm">It is no longer in the list of routers, and nothing can be done with it any more.</Text>
              <Group mt="sm">
                <Button size="xs" variant="default" onClick={p.onClose}>Close the panel</Button>
              </Group>
            </Alert>
          )}
          {!r && !gone && p.routerId && <Text size="sm">{`Router ${p.routerId} is not in the list (it may have been destroyed).`}</Text>}
          {r && !gone && available && tools && (
            <Stack gap="md">
              <Group gap="xs">
                <StateBadge state={r.state} />
                <Badge variant="outline" radius="sm">{routerType(r)}</Badge>
                <Badge variant="outline" radius="sm">{`Version ${r.version ?? 'unknown'}`}</Badge>
                {r.requiresupgrade && <Badge color="orange" variant="light" radius="sm">Requires upgrade</Badge>}
              </Group>
              {frozenReason(r, p.versionCheck) && (
                <Alert color="orange" variant="light" title="Network services frozen" data-testid="frozen-notice">
                  {frozenReason(r, p.versionCheck)}
                </Alert>
              )}
              {stale.stale && (
                <Alert color="orange" variant="light" role="status" title="Actions are disabled" data-testid="stale-actions">
                  <Text size="sm">{stale.reason} What this panel shows was loaded before.</Text>
                </Alert>
              )}
              <Group gap="xs" aria-label="Router actions" role="group">
                {r.requiresupgrade && (
                  <ActionButton
                    label="Upgrade"
                    color="orange"
                    variant="filled"
                    loading={p.upgrading}
                    availability={unreachable ?? (p.upgradeBlocked ? { allowed: false, reason: p.upgradeBlocked } : { allowed: true })}
                    onClick={() => p.onUpgrade(r)}
                  />
                )}
                <ActionButton label="Start" availability={available.start} onClick={() => ask('start')} />
                <ActionButton label="Stop" availability={available.stop} onClick={() => ask('stop')} />
                <ActionButton label="Reboot" availability={available.reboot} onClick={() => ask('reboot')} />
                {!only && <ActionButton label="Destroy" color="red" availability={available.destroy} onClick={() => ask('destroy')} />}
                <OpenConsoleButton vmId={r.id} vmName={r.name} mode="window" variant="default" disabled={r.state !== 'Running'} />
              </Group>
              <Group gap="xs" aria-label="Other router operations" role="group">
                <ActionButton label="Migrate" availability={tools.migrate} onClick={() => openTool('migrate')} />
                <ActionButton label="Diagnostics" availability={tools.diagnostics} onClick={() => openTool('diagnostics')} />
                <ActionButton label="Change offering" availability={tools.changeOffering} onClick={() => openTool('changeOffering')} />
                <ActionButton label="Change network offering" availability={tools.changeNetworkOffering} onClick={() => openTool('changeNetworkOffering')} />
              </Group>
              {only && (
                <Alert color="yellow" variant="light" title="Destroy is not offered for the only router of a network" data-testid="destroy-refusal">
                  <Stack gap="xs">
                    <Text size="sm">
                      {`${r.name} is the only router of ${r.vpcid ? `VPC ${r.vpcname ?? r.vpcid}` : `network ${r.guestnetworkname ?? r.guestnetworkid ?? ''}`}. Once destroyed, restartNetwork with cleanup=false cannot recreate it. To destroy and recreate it, restart the network with cleanup=true: its routers are destroyed and new ones deployed on the current template.`}
                    </Text>
                    {r.guestnetworkid ? (
                      <Group>
                        <ActionButton
                          label="Restart network (with cleanup)"
                          color="orange"
                          availability={unreachable ?? { allowed: true }}
                          onClick={() => setPending({ kind: 'restartNetwork', networkid: r.guestnetworkid!, networkname: r.guestnetworkname })}
                        />
                      </Group>
                    ) : (
                      <Text size="sm" c="dimmed">A VPC router is recreated by restarting the VPC with cleanup (restartVPC cleanup=true).</Text>
                    )}
                  </Stack>
                </Alert>
              )}
              {(action.isSuccess || restart.isSuccess) && !pending && !shownNotice && (
                <Text size="sm" c="green" role="status">The operation finished.</Text>
              )}
              {shownNotice && (
                <Group gap="sm" role="status" data-testid="router-notice">
                  <Text size="sm" c="green">{shownNotice}</Text>
                  {notice?.offerStart && r.state === 'Stopped' && (
                    <ActionButton label={`Start ${r.name}`} availability={available.start} onClick={() => { setNotice(null); startAfterChange.mutate({ action: 'start', id: r.id }); }} />
                  )}
                </Group>
              )}
              {startAfterChange.variables?.id === r.id && startAfterChange.isPending && <Text size="sm" role="status">{`Starting ${r.name}…`}</Text>}
              {startAfterChange.variables?.id === r.id && startAfterChange.isSuccess && <Text size="sm" c="green" role="status">{`${r.name} was started.`}</Text>}
              {startAfterChange.variables?.id === r.id && startAfterChange.isError && (
                <Alert color="red" variant="light" role="alert" title={`${r.name} did not start`}>{errorText(startAfterChange.error)}</Alert>
              )}
              <Stack gap={4} component="section" aria-label="Network statistics">
                <Text size="sm" fw={600}>Network statistics</Text>
                <RouterStatistics router={r} />
              </Stack>
              <Tabs defaultValue="details" keepMounted={false}>
                <Tabs.List>
                  <Tabs.Tab value="details">Details</Tabs.Tab>
                  <Tabs.Tab value="network">Network</Tabs.Tab>
                  <Tabs.Tab value="health">Health checks</Tabs.Tab>
                  <Tabs.Tab value="events">Events</Tabs.Tab>
                </Tabs.List>
                <Tabs.Panel value="details" pt="sm"><Fields router={r} /></Tabs.Panel>
                <Tabs.Panel value="network" pt="sm"><NetworkTab router={r} /></Tabs.Panel>
                <Tabs.Panel value="health" pt="sm"><HealthTab router={r} /></Tabs.Panel>
                <Tabs.Panel value="events" pt="sm"><EventsTab router={r} /></Tabs.Panel>
              </Tabs>
            </Stack>
          )}
        </div>
      </Drawer>
      {/* The router's modals, above the drawer. */}
      {r && (
        <>
          <RouterActionModal
            key={pending ? pending.kind : 'none'}
            router={r}
            pending={pending}
            onCancel={close}
            onConfirm={confirm}
            busy={action.isPending || restart.isPending}
            error={pending?.kind === 'restartNetwork' ? restart.error : action.error}
          />
          {openedTool === 'migrate' && (
            <MigrateModal
              target={{ id: r.id, name: r.name, hostname: r.hostname, note: "A live migration: the network's services keep running while the router moves." }}
              onClose={closeTool}
              onMigrated={(host) => setNotice({ text: `${r.name} was migrated to ${host}.`, routerId: r.id })}
            />
          )}
          {openedTool === 'diagnostics' && <DiagnosticsModal target={{ id: r.id, name: r.name, kind: 'router' }} onClose={closeTool} />}
          {openedTool === 'changeOffering' && (
            <ChangeRouterOfferingModal
              router={r}
              onClose={closeTool}
              onChanged={(changed) =>
                setNotice({
                  text: `The offering of ${r.name} is now ${changed.serviceofferingname ?? 'the one chosen'}.${changed.state === 'Stopped' ? ' The router is still stopped: its network has no router until it is started.' : ''}`,
                  routerId: r.id,
                  offerStart: changed.state === 'Stopped',
                })
              }
            />
          )}
        </>
      )}
      {openedTool === 'changeNetworkOffering' && tool?.network && <ChangeNetworkOfferingModal network={tool.network} onClose={closeTool} />}
    </>
  );
}
