import { useState } from 'react';
import { Alert, Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import type { Template, Zone } from '../../api/schemas';
import { useCopyTemplate } from '../../api/queries/useTemplates';
import { errorText } from '../../components/QueryError';

export interface CopyTemplateModalProps {
  template: Template | null;
  zones: Zone[];
  /** Zones the template is in already. */
  presentIn: string[];
  onClose(): void;
}

/** Copies a template to another zone; the destination's secondary storage VM copies it (progress in the list). */
export function CopyTemplateModal({ template, zones, presentIn, onClose }: CopyTemplateModalProps) {
  const [dest, setDest] = useState<string | null>(null);
  const copy = useCopyTemplate();
  if (!template) return null;
  const choices = zones.filter((z) => !presentIn.includes(z.id));
  return (
    <Modal opened onClose={onClose} title={`Copy ${template.name} to another zone`} centered>
      <Stack gap="sm">
        <Text size="sm">
          The destination zone’s secondary storage VM copies the template from {template.zonename ?? 'its zone'}; the list shows its progress.
        </Text>
        <Select label="Destination zone" placeholder={choices.length ? 'Choose a zone' : 'The template is in every zone'} value={dest}
          onChange={setDest} data={choices.map((z) => ({ value: z.id, label: z.name }))} disabled={choices.length === 0} />
        {copy.isError && (
          <Alert color="red" variant="light" title="Copy failed" role="alert">
            <Text size="sm">{errorText(copy.error)}</Text>
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Close</Button>
          <Button disabled={!dest} loading={copy.isPending}
            onClick={() => dest && copy.mutate({ id: template.id, destzoneid: dest, sourcezoneid: template.zoneid }, { onSuccess: onClose })}>
            Copy
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
