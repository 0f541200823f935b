import { useEffect, useState } from 'react';
import { Alert, Button, Checkbox, Group, Modal, Stack, Text } from '@mantine/core';
import type { SystemVm } from '../../api/schemas';
import { useSystemVmAction, type SystemVmActionRequest } from '../../api/queries/systemVmActions';
import { errorText } from '../../components/QueryError';
import { ACTION_LABELS, actionWarning } from './actions';

export type ConfirmableAction = 'start' | 'stop' | 'reboot' | 'destroy';

/** Asks before an action on a system VM, saying whom it interrupts; runs it and shows CloudStack's error. */
export function SystemVmActionModal({ request, onClose }: { request: { vm: SystemVm; action: ConfirmableAction } | null; onClose: () => void }) {
  const mutation = useSystemVmAction();
  const [forced, setForced] = useState(false);
  const { reset } = mutation;
  const vmId = request?.vm.id;
  const requestedAction = request?.action;
  // A new request starts unforced (state adjusted while rendering, not in an effect).
  const requestKey = `${vmId ?? ''}:${requestedAction ?? ''}`;
  const [shownRequest, setShownRequest] = useState(requestKey);
  if (shownRequest !== requestKey) {
    setShownRequest(requestKey);
    setForced(false);
  }
  useEffect(() => {
    // A mutation's reset is stable (TanStack Query binds it once per observer): this runs when the target changes.
    reset();
  }, [vmId, requestedAction, reset]);
  if (!request) return <Modal opened={false} onClose={onClose} title="" />;
  const { vm, action } = request;
  const w = actionWarning(vm, action);
  const run = () => {
    const req: SystemVmActionRequest =
      action === 'stop' ? { action, id: vm.id, forced } : action === 'reboot' ? { action, id: vm.id, forced } : action === 'start' ? { action, id: vm.id } : { action, id: vm.id };
    mutation.mutate(req, { onSuccess: onClose });
  };
  return (
    <Modal opened onClose={mutation.isPending ? () => undefined : onClose} title={`${ACTION_LABELS[action]} ${vm.name}?`}>
      <Stack gap="sm">
        {w.interrupts && (
          <Alert color={w.color === 'red' ? 'red' : 'orange'} title="This interrupts users" data-testid="action-warning">
            {w.interrupts}
          </Alert>
        )}
        {w.note && <Text size="sm">{w.note}</Text>}
        {action === 'start' && <Text size="sm">{`${vm.name} starts on its last host.`}</Text>}
        {(action === 'stop' || action === 'reboot') && (
          <Checkbox label="Force (do not wait for a clean shutdown)" checked={forced} onChange={(e) => setForced(e.currentTarget.checked)} />
        )}
        {mutation.isError && (
          <Alert color="red" title={`${ACTION_LABELS[action]} failed`} role="alert">
            {errorText(mutation.error)}
          </Alert>
        )}
        {mutation.isPending && <Text size="sm" c="dimmed" role="status">{`${ACTION_LABELS[action]} in progress; this may take a minute…`}</Text>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={mutation.isPending}>
            Cancel
          </Button>
          <Button color={w.color} onClick={run} loading={mutation.isPending}>
            {w.confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
