import { useState } from 'react';
import { Alert, Button, Checkbox, Group, Modal, Stack, Text } from '@mantine/core';
import type { Router } from '../../api/schemas';
import { errorText } from '../../components/QueryError';
import { ACTION_WARNINGS, type RouterAction } from './routerActions';
import { useStaleData } from '../../components/staleDataContext';

export type PendingAction = { kind: RouterAction } | { kind: 'restartNetwork'; networkid: string; networkname?: string };

const VERBS: Record<PendingAction['kind'], string> = {
  start: 'Start',
  stop: 'Stop',
  reboot: 'Reboot',
  destroy: 'Destroy',
  restartNetwork: 'Restart network with cleanup',
};

export interface RouterActionModalProps {
  router: Router;
  pending: PendingAction | null;
  onCancel(): void;
  onConfirm(options: { forced: boolean }): void;
  busy: boolean;
  error: unknown;
}

/** Asks before an action on a router, saying what it interrupts; stop and reboot offer the force option. */
export function RouterActionModal({ router, pending, onCancel, onConfirm, busy, error }: RouterActionModalProps) {
  const [forced, setForced] = useState(false);
  // Opened before the management server stopped answering: it stays open (Cancel works), its action does not.
  const stale = useStaleData();
  if (!pending) return null;
  const verb = VERBS[pending.kind];
  const warning =
    pending.kind === 'restartNetwork'
      ? `Restarting network ${pending.networkname ?? pending.networkid} with cleanup destroys its routers and deploys new ones on the current template. Users' network access is interrupted until the new routers are running.`
      : ACTION_WARNINGS[pending.kind];
  return (
    <Modal opened onClose={onCancel} title={`${verb} ${pending.kind === 'restartNetwork' ? '' : router.name}`.trim()} centered>
      <Stack gap="sm">
        <Alert color={pending.kind === 'start' ? 'blue' : 'orange'} variant="light" title={pending.kind === 'start' ? 'Before you start' : "Users' network access is interrupted"}>
          {warning}
        </Alert>
        {(pending.kind === 'stop' || pending.kind === 'reboot') && (
          <Checkbox
            checked={forced}
            onChange={(e) => setForced(e.currentTarget.checked)}
            label="Force: do not wait for the router to shut down cleanly"
          />
        )}
        {stale.stale && (
          <Alert color="orange" variant="light" role="status" title={`${verb} is disabled`} data-testid="stale-actions">
            <Text size="sm">{stale.reason}</Text>
          </Alert>
        )}
        {error !== null && error !== undefined && (
          <Alert color="red" variant="light" title={`${verb} failed`}>
            <Text size="sm">{errorText(error)}</Text>
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button color={pending.kind === 'start' ? 'blue' : 'red'} loading={busy} disabled={stale.stale} onClick={() => onConfirm({ forced })} data-autofocus>
            {verb}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
