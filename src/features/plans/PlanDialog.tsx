import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import {
  ActionIcon, Alert, Badge, Button, Checkbox, Group, Modal, MultiSelect, NumberInput, ScrollArea, Select, Stack, Switch, Table, Text, TextInput,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { draftPlan, dryRunPlan, PlanApiError } from '../../api/plansClient';
import { useCreatePlan } from '../../api/queries/usePlans';
import { useZones } from '../../api/queries/useZones';
import { STRATEGIES, WEEKDAYS, type CreatePlanInput, type DraftRequest, type DryRun, type Strategy } from '../../api/plans';
import { errorText } from '../../components/QueryError';
import { formatDuration } from './format';
import { groupsByWave, moveGroup, ownerWindowsOf, rowOfField, type OwnerWindowRow } from './waveEdits';
import { count } from '../../lib/plural';

export interface PlanDialogProps {
  opened: boolean;
  onClose(): void;
  /** Preset by the routers screen: the grouping and the chosen groups (keys as the draft API takes them). */
  strategy?: Strategy;
  groups?: { key: string; name: string }[];
}

const STRATEGY_LABEL: Record<Strategy, string> = { zone: 'Zone by zone', pod: 'Pod by pod', cluster: 'Cluster by cluster', domain: 'Domain by domain', account: 'Account by account' };
const DAY_LABEL: Record<(typeof WEEKDAYS)[number], string> = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' };

/** A new upgrade plan: settings, waves drafted by the server from a strategy, edited by hand, previewed (dry run), saved or started. */
export function PlanDialog({ opened, onClose, strategy: presetStrategy, groups }: PlanDialogProps) {
  const navigate = useNavigate();
  const zones = useZones();
  const [name, setName] = useState('Router upgrade');
  const [strategy, setStrategy] = useState<Strategy>(presetStrategy ?? 'pod');
  const [zoneid, setZoneid] = useState<string | null>(null);
  const [chosen, setChosen] = useState<string[]>(groups?.map((g) => g.key) ?? []);
  const [canary, setCanary] = useState<number | string>(1);
  const [soak, setSoak] = useState<number | string>(0);
  const [parallel, setParallel] = useState<number | string>(5);
  const [budget, setBudget] = useState<number | string>(0);
  const [healthgate, setHealthgate] = useState(true);
  const [useWindow, setUseWindow] = useState(false);
  const [days, setDays] = useState<string[]>(['tue', 'thu']);
  const [start, setStart] = useState('22:00');
  const [minutes, setMinutes] = useState<number | string>(240);
  const [timezone, setTimezone] = useState(Intl.DateTimeFormat().resolvedOptions().timeZone);
  const [plan, setPlan] = useState<CreatePlanInput | undefined>();
  const [dry, setDry] = useState<DryRun | undefined>();
  const [needKeys, setNeedKeys] = useState(false);
  const [ownerRows, setOwnerRows] = useState<OwnerWindowRow[]>([]);
  const [moveWhat, setMoveWhat] = useState<string | null>(null);
  const [moveTo, setMoveTo] = useState<string | null>(null);
  const [registerKeys, setRegisterKeys] = useState(false);

  const settings = () => ({
    name, parallel: Number(parallel) || 1, failurebudget: Number(budget) || 0, soakminutes: Number(soak) || 0, healthgate,
    windows: useWindow ? [{ days: days as (typeof WEEKDAYS)[number][], start, minutes: Number(minutes) || 60, timezone }] : [],
    ownerwindows: owners.ownerwindows,
  });
  const owners = ownerWindowsOf(ownerRows);
  // A change of the customer windows clears the last check's error (it named a row that may be gone).
  const changeOwners = (f: (rows: OwnerWindowRow[]) => OwnerWindowRow[]) => {
    redo.reset();
    setOwnerRows(f);
  };
  const setOwnerRow = (i: number, patch: { owner?: string; window?: Partial<OwnerWindowRow['window']> }) =>
    changeOwners((rows) => rows.map((r, k) => (k === i ? { owner: patch.owner ?? r.owner, window: { ...r.window, ...patch.window } } : r)));
  const draft = useMutation({
    mutationFn: () => {
      const req: DraftRequest = {
        ...settings(), strategy, zoneid: zoneid ?? undefined,
        groups: groups ? chosen : undefined,
        canary: Number(canary) > 0 ? { routers: Number(canary) } : undefined,
      };
      return draftPlan(req);
    },
    onSuccess: (d) => {
      setPlan(d.plan);
      setDry(d.dryrun);
    },
  });
  const redo = useMutation({
    mutationFn: (p: CreatePlanInput) => dryRunPlan(p),
    onSuccess: (d, p) => {
      setPlan(p);
      setDry(d);
    },
  });
  const create = useCreatePlan();

  const editWaves = (f: (w: CreatePlanInput['waves']) => CreatePlanInput['waves']) => {
    if (!plan) return;
    redo.mutate({ ...plan, ...settings(), waves: f([...plan.waves]) });
  };
  const move = (i: number, d: -1 | 1) => editWaves((w) => {
    const j = i + d;
    if (j < 0 || j >= w.length || w[i]!.canary || w[j]!.canary) return w;
    [w[i], w[j]] = [w[j]!, w[i]!];
    return w;
  });
  const mergeNext = (i: number) => editWaves((w) => {
    if (!w[i + 1]) return w;
    w.splice(i, 2, { ...w[i]!, name: `${w[i]!.name} + ${w[i + 1]!.name}`, routerids: [...w[i]!.routerids, ...w[i + 1]!.routerids] });
    return w;
  });
  const split = (i: number) => editWaves((w) => {
    const ids = w[i]!.routerids;
    if (ids.length < 2) return w;
    const half = Math.ceil(ids.length / 2);
    w.splice(i, 1, { ...w[i]!, routerids: ids.slice(0, half), name: `${w[i]!.name} (1)` }, { name: `${w[i]!.name} (2)`, canary: false, routerids: ids.slice(half) });
    return w;
  });

  const waveGroups = dry && plan ? groupsByWave(dry, strategy) : [];
  const moveChosen = waveGroups.find((g) => `${g.wave}|${g.key}` === moveWhat);
  const moveSelected = () => {
    if (!moveChosen || moveTo === null) return;
    editWaves((w) => moveGroup(w, moveChosen.routerids, moveChosen.wave, Number(moveTo)));
    setMoveWhat(null);
    setMoveTo(null);
  };
  // The accounts and domains of the plan's routers, for their own windows.
  const ownerChoices = (() => {
    const m = new Map<string, string>();
    for (const w of dry?.waves ?? []) for (const r of w.routers) {
      if (!r.domainid) continue;
      m.set(r.domainid, `Domain ${r.domain ?? r.domainid}`);
      if (r.account) m.set(`${r.domainid}/${r.account}`, `Account ${r.account} (${r.domain ?? ''})`);
    }
    return [...m].map(([value, label]) => ({ value, label })).sort((a, b) => a.label.localeCompare(b.label));
  })();

  const save = (run: boolean) => {
    if (!plan) return;
    create.mutate({ ...plan, ...settings(), start: run, registerkeys: registerKeys }, {
      onSuccess: (p) => {
        onClose();
        void navigate(`/plans?plan=${encodeURIComponent(p.id)}`);
      },
      onError: (e) => {
        if (e instanceof PlanApiError && e.field === 'registerkeys') setNeedKeys(true);
      },
    });
  };

  const error = draft.error ?? redo.error ?? (needKeys ? null : create.error);
  // An error naming a customer window's field is shown at its row.
  const ownerErrorRow = error instanceof PlanApiError ? rowOfField(owners.fieldOfRow, error.field) : -1;
  return (
    <Modal opened={opened} onClose={onClose} title="Plan a router upgrade" size="xl" centered>
      <Stack gap="sm">
        <Group grow align="flex-start">
          <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} required />
          <Select label="Waves" data={STRATEGIES.map((s) => ({ value: s, label: STRATEGY_LABEL[s] }))} value={strategy}
            onChange={(v) => v && setStrategy(v as Strategy)} disabled={!!presetStrategy} allowDeselect={false} />
          <Select label="Zone" placeholder="All zones" clearable data={(zones.data ?? []).map((z) => ({ value: z.id, label: z.name }))} value={zoneid} onChange={setZoneid} />
        </Group>
        {groups && (
          <Checkbox.Group label="Groups in the plan" value={chosen} onChange={setChosen}>
            <Group gap="sm" mt={4}>
              {groups.map((g) => <Checkbox key={g.key} value={g.key} label={g.name} />)}
            </Group>
          </Checkbox.Group>
        )}
        <Group grow align="flex-start">
          <NumberInput label="Canary routers" description="0: no canary wave" min={0} value={canary} onChange={setCanary} />
          <NumberInput label="Soak (minutes)" min={0} value={soak} onChange={setSoak} />
          <NumberInput label="Upgrades at once" min={1} max={1000} value={parallel} onChange={setParallel} />
          <NumberInput label="Failure budget" description="Pause when more fail" min={0} value={budget} onChange={setBudget} />
        </Group>
        <Switch label="Health gate: fresh health checks after the canary and of an upgraded redundant peer" checked={healthgate} onChange={(e) => setHealthgate(e.currentTarget.checked)} />
        <Switch label="Only inside a maintenance window" checked={useWindow} onChange={(e) => setUseWindow(e.currentTarget.checked)} />
        {useWindow && (
          <Group grow align="flex-start">
            <MultiSelect label="Days" data={WEEKDAYS.map((d) => ({ value: d, label: DAY_LABEL[d] }))} value={days} onChange={setDays} />
            <TextInput label="Start (HH:mm)" value={start} onChange={(e) => setStart(e.currentTarget.value)} />
            <NumberInput label="Length (minutes)" min={1} value={minutes} onChange={setMinutes} />
            <TextInput label="Time zone" value={timezone} onChange={(e) => setTimezone(e.currentTarget.value)} />
          </Group>
        )}
        <Group>
          <Button onClick={() => draft.mutate()} loading={draft.isPending} variant={plan ? 'default' : 'filled'}>
            {plan ? 'Draft the waves again' : 'Preview'}
          </Button>
        </Group>
        {error && ownerErrorRow < 0 && <Alert color="red" title="The plan was not accepted">{errorText(error)}</Alert>}
        {dry && plan && (
          <Stack gap="xs" data-testid="plan-preview">
            <Text size="sm" fw={600} role="status">
              {`${count(plan.waves.length, 'wave')}, ${count(plan.waves.reduce((a, w) => a + w.routerids.length, 0), 'router')}, about ${formatDuration(dry.estimateseconds)} of upgrading (one upgrade ≈ ${formatDuration(dry.upgradeseconds)})`}
            </Text>
            <ScrollArea.Autosize mah={260} type="auto">
              <Table striped aria-label="Waves of the plan">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Wave</Table.Th><Table.Th>Routers</Table.Th><Table.Th>Networks</Table.Th><Table.Th>Accounts</Table.Th><Table.Th>Estimate</Table.Th><Table.Th>Edit</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {dry.waves.map((w, i) => (
                    <Table.Tr key={`${i}-${w.name}`} data-testid="preview-wave">
                      <Table.Td>{w.canary && <Badge color="grape" variant="light" mr={4}>Canary</Badge>}{w.name}</Table.Td>
                      <Table.Td title={w.routers.map((r) => r.name).join(', ')}>{w.routers.length}</Table.Td>
                      <Table.Td>{w.networks}</Table.Td>
                      <Table.Td title={w.accounts.join(', ')}>{w.accounts.length}</Table.Td>
                      <Table.Td>{formatDuration(w.estimateseconds)}</Table.Td>
                      <Table.Td>
                        <Group gap={2} wrap="nowrap">
                          <ActionIcon variant="subtle" size="sm" aria-label={`Move ${w.name} earlier`} onClick={() => move(i, -1)} disabled={i === 0 || w.canary}>↑</ActionIcon>
                          <ActionIcon variant="subtle" size="sm" aria-label={`Move ${w.name} later`} onClick={() => move(i, 1)} disabled={i === dry.waves.length - 1 || w.canary}>↓</ActionIcon>
                          <Button variant="subtle" size="compact-xs" onClick={() => mergeNext(i)} disabled={i === dry.waves.length - 1}>Merge with next</Button>
                          <Button variant="subtle" size="compact-xs" onClick={() => split(i)} disabled={w.routers.length < 2}>Split</Button>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea.Autosize>
            {waveGroups.length > 0 && (
              <Group align="flex-end" gap="xs" data-testid="move-group">
                <Select label="Move a group" placeholder="Group" data={waveGroups.filter((g) => !dry.waves[g.wave]?.canary).map((g) => ({
                  value: `${g.wave}|${g.key}`, label: `${g.label} (wave ${g.wave + 1}, ${count(g.routerids.length, 'router')})` }))}
                  value={moveWhat} onChange={setMoveWhat} searchable />
                <Select label="To wave" placeholder="Wave" data={dry.waves.map((w, i) => ({ value: String(i), label: `${i + 1}. ${w.name}`, disabled: w.canary || i === moveChosen?.wave }))}
                  value={moveTo} onChange={setMoveTo} />
                <Button variant="default" onClick={moveSelected} disabled={!moveChosen || moveTo === null} loading={redo.isPending}>Move</Button>
              </Group>
            )}
            <Stack gap={4} data-testid="owner-windows">
              <Group justify="space-between">
                <Text size="sm" fw={500}>Customer windows</Text>
                <Button size="compact-xs" variant="subtle" disabled={ownerChoices.length === 0}
                  onClick={() => changeOwners((rows) => [...rows, { owner: ownerChoices[0]!.value, window: { days: ['sat'], start: '02:00', minutes: 120, timezone } }])}>
                  Add a window for an account or domain
                </Button>
              </Group>
              <Text size="xs" c="dimmed">A router of that account (or domain) is upgraded only inside its windows and the plan's.</Text>
              {ownerRows.map((row, i) => (
                <Stack key={i} gap={2} data-testid="owner-window">
                  <Group grow align="flex-start" gap="xs">
                    <Select label="Account or domain" data={ownerChoices} value={row.owner} onChange={(v) => v && setOwnerRow(i, { owner: v })} allowDeselect={false} searchable />
                    <MultiSelect label="Days" data={WEEKDAYS.map((d) => ({ value: d, label: DAY_LABEL[d] }))} value={row.window.days}
                      onChange={(v) => setOwnerRow(i, { window: { days: v as (typeof WEEKDAYS)[number][] } })} />
                    <TextInput label="Start (HH:mm)" value={row.window.start} onChange={(e) => setOwnerRow(i, { window: { start: e.currentTarget.value } })} />
                    <NumberInput label="Length (minutes)" min={1} value={row.window.minutes} onChange={(v) => setOwnerRow(i, { window: { minutes: Number(v) || 0 } })} />
                    <TextInput label="Time zone" value={row.window.timezone} onChange={(e) => setOwnerRow(i, { window: { timezone: e.currentTarget.value } })} />
                  </Group>
                  <Group justify="space-between">
                    {ownerErrorRow === i && error ? (
                      <Text size="sm" c="red" role="alert" data-testid="owner-window-error">{errorText(error)}</Text>
                    ) : <span />}
                    <Button size="compact-xs" variant="subtle" color="red" onClick={() => changeOwners((rows) => rows.filter((_, k) => k !== i))}>Remove</Button>
                  </Group>
                </Stack>
              ))}
              {ownerRows.length > 0 && (
                <Group><Button size="xs" variant="default" onClick={() => plan && redo.mutate({ ...plan, ...settings() })} loading={redo.isPending}>Check the windows</Button></Group>
              )}
            </Stack>
            {dry.conflicts.length > 0 && (
              <Alert color="yellow" title={`${dry.conflicts.length} conflicts`} data-testid="plan-conflicts">
                <ScrollArea.Autosize mah={120}>
                  <Stack gap={2}>{dry.conflicts.map((c) => <Text key={`${c.kind}-${c.routerid}`} size="xs">{c.text}</Text>)}</Stack>
                </ScrollArea.Autosize>
              </Alert>
            )}
            {needKeys && (
              <Alert color="orange" title="The runner needs your API keys">
                <Text size="sm">The server runs the plan with your own API keys, even when this browser is closed. You have none yet.</Text>
                <Checkbox mt="xs" label="Generate my API keys (registerUserKeys)" checked={registerKeys} onChange={(e) => setRegisterKeys(e.currentTarget.checked)} />
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => save(false)} loading={create.isPending} disabled={needKeys && !registerKeys}>Save as draft</Button>
              <Button color="orange" onClick={() => save(true)} loading={create.isPending} disabled={needKeys && !registerKeys}>Start the plan</Button>
            </Group>
          </Stack>
        )}
      </Stack>
    </Modal>
  );
}
