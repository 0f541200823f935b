import { Alert, Badge, Button, Group, List, Modal, Progress, Stack, Text } from '@mantine/core';
import type { SystemVm } from '../../api/schemas';
import { planZoneUpgrade, upgradeProgress, type ZoneUpgradeState } from './zoneUpgrade';
import { count } from '../../lib/plural';

export { useZoneUpgrade } from './useZoneUpgrade';

const STEP_COLORS = { waiting: 'gray', destroying: 'orange', deploying: 'blue', done: 'green', failed: 'red' } as const;
const STEP_WORDS = { waiting: 'Waiting', destroying: 'Destroying', deploying: 'Deploying the new VM', done: 'Done', failed: 'Failed' } as const;

/** The confirmation: which VMs are recreated, and that console sessions and SSVM tasks are interrupted. */
export function ZoneUpgradeConfirm({ zone, vms, onCancel, onConfirm }: {
  zone: { zoneid: string; zonename: string } | null;
  vms: SystemVm[];
  onCancel: () => void;
  onConfirm: (plan: ZoneUpgradeState) => void;
}) {
  const plan = zone ? planZoneUpgrade(zone.zoneid, zone.zonename, vms) : null;
  return (
    <Modal opened={zone !== null} onClose={onCancel} title={zone ? `Upgrade the system VMs of ${zone.zonename}?` : ''}>
      {plan && (
        <Stack gap="sm">
          <Text size="sm">
            Each VM is destroyed in turn; CloudStack deploys a new one of its type on the zone&apos;s current system VM template. The next starts
            only when the new one runs, as the <Text span ff="monospace">cloudstack-sysvmadm</Text> step of an upgrade does.
          </Text>
          <List size="sm">
            {plan.steps.map((s) => (
              <List.Item key={s.vmId}>{`${s.name} (${s.systemvmtype === 'consoleproxy' ? 'console proxy' : 'secondary storage VM'})`}</List.Item>
            ))}
          </List>
          <Alert color="orange" title="This interrupts users">
            Console sessions through the zone&apos;s console proxies end, and template downloads, copies and snapshot backups pause while
            the secondary storage VMs are recreated.
          </Alert>
          <Group justify="flex-end">
            <Button variant="default" onClick={onCancel}>Cancel</Button>
            <Button color="orange" onClick={() => onConfirm(plan)} disabled={plan.steps.length === 0}>
              {`Upgrade ${count(plan.steps.length, 'system VM')}`}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

/** Progress of a zone's upgrade: a bar, each VM's step, and the error that stopped it. */
export function ZoneUpgradeProgress({ state, onCancel, onClose }: { state: ZoneUpgradeState; onCancel: () => void; onClose: () => void }) {
  const p = upgradeProgress(state);
  const finished = state.phase !== 'running';
  return (
    <Alert color={state.phase === 'failed' ? 'red' : state.phase === 'done' ? 'green' : 'blue'}
      title={`Upgrade of the system VMs of ${state.zonename}: ${state.phase === 'running' ? 'in progress' : state.phase}`} data-testid="zone-upgrade">
      <Stack gap="xs">
        <Progress value={p.percent} animated={!finished} aria-label={`Upgrade progress ${p.percent}%`} />
        <Text size="sm" aria-live="polite">{`${p.done} of ${p.total} recreated${p.current ? `; now ${p.current.name}` : ''}`}</Text>
        {state.steps.map((s) => (
          <Group key={s.vmId} gap="xs">
            <Badge color={STEP_COLORS[s.status]} variant="light">{STEP_WORDS[s.status]}</Badge>
            <Text size="sm">{`${s.name}${s.newName ? ` → ${s.newName}${s.newVersion ? ` (${s.newVersion})` : ''}` : ''}`}</Text>
            {s.error && <Text size="sm" c="red">{s.error}</Text>}
          </Group>
        ))}
        <Group>
          {!finished && <Button size="xs" variant="outline" onClick={onCancel}>Cancel the remaining VMs</Button>}
          {finished && <Button size="xs" variant="outline" onClick={onClose}>Close</Button>}
        </Group>
      </Stack>
    </Alert>
  );
}
