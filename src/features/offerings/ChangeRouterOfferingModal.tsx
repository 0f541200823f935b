import { useEffect, useState } from 'react';
import { Alert, Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useChangeServiceForRouter, useServiceOfferings } from '../../api/queries/offerings';
import { runJob } from '../../api/jobs';
import { errorText } from '../../components/QueryError';
import { cpuText, memoryText } from './offeringForm';
import { StaleFieldset } from '../../components/StaleFieldset';

export interface RouterForOffering {
  id: string;
  name: string;
  state: string;
  serviceofferingid?: string;
  serviceofferingname?: string;
}

/**
 * Change a router's system offering (changeServiceForRouter). CloudStack does it only for a stopped router:
 * for a running one the modal says so and offers to stop it first (which interrupts the network's users).
 * For the routers screen.
 */
export function ChangeRouterOfferingModal({ router, onClose, onChanged }: {
  router: RouterForOffering | null;
  onClose: () => void;
  /** After the change: the router as changeServiceForRouter answers it (its new offering's name). */
  onChanged?: (changed: { name: string; serviceofferingname?: string; state: string }) => void;
}) {
  const client = useQueryClient();
  const offerings = useServiceOfferings({ issystem: true, systemvmtype: 'domainrouter' });
  const change = useChangeServiceForRouter();
  const stop = useMutation({
    mutationFn: async (id: string) => {
      await runJob('stopRouter', { id });
    },
    onSettled: () => client.invalidateQueries({ queryKey: ['listRouters'] }),
  });
  const [offering, setOffering] = useState<string | null>(null);
  const [stopped, setStopped] = useState(false);
  const { reset: resetChange } = change;
  const { reset: resetStop } = stop;
  const routerId = router?.id;
  // A new router starts with no offering chosen (state adjusted while rendering, not in an effect).
  const [shownRouter, setShownRouter] = useState(routerId);
  if (shownRouter !== routerId) {
    setShownRouter(routerId);
    setOffering(null);
    setStopped(false);
  }
  useEffect(() => {
    // A mutation's reset is stable (TanStack Query binds it once per observer): this runs when the target changes.
    resetChange();
    resetStop();
  }, [routerId, resetChange, resetStop]);
  const isStopped = router?.state === 'Stopped' || stopped;
  const choices = (offerings.data ?? []).filter((o) => o.id !== router?.serviceofferingid)
    .map((o) => ({ value: o.id, label: `${o.name} (${cpuText(o.cpunumber, o.cpuspeed)}, ${memoryText(o.memory)})` }));
  return (
    <Modal opened={router !== null} onClose={onClose} title={router ? `Change the offering of ${router.name}` : ''}>
      <StaleFieldset>
      {router && (
        <Stack gap="sm">
          <Text size="sm">{`Now: ${router.serviceofferingname ?? router.serviceofferingid ?? 'unknown'}`}</Text>
          {!isStopped && (
            <Alert color="orange" title="The router must be stopped">
              {`CloudStack changes a router's offering only while it is stopped. Stopping ${router.name} interrupts public network access and other services of its network until it is started again.`}
              <Group mt="sm">
                <Button size="xs" color="orange" loading={stop.isPending} onClick={() => stop.mutate(router.id, { onSuccess: () => setStopped(true) })}>
                  {`Stop ${router.name}`}
                </Button>
              </Group>
            </Alert>
          )}
          {stop.isError && <Alert color="red" role="alert" title="The router did not stop">{errorText(stop.error)}</Alert>}
          <Select label="New system offering" data={choices} value={offering} onChange={setOffering} disabled={!isStopped} searchable />
          {change.isError && <Alert color="red" role="alert" title="The offering was not changed">{errorText(change.error)}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Close</Button>
            <Button disabled={!isStopped || !offering} loading={change.isPending}
              onClick={() => offering && change.mutate({ id: router.id, serviceofferingid: offering }, { onSuccess: (changed) => { onChanged?.(changed); onClose(); } })}>
              Change offering
            </Button>
          </Group>
        </Stack>
      )}
      </StaleFieldset>
    </Modal>
  );
}
