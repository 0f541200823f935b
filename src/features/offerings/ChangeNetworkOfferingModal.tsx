import { useEffect, useState } from 'react';
import { Alert, Button, Group, Modal, Select, Stack, Stepper, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNetworkOfferings, useServiceOfferings } from '../../api/queries/offerings';
import { runJob } from '../../api/jobs';
import type { ApiRequest } from '../../api/transport';
import { errorText } from '../../components/QueryError';
import { StaleFieldset } from '../../components/StaleFieldset';

async function job(command: 'updateNetwork' | 'restartNetwork', params: ApiRequest<'updateNetwork' | 'restartNetwork'>): Promise<void> {
  await runJob(command, params);
}

/**
 * The way to routers on a new system offering ("Upgrading a Virtual Router with System Service Offerings"
 * in CloudStack's Administration Guide, adminguide/systemvm.rst): move the network to a network offering that names
 * it (updateNetwork networkofferingid), then restart the network with cleanup so that its routers are
 * recreated on it. For the routers screen (a router's network) and anywhere a network is shown.
 */
export function ChangeNetworkOfferingModal({ network, onClose }: { network: { id: string; name: string } | null; onClose: () => void }) {
  const client = useQueryClient();
  const choices = useNetworkOfferings(network ? { networkid: network.id } : {});
  const routerOfferings = useServiceOfferings({ issystem: true, systemvmtype: 'domainrouter' });
  const [offering, setOffering] = useState<string | null>(null);
  const [step, setStep] = useState(0);
  const refresh = () => Promise.all([client.invalidateQueries({ queryKey: ['listNetworks'] }), client.invalidateQueries({ queryKey: ['listRouters'] })]);
  const update = useMutation({ mutationFn: (v: { id: string; networkofferingid: string }) => job('updateNetwork', v), onSettled: refresh });
  const restart = useMutation({ mutationFn: (id: string) => job('restartNetwork', { id, cleanup: true }), onSettled: refresh });
  const { reset: resetUpdate } = update;
  const { reset: resetRestart } = restart;
  const networkId = network?.id;
  // A new network starts at the first step (state adjusted while rendering, not in an effect).
  const [shownNetwork, setShownNetwork] = useState(networkId);
  if (shownNetwork !== networkId) {
    setShownNetwork(networkId);
    setOffering(null);
    setStep(0);
  }
  useEffect(() => {
    // A mutation's reset is stable (TanStack Query binds it once per observer): this runs when the target changes.
    resetUpdate();
    resetRestart();
  }, [networkId, resetUpdate, resetRestart]);
  const routerOfferingName = (id?: string) => (id ? routerOfferings.data?.find((o) => o.id === id)?.name ?? id : 'the default router offering');
  const chosen = choices.data?.find((o) => o.id === offering);
  return (
    <Modal opened={network !== null} onClose={update.isPending || restart.isPending ? () => undefined : onClose}
      title={network ? `Move ${network.name} to another network offering` : ''} size="lg">
      <StaleFieldset>
      {network && (
        <Stack gap="md">
          <Stepper active={step} size="sm">
            <Stepper.Step label="Network offering" description="updateNetwork">
              <Stack gap="sm" mt="sm">
                <Select label="New network offering" placeholder={choices.isPending ? 'Loading…' : 'Choose'} value={offering} onChange={setOffering}
                  data={(choices.data ?? []).map((o) => ({ value: o.id, label: o.name }))} searchable />
                {chosen && <Text size="sm">{`Its routers run on ${routerOfferingName(chosen.serviceofferingid)}.`}</Text>}
                {choices.data?.length === 0 && (
                  <Alert color="yellow">{`No other network offering can be applied to ${network.name}: none that is enabled has its guest type (and VPC or not).`}</Alert>
                )}
                {choices.isError && <Alert color="red" role="alert">{errorText(choices.error)}</Alert>}
                {update.isError && <Alert color="red" role="alert" title="The network was not updated">{errorText(update.error)}</Alert>}
                <Group justify="flex-end">
                  <Button variant="default" onClick={onClose}>Cancel</Button>
                  <Button disabled={!offering} loading={update.isPending}
                    onClick={() => offering && update.mutate({ id: network.id, networkofferingid: offering }, { onSuccess: () => setStep(1) })}>
                    Apply offering
                  </Button>
                </Group>
              </Stack>
            </Stepper.Step>
            <Stepper.Step label="Recreate the routers" description="restartNetwork cleanup=true">
              <Stack gap="sm" mt="sm">
                <Text size="sm">The running routers keep their old offering until the network is restarted with cleanup.</Text>
                <Alert color="orange" title="This interrupts users">
                  {`The routers of ${network.name} are destroyed and new ones deployed: public network access and the network's other services stop until they run.`}
                </Alert>
                {restart.isError && <Alert color="red" role="alert" title="The restart failed">{errorText(restart.error)}</Alert>}
                <Group justify="flex-end">
                  <Button variant="default" onClick={onClose}>Later</Button>
                  <Button color="orange" loading={restart.isPending} onClick={() => restart.mutate(network.id, { onSuccess: () => setStep(2) })}>
                    Restart with cleanup
                  </Button>
                </Group>
              </Stack>
            </Stepper.Step>
            <Stepper.Completed>
              <Stack gap="sm" mt="sm">
                <Alert color="green">{`${network.name}'s routers now run on ${routerOfferingName(chosen?.serviceofferingid)}.`}</Alert>
                <Group justify="flex-end"><Button onClick={onClose}>Close</Button></Group>
              </Stack>
            </Stepper.Completed>
          </Stepper>
        </Stack>
      )}
      </StaleFieldset>
    </Modal>
  );
}
