import { Alert, Anchor, Badge, Button, Group, List, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { StateBadge } from '../../../components/StateBadge';
import { consoleHosts, type ProxyState, type RestartStatus, type StepState } from '../progress';
import type { UploadState } from '../useCertificateUpload';

const STEP_BADGE: Record<StepState, { color: string; text: string }> = {
  waiting: { color: 'gray', text: 'Waiting' },
  running: { color: 'blue', text: 'Uploading…' },
  done: { color: 'green', text: 'Done' },
  failed: { color: 'red', text: 'Failed' },
};

export interface UploadProgressProps {
  state: UploadState;
  proxies: readonly ProxyState[];
  restart: RestartStatus;
  onDone(): void;
}

/** The upload's calls, then the console proxies restarting, then where consoles are served now. */
export function UploadProgress({ state, proxies, restart, onDone }: UploadProgressProps) {
  const restarting = state.phase === 'restarting' || (state.phase === 'uploading' && state.steps.at(-1)?.state === 'running');
  const hosts = state.domainsuffix ? consoleHosts(proxies, state.domainsuffix) : [];
  const domain = state.domainsuffix?.replace(/^\*\./, '') ?? '';
  return (
    <Stack gap="md" aria-live="polite">
      <Title order={2} size="h3">
        Upload
      </Title>
      <List spacing="xs" listStyleType="none" ml={0} pl={0} aria-label="Upload steps">
        {state.steps.map((s) => (
          <List.Item key={s.label}>
            <Group gap="xs" wrap="nowrap" align="flex-start">
              <Badge color={STEP_BADGE[s.state].color} variant="light" w={100}>
                {STEP_BADGE[s.state].text}
              </Badge>
              <Stack gap={0}>
                <Text size="sm">{s.label}</Text>
                {s.message && (
                  <Text size="xs" c="dimmed">
                    {s.message}
                  </Text>
                )}
                {s.error && (
                  <Text size="sm" c="red" role="alert">
                    {s.error}
                  </Text>
                )}
              </Stack>
            </Group>
          </List.Item>
        ))}
      </List>

      {(restarting || state.phase === 'finished') && state.runningBefore.length > 0 && (
        <Stack gap="xs">
          <Text size="sm" fw={500}>
            {state.phase === 'finished'
              ? 'The console proxies have restarted with the new certificate.'
              : `Console proxies restarting with the new certificate: ${restart.back} of ${restart.total} back`}
          </Text>
          <Progress
            value={state.phase === 'finished' ? 100 : state.phase === 'restarting' ? (100 * restart.back) / restart.total : 0}
            animated={state.phase !== 'finished'}
            aria-label="Console proxies restarted"
          />
          <Table fz="sm" withRowBorders={false} verticalSpacing={2}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Console proxy</Table.Th>
                <Table.Th scope="col">State</Table.Th>
                <Table.Th scope="col">Public IP</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {proxies
                .filter((p) => state.runningBefore.includes(p.id))
                .map((p) => (
                  <Table.Tr key={p.id}>
                    <Table.Td>{p.name}</Table.Td>
                    <Table.Td>
                      <StateBadge state={p.state} />
                    </Table.Td>
                    <Table.Td>{p.publicip ?? '—'}</Table.Td>
                  </Table.Tr>
                ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}

      {state.phase === 'finished' && (
        <Alert color="green" variant="light" title="The certificate is in place">
          <Stack gap="xs">
            <Text size="sm">
              New consoles are served over TLS at addresses of the form{' '}
              <Text span ff="monospace" data-testid="console-url-form">
                aaa-bbb-ccc-ddd.{domain}
              </Text>{' '}
              (the console proxy’s public IP address with dashes). Your DNS must resolve each such name to its address.
            </Text>
            {hosts.length > 0 && (
              <List size="sm" spacing={2} aria-label="Console proxy addresses">
                {hosts.map((h) => (
                  <List.Item key={h.host}>
                    {h.name}: <Anchor href={`https://${h.host}/`} target="_blank" rel="noreferrer" ff="monospace">{h.host}</Anchor>
                  </List.Item>
                ))}
              </List>
            )}
            <Text size="sm">
              Users who had a console open may have seen a brief interruption while the console proxies restarted; they
              reconnect by opening the console again.
            </Text>
          </Stack>
        </Alert>
      )}

      {state.phase === 'failed' && (
        <Alert color="red" variant="light" title="The upload failed">
          <Text size="sm">{state.error}</Text>
          <Text size="sm" mt="xs">
            The console proxies keep the certificate they had. The private key was cleared from the form: paste it again,
            fix the problem and upload again.
          </Text>
        </Alert>
      )}

      {(state.phase === 'finished' || state.phase === 'failed') && (
        <Group>
          <Button variant="default" onClick={onDone}>
            {state.phase === 'failed' ? 'Back to the form' : 'Done'}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
