import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Alert, Autocomplete, Badge, Button, Group, NumberInput, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import type { Configuration } from '../../api/schemas';
import { useResetConfiguration, useUpdateConfiguration } from '../../api/queries/useConfigurations';
import { useQuery } from '@tanstack/react-query';
import { templatesQueryOptions } from '../../api/queries/useTemplates';
import { restartState, savedBeforeRestartKey, startsOf, useManagementServers, useRememberSave } from '../../api/queries/useManagementServers';
import { usePendingRestarts } from '../../api/queries/usePendingRestarts';
import { errorText } from '../../components/QueryError';
import { useZones } from '../../api/queries/useZones';
import { isSystemVmTemplate } from '../templates/templateStatus';
import { routerTemplateProblems, type TemplateRow } from './routerTemplateCheck';
import { afterSaveNote, isRemovedSetting, REMOVED_SETTINGS } from './settingNotes';
import { checkValue, editorKind, needsRestart, routerTemplateHypervisor } from './settingValue';

export interface SettingRowProps {
  setting: Configuration;
  zoneid: string | undefined;
}

/**
 * Every template (templatefilter=all, one row per zone), while a router.template.* value is edited: the
 * names to offer, and what the check before saving needs (other hypervisors, other zones, duplicates).
 */
function useRouterTemplates(hypervisor: string | undefined): { names: string[]; all: TemplateRow[] } | undefined {
  const q = useQuery({ ...templatesQueryOptions({}), enabled: hypervisor !== undefined });
  if (!hypervisor || !q.data) return undefined;
  const names = [...new Set(q.data.filter((t) => isSystemVmTemplate(t) && t.hypervisor?.toLowerCase() === hypervisor.toLowerCase()).map((t) => t.name))];
  return { names, all: q.data };
}

/**
 * One setting: its value, default, description and type, a "restart required" badge for settings that
 * are not dynamic; inline edit checked for the type, save (updateConfiguration) and reset
 * (resetConfiguration). An error is shown next to the row and the edit is kept.
 */
export function SettingRow({ setting, zoneid }: SettingRowProps) {
  const kind = editorKind(setting.type);
  const hypervisor = routerTemplateHypervisor(setting.name);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(setting.value ?? '');
  const [problem, setProblem] = useState<string | undefined>();
  const [warning, setWarning] = useState<string[] | undefined>();
  const [savedValue, setSavedValue] = useState<string | undefined>();
  const [saved, setSaved] = useState<'saved' | 'reset' | undefined>();
  const update = useUpdateConfiguration(zoneid);
  const reset = useResetConfiguration(zoneid);
  // A setting that is not dynamic: remember the servers' starts at the save, and compare with lastserverstart now.
  const rememberSave = useRememberSave();
  const staticSetting = needsRestart(setting);
  const savedStarts = useQuery({
    queryKey: savedBeforeRestartKey(setting.name, zoneid),
    queryFn: () => null as string | null,
    enabled: false,
    staleTime: Infinity,
  }).data;
  const servers = useManagementServers(staticSetting && typeof savedStarts === 'string');
  // Pending comes from the server's record (survives a reload); "restarted" from a save seen in this session.
  const pendingRestart = usePendingRestarts(staticSetting ? [setting.name] : [], staticSetting).data?.has(setting.name) ?? false;
  const sessionRestart = staticSetting ? restartState(savedStarts ?? undefined, startsOf(servers.data)) : undefined;
  const restart = pendingRestart ? 'pending' : sessionRestart === 'restarted' ? 'restarted' : undefined;
  const templates = useRouterTemplates(editing ? hypervisor : undefined);
  const templateNames = templates?.names;
  const zones = useZones();
  const zone = zoneid ? zones.data?.find((z) => z.id === zoneid) : undefined;
  const removed = REMOVED_SETTINGS.find((r) => r.name === setting.name);
  const label = `Value of ${setting.name}`;
  // Keyboard: the editor takes the focus when it opens; when it closes (saved or cancelled), the focus goes
  // back to the Edit button instead of being lost with the Save and Cancel buttons.
  const editButton = useRef<HTMLButtonElement>(null);
  const refocus = useRef(false);
  useEffect(() => {
    if (!editing && refocus.current) {
      editButton.current?.focus();
      refocus.current = false;
    }
  }, [editing]);

  const start = () => {
    setDraft(setting.value ?? '');
    setProblem(undefined);
    setWarning(undefined);
    setSaved(undefined);
    update.reset();
    reset.reset();
    setEditing(true);
  };

  const send = (value: string) => {
    setWarning(undefined);
    update.mutate(
      { name: setting.name, value },
      {
        onSuccess: () => {
          setEditing(false);
          setSaved('saved');
          setSavedValue(value);
          refocus.current = true;
          if (staticSetting) void rememberSave(setting.name, zoneid);
        },
      },
    );
  };

  const save = () => {
    setSaved(undefined);
    const reason = kind === 'text' && draft === '' ? undefined : checkValue(setting.type, draft);
    if (reason) {
      setProblem(`${setting.name}: '${draft}' ${reason}`);
      return;
    }
    setProblem(undefined);
    if (hypervisor && templates) {
      const problems = routerTemplateProblems(hypervisor, draft, templates.all, zoneid ? { id: zoneid, name: zone?.name ?? zoneid } : undefined);
      if (problems.length > 0) {
        setWarning(problems.map((p) => p.text));
        return;
      }
    }
    send(draft);
  };

  const doReset = () => {
    setSaved(undefined);
    update.reset();
    reset.mutate(setting.name, {
      onSuccess: () => {
        setEditing(false);
        setSaved('reset');
        refocus.current = true;
        if (staticSetting) void rememberSave(setting.name, zoneid);
      },
    });
  };

  const cancel = () => {
    setEditing(false);
    setWarning(undefined);
    setProblem(undefined);
    update.reset();
    refocus.current = true;
  };
  // Enter saves and Escape cancels in a text or number field.
  const onFieldKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      save();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      cancel();
    }
  };

  const restartNote = saved !== undefined && staticSetting && restart !== 'restarted';
  const extraNote = saved === 'saved' && savedValue !== undefined ? afterSaveNote(setting.name, savedValue) : undefined;
  const serverError = update.error ?? reset.error;

  let editor;
  if (kind === 'boolean') {
    editor = (
      <Switch aria-label={label} label={draft === 'true' ? 'true' : 'false'} checked={draft === 'true'} autoFocus
        onChange={(e) => setDraft(e.currentTarget.checked ? 'true' : 'false')} />
    );
  } else if (kind === 'integer' || kind === 'decimal') {
    editor = (
      <NumberInput aria-label={label} value={draft} allowDecimal={kind === 'decimal'} onChange={(v) => setDraft(String(v))} autoFocus onKeyDown={onFieldKey}
        error={problem} size="xs" w={160} />
    );
  } else if (hypervisor) {
    editor = (
      <Autocomplete aria-label={label} value={draft} onChange={setDraft} data={templateNames ?? []} error={problem} size="xs" w={260} autoFocus
        placeholder={`A routing template for ${hypervisor}`} />
    );
  } else {
    editor = (
      <TextInput aria-label={label} value={draft} onChange={(e) => setDraft(e.currentTarget.value)} error={problem} size="xs" w={260}
        autoFocus onKeyDown={onFieldKey} />
    );
  }

  return (
    <Table.Tr data-setting={setting.name}>
      <Table.Td>
        <Text size="sm" ff="monospace">{setting.name}</Text>
        <Group gap={4} mt={4}>
          {setting.isdynamic === false && <Badge size="xs" color="orange" variant="light">Restart required</Badge>}
          {restart === 'pending' && <Badge size="xs" color="red" variant="filled">Restart pending</Badge>}
          {restart === 'restarted' && <Badge size="xs" color="green" variant="light">Restarted since the change</Badge>}
          {removed && <Badge size="xs" color="gray" variant="filled">{`Removed in CloudStack ${removed.removedIn}`}</Badge>}
        </Group>
      </Table.Td>
      <Table.Td>
        <Stack gap={6}>
          {editing ? (
            <>
              {editor}
              {kind === 'boolean' && problem && <Text size="xs" c="red">{problem}</Text>}
              <Group gap="xs">
                <Button size="xs" onClick={save} loading={update.isPending}>Save</Button>
                <Button size="xs" variant="default" onClick={cancel}>
                  Cancel
                </Button>
              </Group>
            </>
          ) : (
            <Text size="sm" ff="monospace" data-testid={`value-${setting.name}`}>{setting.value === '' || setting.value == null ? '—' : setting.value}</Text>
          )}
          {warning && (
            <Alert color="yellow" variant="light" title={`Check ${draft.trim()} before saving`} role="alert" data-testid="template-warning">
              <Stack gap={4}>
                {warning.map((w) => (
                  <Text size="sm" key={w}>{w}</Text>
                ))}
              </Stack>
              <Group gap="xs" mt="xs">
                <Button size="xs" color="yellow" onClick={() => send(draft)} loading={update.isPending}>Save anyway</Button>
                <Button size="xs" variant="default" onClick={() => setWarning(undefined)}>Keep editing</Button>
              </Group>
            </Alert>
          )}
          {serverError && (
            <Alert color="red" variant="light" title={`Could not ${reset.error ? 'reset' : 'save'} ${setting.name}`} role="alert">
              <Text size="sm">{errorText(serverError)}</Text>
            </Alert>
          )}
          {saved && (
            <Text size="xs" c={restartNote ? 'orange' : 'green'} role="status">
              {saved === 'reset' ? 'Reset to the default.' : 'Saved.'}
              {restartNote ? ' The management server must be restarted for this setting to take effect.' : ''}
              {saved && restart === 'restarted' ? ' The management server has restarted since; the new value is in effect.' : ''}
            </Text>
          )}
          {extraNote && (
            <Text size="xs" c="orange" role="status" data-testid={`note-${setting.name}`}>{extraNote}</Text>
          )}
          {removed && <Text size="xs" c="dimmed">{removed.text}</Text>}
        </Stack>
      </Table.Td>
      <Table.Td><Text size="sm" ff="monospace">{setting.defaultvalue === '' || setting.defaultvalue == null ? '—' : setting.defaultvalue}</Text></Table.Td>
      <Table.Td><Text size="sm">{setting.description}</Text></Table.Td>
      <Table.Td><Text size="sm">{setting.type}</Text></Table.Td>
      <Table.Td>
        {!editing && !isRemovedSetting(setting.name) && (
          <Group gap="xs" wrap="nowrap">
            <Button size="xs" variant="light" onClick={start} aria-label={`Edit ${setting.name}`} ref={editButton}>Edit</Button>
            <Button size="xs" variant="subtle" onClick={doReset} loading={reset.isPending} aria-label={`Reset ${setting.name}`}
              disabled={setting.value === setting.defaultvalue}>
              Reset
            </Button>
          </Group>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
