import { useState } from 'react';
import { Alert, Button, Checkbox, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import type { Zone } from '../../api/schemas';
import { useRegisterTemplate } from '../../api/queries/useTemplates';
import { errorText } from '../../components/QueryError';
import { ALL_ZONES, emptyRegisterForm, HYPERVISOR_FORMATS, HYPERVISORS, registerFormErrors, registerParams, type RegisterForm } from './registerForm';

export interface RegisterTemplateModalProps {
  opened: boolean;
  zones: Zone[];
  onClose(): void;
}

/** Registers a (system VM) template: name, URL, hypervisor, format, zone or all zones, Routing. */
export function RegisterTemplateModal({ opened, zones, onClose }: RegisterTemplateModalProps) {
  const [form, setForm] = useState<RegisterForm>(emptyRegisterForm);
  const [tried, setTried] = useState(false);
  const register = useRegisterTemplate();
  const errors = tried ? registerFormErrors(form) : {};
  const set = <K extends keyof RegisterForm>(k: K, v: RegisterForm[K]) => setForm((f) => ({ ...f, [k]: v }));

  const submit = () => {
    setTried(true);
    if (Object.keys(registerFormErrors(form)).length > 0) return;
    register.mutate(registerParams(form), {
      onSuccess: () => {
        setForm(emptyRegisterForm);
        setTried(false);
        onClose();
      },
    });
  };

  return (
    <Modal opened={opened} onClose={onClose} title="Register template" centered size="lg">
      <form onSubmit={(e) => { e.preventDefault(); submit(); }}>
        <Stack gap="sm">
          <TextInput label="Name" required value={form.name} onChange={(e) => set('name', e.currentTarget.value)} error={errors.name} data-autofocus />
          <TextInput label="Description" value={form.displaytext} onChange={(e) => set('displaytext', e.currentTarget.value)}
            placeholder="Defaults to the name" />
          <TextInput label="URL" required value={form.url} onChange={(e) => set('url', e.currentTarget.value)} error={errors.url}
            description="The secondary storage VM of each zone downloads the template from here" />
          <Group grow>
            <Select label="Hypervisor" required data={HYPERVISORS} value={form.hypervisor} allowDeselect={false}
              onChange={(v) => v && setForm((f) => ({ ...f, hypervisor: v, format: HYPERVISOR_FORMATS[v]![0]! }))} error={errors.hypervisor} />
            <Select label="Format" required data={[...(HYPERVISOR_FORMATS[form.hypervisor] ?? [])]} value={form.format} allowDeselect={false}
              onChange={(v) => v && set('format', v)} error={errors.format} />
          </Group>
          <Select label="Zone" required placeholder="Choose a zone" value={form.zoneid || null} error={errors.zoneid} allowDeselect={false}
            data={[{ value: ALL_ZONES, label: 'All zones' }, ...zones.map((z) => ({ value: z.id, label: z.name }))]}
            onChange={(v) => set('zoneid', v ?? '')} />
          <TextInput label="Checksum" value={form.checksum} onChange={(e) => set('checksum', e.currentTarget.value)}
            placeholder="{SHA-256}… (optional)" />
          <Checkbox label="Routing" description="A system VM template for virtual routers (router.template.* may name it)"
            checked={form.isrouting} onChange={(e) => set('isrouting', e.currentTarget.checked)} />
          {register.isError && (
            <Alert color="red" variant="light" title="Could not register the template" role="alert">
              <Text size="sm">{errorText(register.error)}</Text>
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={register.isPending}>Register</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
