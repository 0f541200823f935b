import { useState } from 'react';
import { Alert, Badge, Button, Group, Modal, Select, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { useCreateNetworkOffering, useNetworkOfferings, useServiceOfferings } from '../../api/queries/offerings';
import { PageLoader } from '../../components/PageLoader';
import { QueryError, errorText } from '../../components/QueryError';

/**
 * Network offerings and the system offering their routers run on: the way to bigger routers is a
 * domain-router system offering, a network offering naming it, and the network moved to that offering
 * ("Upgrading a Virtual Router with System Service Offerings" in CloudStack's Administration Guide, System Virtual Machines (cloudstack-documentation adminguide/systemvm.rst)).
 */
export function NetworkOfferingsSection() {
  const offerings = useNetworkOfferings();
  const routerOfferings = useServiceOfferings({ issystem: true, systemvmtype: 'domainrouter' });
  const [creating, setCreating] = useState(false);
  const routerName = (id?: string) => (id ? routerOfferings.data?.find((o) => o.id === id)?.name ?? id : 'Default router offering');
  return (
    <Stack gap="sm" mt="lg">
      <Group justify="space-between">
        <Title order={2} size="h3">Network offerings</Title>
        <Button variant="outline" onClick={() => setCreating(true)}>Create network offering</Button>
      </Group>
      {offerings.isPending && <PageLoader label="Loading network offerings…" />}
      {offerings.isError && <QueryError title="Could not load the network offerings" error={offerings.error} onRetry={() => void offerings.refetch()} />}
      {offerings.data && (
        <Table.ScrollContainer minWidth={800}>
          <Table striped aria-label="Network offerings">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Name</Table.Th>
                <Table.Th scope="col">Guest IP type</Table.Th>
                <Table.Th scope="col">Router system offering</Table.Th>
                <Table.Th scope="col">State</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {offerings.data.map((o) => (
                <Table.Tr key={o.id}>
                  <Table.Td>
                    <Text size="sm" fw={600}>{o.name}</Text>
                    {o.displaytext && <Text size="xs" c="dimmed">{o.displaytext}</Text>}
                  </Table.Td>
                  <Table.Td>{`${o.guestiptype ?? ''}${o.forvpc ? ' (VPC)' : ''}`}</Table.Td>
                  <Table.Td>{routerName(o.serviceofferingid)}</Table.Td>
                  <Table.Td><Badge variant="light" color={o.state === 'Enabled' ? 'green' : 'gray'}>{o.state}</Badge></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <CreateNetworkOfferingModal opened={creating} onClose={() => setCreating(false)} routerOfferings={(routerOfferings.data ?? []).map((o) => ({ value: o.id, label: o.name }))} />
    </Stack>
  );
}

function CreateNetworkOfferingModal({ opened, onClose, routerOfferings }: { opened: boolean; onClose: () => void; routerOfferings: { value: string; label: string }[] }) {
  const create = useCreateNetworkOffering();
  const [name, setName] = useState('');
  const [displaytext, setDisplaytext] = useState('');
  const [guestiptype, setGuestiptype] = useState<'Isolated' | 'Shared'>('Isolated');
  const [serviceofferingid, setServiceofferingid] = useState<string | null>(null);
  const [enable, setEnable] = useState(true);
  const [tried, setTried] = useState(false);
  const nameError = tried && !name.trim() ? 'Give the offering a name' : undefined;
  const close = () => {
    setName('');
    setDisplaytext('');
    setServiceofferingid(null);
    setTried(false);
    create.reset();
    onClose();
  };
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (!name.trim()) return;
    create.mutate({
      name: name.trim(), displaytext: displaytext.trim() || name.trim(), guestiptype, traffictype: 'Guest', enable,
      supportedservices: guestiptype === 'Isolated' ? 'Dhcp,Dns,SourceNat,StaticNat,PortForwarding,Lb,Firewall,UserData' : 'Dhcp,Dns,UserData',
      ...(guestiptype === 'Shared' ? { specifyvlan: true, specifyipranges: true } : {}),
      ...(serviceofferingid ? { serviceofferingid } : {}),
    }, { onSuccess: close });
  };
  return (
    <Modal opened={opened} onClose={create.isPending ? () => undefined : close} title="Create network offering">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={nameError} />
          <TextInput label="Description" value={displaytext} onChange={(e) => setDisplaytext(e.currentTarget.value)} />
          <Select label="Guest IP type" value={guestiptype} allowDeselect={false} onChange={(v) => v && setGuestiptype(v as 'Isolated' | 'Shared')}
            data={['Isolated', 'Shared']} />
          <Select label="System offering for the routers" placeholder="The default router offering" clearable value={serviceofferingid}
            onChange={setServiceofferingid} data={routerOfferings} />
          <Switch label="Enable now (networks can only move to an enabled offering)" checked={enable} onChange={(e) => setEnable(e.currentTarget.checked)} />
          {create.isError && <Alert color="red" title="The offering was not created" role="alert">{errorText(create.error)}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={close} disabled={create.isPending}>Cancel</Button>
            <Button type="submit" loading={create.isPending}>Create</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
