import { Alert, Button, getDefaultZIndex, Group, Modal, Stack, Text } from '@mantine/core';
import { errorText } from '../../components/QueryError';

export interface UpgradeRequest {
  /** What is upgraded, in words: "pod Pod 1 (Zone 1)", "3 selected routers", "router r-12-VM". */
  what: string;
  /** How many routers require an upgrade there. */
  count: number;
  /** A note, e.g. that filters do not narrow a group's upgrade. */
  note?: string;
}

export interface UpgradeConfirmModalProps {
  request: UpgradeRequest | null;
  onCancel(): void;
  onConfirm(): void;
  busy: boolean;
  error: unknown;
}

/** Asks before an upgrade: how many routers, and that their network services are interrupted. */
export function UpgradeConfirmModal({ request, onCancel, onConfirm, busy, error }: UpgradeConfirmModalProps) {
  return (
    // Above the router's side panel, from which it can be opened (both would otherwise share one layer,
    // and the panel, rendered later, covered the dialog's buttons).
    <Modal opened={request !== null} onClose={onCancel} title="Upgrade virtual routers" centered zIndex={getDefaultZIndex('modal') + 1}>
      {request && (
        <Stack gap="sm">
          <Text>
            {`Upgrade ${request.count.toLocaleString()} ${request.count === 1 ? 'router' : 'routers'} of ${request.what} to the current system VM template?`}
          </Text>
          <Alert color="orange" variant="light" title="Network services are interrupted">
            Each router is stopped and started again on the new template: the networks it serves lose DHCP, DNS, NAT,
            load balancing, VPN and their other services until it is back. Redundant routers fail over to their peer.
          </Alert>
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
            <Button color="orange" onClick={onConfirm} loading={busy} data-autofocus>
              {`Upgrade ${request.count.toLocaleString()} ${request.count === 1 ? 'router' : 'routers'}`}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
