import { useState } from 'react';
import { Alert, Button, Group, Modal, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useSearchParams } from 'react-router-dom';
import type { Template } from '../../api/schemas';
import { useDeleteTemplate, useTemplates } from '../../api/queries/useTemplates';
import { useZones } from '../../api/queries/useZones';
import { PageLoader } from '../../components/PageLoader';
import { PinnedActionsCell, PinnedActionsHead } from '../../components/PinnedActionsTable';
import { QueryError, errorText } from '../../components/QueryError';
import { CopyTemplateModal } from './CopyTemplateModal';
import { RegisterTemplateModal } from './RegisterTemplateModal';
import { TemplateStatus } from './TemplateStatus';
import { anyInProgress, downloadState, isSystemVmTemplate } from './templateStatus';
import { RetryDownloadModal } from './RetryDownloadModal';

/** Templates: register a system VM template, watch the download, copy it to another zone, delete it. */
export function TemplatesPage() {
  useDocumentTitle('Templates · CloudStack System VMs');
  const [params, setParams] = useSearchParams();
  const show = params.get('show') === 'all' ? 'all' : 'system';
  const templates = useTemplates({}, anyInProgress);
  const zones = useZones();
  const [registering, setRegistering] = useState(false);
  const [copying, setCopying] = useState<Template | null>(null);
  const [deleting, setDeleting] = useState<Template | null>(null);
  const [retrying, setRetrying] = useState<{ template: Template; mode: 'retry' | 'edit' } | null>(null);
  const del = useDeleteTemplate();

  const list = (templates.data ?? []).filter((t) => show === 'all' || isSystemVmTemplate(t));
  const zonesOf = (id: string) => (templates.data ?? []).filter((t) => t.id === id && t.zoneid).map((t) => t.zoneid!);

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1}>Templates</Title>
        <Button onClick={() => setRegistering(true)}>Register template</Button>
      </Group>
      <SegmentedControl
        aria-label="Templates shown"
        w="fit-content"
        value={show}
        onChange={(v) => setParams((p) => { const n = new URLSearchParams(p); if (v === 'all') n.set('show', 'all'); else n.delete('show'); return n; }, { replace: true })}
        data={[{ value: 'system', label: 'System VM templates' }, { value: 'all', label: 'All templates' }]}
      />
      {templates.isPending && <PageLoader label="Loading templates…" />}
      {templates.isError && (
        <QueryError title="Could not load the templates" error={templates.error} onRetry={() => void templates.refetch()} retrying={templates.isFetching} />
      )}
      {templates.data && list.length === 0 && <Text c="dimmed">No templates.</Text>}
      {list.length > 0 && (
        <Table.ScrollContainer minWidth={900}>
          <Table striped highlightOnHover captionSide="top">
            <Table.Caption>{`${list.length} template rows (one per zone)`}</Table.Caption>
            <PinnedActionsHead columns={['Name', 'Hypervisor', 'Type', 'Format', 'Zone', 'Status']} />
            <Table.Tbody>
              {list.map((t) => (
                <Table.Tr key={`${t.id}:${t.zoneid ?? 'all'}`} data-template={t.name}>
                  <Table.Td>{t.name}</Table.Td>
                  <Table.Td>{t.hypervisor}</Table.Td>
                  <Table.Td>{t.templatetype}</Table.Td>
                  <Table.Td>{t.format}</Table.Td>
                  <Table.Td>{t.zonename ?? (t.zoneid ? t.zoneid : 'All zones')}</Table.Td>
                  <Table.Td><TemplateStatus status={t.status} isready={t.isready} name={t.name} /></Table.Td>
                  <PinnedActionsCell>
                    <Group gap="xs" wrap="nowrap">
                      {t.zoneid && downloadState(t).kind === 'failed' && (
                        <>
                          <Button size="xs" variant="light" onClick={() => setRetrying({ template: t, mode: 'retry' })}
                            aria-label={`Retry the download of ${t.name} in ${t.zonename ?? t.zoneid}`}>Retry</Button>
                          <Button size="xs" variant="light" onClick={() => setRetrying({ template: t, mode: 'edit' })}
                            aria-label={`Edit the URL of ${t.name} in ${t.zonename ?? t.zoneid}`}>Edit URL</Button>
                        </>
                      )}
                      {t.zoneid && t.isready && (
                        <Button size="xs" variant="light" onClick={() => setCopying(t)} aria-label={`Copy ${t.name} from ${t.zonename ?? t.zoneid}`}>Copy</Button>
                      )}
                      {t.templatetype !== 'SYSTEM' && (
                        <Button size="xs" variant="subtle" color="red" onClick={() => { del.reset(); setDeleting(t); }}
                          aria-label={`Delete ${t.name}${t.zonename ? ` from ${t.zonename}` : ''}`}>Delete</Button>
                      )}
                    </Group>
                  </PinnedActionsCell>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <RegisterTemplateModal opened={registering} zones={zones.data ?? []} onClose={() => setRegistering(false)} />
      <CopyTemplateModal key={copying ? `${copying.id}:${copying.zoneid}` : 'none'} template={copying} zones={zones.data ?? []}
        presentIn={copying ? zonesOf(copying.id) : []} onClose={() => setCopying(null)} />
      {retrying && (
        <RetryDownloadModal key={`${retrying.template.id}:${retrying.mode}`} template={retrying.template} mode={retrying.mode} onClose={() => setRetrying(null)} />
      )}
      {deleting && (
        <Modal opened onClose={() => setDeleting(null)} title={`Delete ${deleting.name}`} centered>
          <Stack gap="sm">
            <Alert color="orange" variant="light" title="This cannot be undone">
              The template is removed from {deleting.zonename ?? 'every zone'}. Routers already running on it keep running; routers that
              router.template.* would deploy on it fall back to the current system VM template.
            </Alert>
            {del.isError && (
              <Alert color="red" variant="light" title="Delete failed" role="alert">
                <Text size="sm">{errorText(del.error)}</Text>
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setDeleting(null)}>Cancel</Button>
              <Button color="red" loading={del.isPending}
                onClick={() => del.mutate({ id: deleting.id, zoneid: deleting.zoneid }, { onSuccess: () => setDeleting(null) })}>
                Delete
              </Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </Stack>
  );
}
