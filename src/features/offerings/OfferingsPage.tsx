import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, Badge, Button, Group, Modal, NumberInput, SegmentedControl, Select, SimpleGrid, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useCreateServiceOffering, useServiceOfferings } from '../../api/queries/offerings';
import { PageLoader } from '../../components/PageLoader';
import { QueryError, errorText } from '../../components/QueryError';
import { formatCloudStackDate } from '../../lib/dates';
import { NetworkOfferingsSection } from './NetworkOfferingsSection';
import { cpuText, EMPTY_FORM, memoryText, readTypeParam, SYSTEM_VM_TYPE_NAMES, toCreateParams, validateSystemOffering, type SystemOfferingForm, type SystemVmType } from './offeringForm';

/** Configuration > Offerings: system service offerings (list and create) and the network offerings naming them. */
export function OfferingsPage() {
  useDocumentTitle('Offerings · CloudStack System VMs');
  const [search, setSearch] = useSearchParams();
  const type = readTypeParam(search.get('type'));
  const offerings = useServiceOfferings({ issystem: true, ...(type ? { systemvmtype: type } : {}) });
  const [creating, setCreating] = useState(false);

  const setType = (v: string) => setSearch((p) => {
    const next = new URLSearchParams(p);
    if (v === 'all') next.delete('type');
    else next.set('type', v);
    return next;
  });

  return (
    <Stack gap="md">
      <Title order={1}>Offerings</Title>
      <Group justify="space-between">
        <Title order={2} size="h3">System service offerings</Title>
        <Button onClick={() => setCreating(true)}>Create system offering</Button>
      </Group>
      <SegmentedControl value={type ?? 'all'} onChange={setType} aria-label="System VM type"
        data={[{ value: 'all', label: 'All' }, ...Object.entries(SYSTEM_VM_TYPE_NAMES).map(([value, label]) => ({ value, label }))]} />
      {offerings.isPending && <PageLoader label="Loading offerings…" />}
      {offerings.isError && <QueryError title="Could not load the offerings" error={offerings.error} onRetry={() => void offerings.refetch()} retrying={offerings.isFetching} />}
      {offerings.data && offerings.data.length === 0 && <Text c="dimmed">No system offering of this type.</Text>}
      {offerings.data && offerings.data.length > 0 && (
        <Table.ScrollContainer minWidth={900}>
          <Table striped highlightOnHover aria-label="System service offerings">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Name</Table.Th>
                <Table.Th scope="col">System VM type</Table.Th>
                <Table.Th scope="col">CPU</Table.Th>
                <Table.Th scope="col">Memory</Table.Th>
                <Table.Th scope="col">Network rate</Table.Th>
                <Table.Th scope="col">Offer HA</Table.Th>
                <Table.Th scope="col">Storage</Table.Th>
                <Table.Th scope="col">Created</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {offerings.data.map((o) => (
                <Table.Tr key={o.id}>
                  <Table.Td>
                    <Text size="sm" fw={600}>{o.name}</Text>
                    {o.displaytext && o.displaytext !== o.name && <Text size="xs" c="dimmed">{o.displaytext}</Text>}
                  </Table.Td>
                  <Table.Td>{SYSTEM_VM_TYPE_NAMES[o.systemvmtype as SystemVmType] ?? o.systemvmtype ?? ''}</Table.Td>
                  <Table.Td>{cpuText(o.cpunumber, o.cpuspeed)}</Table.Td>
                  <Table.Td>{memoryText(o.memory)}</Table.Td>
                  <Table.Td>{o.networkrate ? `${o.networkrate} Mb/s` : 'default'}</Table.Td>
                  <Table.Td>{o.offerha ? <Badge variant="light" color="green">Yes</Badge> : 'No'}</Table.Td>
                  <Table.Td>{o.storagetype ?? ''}</Table.Td>
                  <Table.Td>{formatCloudStackDate(o.created)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <NetworkOfferingsSection />
      <CreateSystemOfferingModal opened={creating} onClose={() => setCreating(false)} initialType={type} />
    </Stack>
  );
}

function CreateSystemOfferingModal({ opened, onClose, initialType }: { opened: boolean; onClose: () => void; initialType?: SystemVmType }) {
  const create = useCreateServiceOffering();
  const [form, setForm] = useState<SystemOfferingForm>({ ...EMPTY_FORM, systemvmtype: initialType ?? 'domainrouter' });
  const [tried, setTried] = useState(false);
  const errors = tried ? validateSystemOffering(form) : {};
  const set = <K extends keyof SystemOfferingForm>(k: K, v: SystemOfferingForm[K]) => setForm((f) => ({ ...f, [k]: v }));
  const close = () => {
    setForm({ ...EMPTY_FORM, systemvmtype: initialType ?? 'domainrouter' });
    setTried(false);
    create.reset();
    onClose();
  };
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (Object.keys(validateSystemOffering(form)).length) return;
    create.mutate(toCreateParams(form), { onSuccess: close });
  };
  const num = (k: 'cpunumber' | 'cpuspeed' | 'memory' | 'networkrate') => ({
    value: form[k] === '' ? '' : Number(form[k]),
    onChange: (v: string | number) => set(k, String(v)),
    error: errors[k],
    allowDecimal: false,
    allowNegative: false,
  });
  return (
    <Modal opened={opened} onClose={create.isPending ? () => undefined : close} title="Create system service offering" size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput label="Name" required value={form.name} onChange={(e) => set('name', e.currentTarget.value)} error={errors.name} />
          <TextInput label="Description" value={form.displaytext} onChange={(e) => set('displaytext', e.currentTarget.value)} />
          <Select label="System VM type" required value={form.systemvmtype} allowDeselect={false}
            onChange={(v) => v && set('systemvmtype', v as SystemVmType)}
            data={Object.entries(SYSTEM_VM_TYPE_NAMES).map(([value, label]) => ({ value, label }))} />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <NumberInput label="CPU cores" required {...num('cpunumber')} />
            <NumberInput label="CPU speed (MHz)" required {...num('cpuspeed')} />
            <NumberInput label="Memory (MB)" required {...num('memory')} />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NumberInput label="Network rate (Mb/s)" description="Empty: the zone's default" {...num('networkrate')} />
            <Select label="Storage type" value={form.storagetype} allowDeselect={false} onChange={(v) => v && set('storagetype', v as 'shared' | 'local')}
              data={[{ value: 'shared', label: 'Shared' }, { value: 'local', label: 'Local' }]} />
          </SimpleGrid>
          <Switch label="Offer HA (restart the VM on another host if its host fails)" checked={form.offerha} onChange={(e) => set('offerha', e.currentTarget.checked)} />
          {create.isError && (
            <Alert color="red" title="The offering was not created" role="alert">
              {errorText(create.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close} disabled={create.isPending}>Cancel</Button>
            <Button type="submit" loading={create.isPending}>Create</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

