import { Alert, Button, getDefaultZIndex, Group, List, Modal, Stack, Text } from '@mantine/core';
import type { Router } from '../../api/schemas';
import { errorText } from '../../components/QueryError';
import { StaleFieldset } from '../../components/StaleFieldset';

export interface UpgradeRequest {
  /** What is upgraded, in words: "pod Pod 1 (Zone 1)", "3 selected routers", "router r-12-VM". */
  what: string;
  /**
   * How many routers the server will upgrade: upgradeRouterTemplate reboots the Running routers of a zone,
   * pod, cluster, domain or account that are below the minimum version.
   */
  count: number;
  /** Outdated routers of the group that are not Running: the group's upgrade skips them. */
  stopped?: Router[];
  /** A note, e.g. that filters do not narrow a group's upgrade. */
  note?: string;
}

export interface UpgradeConfirmModalProps {
  request: UpgradeRequest | null;
  onCancel(): void;
  onConfirm(): void;
  /** Starts a stopped router (the way to bring it into an upgrade). */
  onStart?(router: Router): void;
  /** The router being started now, and a start that failed (CloudStack's errortext). */
  starting?: string;
  startError?: unknown;
  busy: boolean;
  error: unknown;
}

/** Asks before an upgrade: how many routers the server will upgrade, which it skips, and what is interrupted. */
export function UpgradeConfirmModal({ request, onCancel, onConfirm, onStart, starting, startError, busy, error }: UpgradeConfirmModalProps) {
  const stopped = request?.stopped ?? [];
  return (
    // Above the router's side panel, from which it can be opened (both would otherwise share one layer,
    // and the panel, rendered later, covered the dialog's buttons).
    <Modal opened={request !== null} onClose={onCancel} title="Upgrade virtual routers" centered zIndex={getDefaultZIndex('modal') + 1}>
      <StaleFieldset>
      {request && (
        <Stack gap="sm">
          <Text data-testid="upgrade-confirm-count">
            {request.count === 0
              ? `No running router of ${request.what} requires an upgrade.`
              : `Upgrade ${request.count.toLocaleString()} running ${request.count === 1 ? 'router' : 'routers'} of ${request.what}? Each is rebooted on the system VM template the management server points it at.`}
          </Text>
          {request.count > 0 && (
            <Alert color="orange" variant="light" title="Network services are interrupted">
              Each router is stopped and started again: the networks it serves lose DHCP, DNS, NAT, load balancing, VPN
              and their other services until it is back. Redundant routers fail over to their peer.
            </Alert>
          )}
          {stopped.length > 0 && (
            <Stack gap={4} data-testid="upgrade-confirm-stopped">
              <Text size="sm" fw={500}>
                {`${stopped.length.toLocaleString()} outdated ${stopped.length === 1 ? 'router is' : 'routers are'} not running and will not be upgraded:`}
              </Text>
              <Text size="xs" c="dimmed">
                upgradeRouterTemplate reboots running routers only (the reboot of a router that is not running fails). Start it
                first: a start rebuilds it from its template as the upgrade's reboot does; if it still requires an upgrade then,
                upgrade it by itself.
              </Text>
              <List size="sm" spacing={2}>
                {stopped.slice(0, 20).map((r) => (
                  <List.Item key={r.id}>
                    <Group gap="xs">
                      <Text size="sm">{`${r.name} (${r.state}, version ${r.version ?? 'unknown'})`}</Text>
                      {onStart && r.state === 'Stopped' && (
                        <Button size="compact-xs" variant="light" onClick={() => onStart(r)} loading={starting === r.id}>
                          Start it first
                        </Button>
                      )}
                    </Group>
                  </List.Item>
                ))}
              </List>
              {stopped.length > 20 && <Text size="xs" c="dimmed">{`and ${(stopped.length - 20).toLocaleString()} more`}</Text>}
              {startError !== null && startError !== undefined && (
                <Text size="sm" c="red">{`The start failed: ${errorText(startError)}`}</Text>
              )}
            </Stack>
          )}
          {request.count > 0 && (
            <Text size="sm" c="dimmed" data-testid="upgrade-confirm-plan">
              The server runs it as an upgrade plan of one wave, started now (as many routers at once as it allows): it
              goes on when this browser is closed, and every admin sees it here and under Plans. It acts with your API
              keys; if you have none, they are generated (registerUserKeys).
            </Text>
          )}
          {request.note && (
            <Text size="sm" c="dimmed">
              {request.note}
            </Text>
          )}
          {error !== null && error !== undefined && (
            <Alert color="red" variant="light" title="The upgrade could not be started">
              {errorText(error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
            <Button color="orange" onClick={onConfirm} loading={busy} disabled={request.count === 0} data-autofocus>
              {`Upgrade ${request.count.toLocaleString()} ${request.count === 1 ? 'router' : 'routers'}`}
            </Button>
          </Group>
        </Stack>
      )}
      </StaleFieldset>
    </Modal>
  );
}
