import { useState } from 'react';
import { Alert, Button, Group, List, Modal, Stack, Text, TextInput } from '@mantine/core';
import type { Template } from '../../api/schemas';
import { useRetryTemplateDownload } from '../../api/queries/useTemplates';
import { errorText } from '../../components/QueryError';
import { INTERNAL_HOSTING_STEPS, retryParams, unreachableSource } from './retryDownload';

export interface RetryDownloadModalProps {
  template: Template;
  /** retry: the same URL; edit: a URL the admin corrects. */
  mode: 'retry' | 'edit';
  onClose(): void;
}

/** How to host a template inside a cloud that cannot reach the Internet (also in the README). */
export function InternalHostingHelp() {
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>When the cloud cannot reach the Internet</Text>
      <List type="ordered" size="sm" spacing={2}>
        {INTERNAL_HOSTING_STEPS.map((s) => (
          <List.Item key={s}>{s}</List.Item>
        ))}
      </List>
    </Stack>
  );
}

/**
 * Retry or Edit URL for a failed download: says why it failed and what the retry does (the failed template
 * is deleted in its zone and registered again there), and how to host the file inside the cloud.
 */
export function RetryDownloadModal({ template, mode, onClose }: RetryDownloadModalProps) {
  const [url, setUrl] = useState(template.url ?? '');
  const [tried, setTried] = useState(false);
  const retry = useRetryTemplateDownload();
  const { params, problems } = retryParams(template, url);
  const zone = template.zonename ?? template.zoneid ?? 'its zone';
  const submit = () => {
    setTried(true);
    if (!params || !template.zoneid) return;
    retry.mutate({ id: template.id, zoneid: template.zoneid, params }, { onSuccess: onClose });
  };
  return (
    <Modal opened onClose={onClose} title={mode === 'retry' ? `Retry the download of ${template.name}` : `Edit the URL of ${template.name}`} centered size="lg">
      <form onSubmit={(e) => { e.preventDefault(); submit(); }}>
        <Stack gap="sm">
          <Alert color="red" variant="light" title={`The download failed in ${zone}`}>
            <Text size="sm">{template.status ?? 'Failed'}</Text>
          </Alert>
          <Text size="sm">
            {`CloudStack cannot download a failed template again, nor change its URL: this deletes the failed ${template.name} in ${zone} and registers it again there${mode === 'edit' ? ' from the URL below' : ` from ${template.url ?? 'the same URL'}`}. The zone's secondary storage VM then downloads it; the list shows its progress.`}
          </Text>
          {mode === 'edit' && (
            <TextInput label="URL" required value={url} onChange={(e) => setUrl(e.currentTarget.value)} error={tried ? problems.url : undefined} data-autofocus
              description="The secondary storage VM of the zone downloads the template from here" />
          )}
          {mode === 'retry' && tried && problems.url && <Text size="sm" c="red">{problems.url}</Text>}
          {(unreachableSource(template.status) || mode === 'edit') && <InternalHostingHelp />}
          {retry.isError && (
            <Alert color="red" variant="light" title="Could not register the template again" role="alert">
              <Text size="sm">{errorText(retry.error)}</Text>
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={retry.isPending}>{mode === 'retry' ? 'Retry download' : 'Register from this URL'}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
