import { useEffect, useState } from 'react';
import { Alert, Anchor, Badge, Button, Checkbox, Code, Group, Modal, SegmentedControl, SimpleGrid, Stack, Tabs, Text, TextInput, Textarea } from '@mantine/core';
import { useDiagnosticsData, useRunDiagnostics, type DiagnosticsType } from '../../api/queries/diagnostics';
import { errorText } from '../../components/QueryError';
import { addressError, DIAGNOSTICS_FILES, parseExtraFiles, type DiagnosticsKind } from './files';
import { StaleFieldset } from '../../components/StaleFieldset';
import { count } from '../../lib/plural';

export interface DiagnosticsTarget {
  id: string;
  name: string;
  kind: DiagnosticsKind;
}

const PARAM_HINTS: Record<DiagnosticsType, string> = {
  ping: 'e.g. -c 3 (count), -s 100 (packet size)',
  traceroute: 'e.g. -m 10 (max hops), -q 1 (queries per hop)',
  arping: 'e.g. -c 2 (count), -I eth0 (interface)',
};

/**
 * Diagnostics of a router or system VM: ping, traceroute or arping an address from the VM (runDiagnostics,
 * showing stdout, stderr and the exit code), and the VM's chosen files as a download (getDiagnosticsData).
 */
export function DiagnosticsModal({ target, onClose }: { target: DiagnosticsTarget | null; onClose: () => void }) {
  return (
    <Modal opened={target !== null} onClose={onClose} title={target ? `Diagnostics of ${target.name}` : 'Diagnostics'} size="xl">
      <StaleFieldset>
      {target && (
        <Tabs defaultValue="run" keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="run">Run a test</Tabs.Tab>
            <Tabs.Tab value="data">Get diagnostics data</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="run" pt="md">
            <RunPanel target={target} />
          </Tabs.Panel>
          <Tabs.Panel value="data" pt="md">
            <DataPanel target={target} />
          </Tabs.Panel>
        </Tabs>
      )}
      </StaleFieldset>
    </Modal>
  );
}

function RunPanel({ target }: { target: DiagnosticsTarget }) {
  const run = useRunDiagnostics();
  const [type, setType] = useState<DiagnosticsType>('ping');
  const [address, setAddress] = useState('');
  const [params, setParams] = useState('');
  const [touched, setTouched] = useState(false);
  const invalid = addressError(address);
  const { reset } = run;
  // A mutation's reset is stable (TanStack Query binds it once per observer): this runs when the target changes.
  useEffect(() => reset(), [target.id, reset]);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (invalid) return;
    run.mutate({ targetid: target.id, type, ipaddress: address.trim(), params });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <SegmentedControl
          value={type}
          onChange={(v) => setType(v as DiagnosticsType)}
          data={[{ value: 'ping', label: 'Ping' }, { value: 'traceroute', label: 'Traceroute' }, { value: 'arping', label: 'Arping' }]}
          aria-label="Diagnostics type"
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="IP address" required value={address} onChange={(e) => setAddress(e.currentTarget.value)}
            onBlur={() => setTouched(true)} error={touched ? invalid : undefined} placeholder="10.1.1.1" autoComplete="off" />
          <TextInput label="Extra parameters" value={params} onChange={(e) => setParams(e.currentTarget.value)} description={PARAM_HINTS[type]} autoComplete="off" />
        </SimpleGrid>
        <Group>
          <Button type="submit" loading={run.isPending}>{`Run ${type}`}</Button>
        </Group>
        {run.isError && (
          <Alert color="red" title="The diagnostics did not run" role="alert">
            {errorText(run.error)}
          </Alert>
        )}
        {run.data && (
          <Stack gap="xs" aria-live="polite">
            <Group gap="xs">
              <Text fw={600}>Exit code</Text>
              <Badge color={run.data.exitcode === '0' ? 'green' : 'red'} data-testid="diagnostics-exitcode">{run.data.exitcode}</Badge>
            </Group>
            <Text fw={600} size="sm">stdout</Text>
            <Code block data-testid="diagnostics-stdout" style={{ maxHeight: 320, overflow: 'auto' }}>{run.data.stdout || '(empty)'}</Code>
            <Text fw={600} size="sm">stderr</Text>
            <Code block data-testid="diagnostics-stderr">{run.data.stderr || '(empty)'}</Code>
          </Stack>
        )}
      </Stack>
    </form>
  );
}

function DataPanel({ target }: { target: DiagnosticsTarget }) {
  const data = useDiagnosticsData();
  const defaults = DIAGNOSTICS_FILES[target.kind];
  const [files, setFiles] = useState<string[]>(defaults);
  const [extra, setExtra] = useState('');
  const parsed = parseExtraFiles(extra);
  const chosen = [...new Set([...files, ...parsed.files])];
  const { reset } = data;
  // A mutation's reset is stable (TanStack Query binds it once per observer): this runs when the target changes.
  useEffect(() => reset(), [target.id, reset]);

  return (
    <Stack gap="sm">
      <Checkbox.Group label="Files and command outputs to collect" value={files} onChange={setFiles}>
        <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs" spacing="xs">
          {defaults.map((f) => (
            <Checkbox key={f} value={f} label={f} />
          ))}
        </SimpleGrid>
      </Checkbox.Group>
      <Textarea label="Other files (absolute paths)" value={extra} onChange={(e) => setExtra(e.currentTarget.value)} autosize minRows={2}
        error={parsed.invalid.length ? `Not an absolute path: ${parsed.invalid.join(', ')}` : undefined} />
      <Group>
        <Button onClick={() => data.mutate({ targetid: target.id, files: chosen })} loading={data.isPending}
          disabled={chosen.length === 0 || parsed.invalid.length > 0}>
          {`Collect ${count(chosen.length, 'item')}`}
        </Button>
      </Group>
      {data.isError && (
        <Alert color="red" title="Could not collect the diagnostics data" role="alert">
          {errorText(data.error)}
        </Alert>
      )}
      {data.data && (
        <Alert color="green" title="Diagnostics data ready">
          <Anchor href={data.data} download>{`Download ${decodeURIComponent(data.data.split('/').pop() ?? 'bundle.zip')}`}</Anchor>
        </Alert>
      )}
    </Stack>
  );
}
