import { useRef, useState } from 'react';
import { Alert, Anchor, Box, Button, Group, List, Menu, Modal, Stack, Switch, Text, Textarea } from '@mantine/core';
import { KEY_COMBOS, MAX_PASTE } from './keys';
import { statusText, type ConnectFailure } from './status';
import { useConsoleConnection } from './useConsoleConnection';
import classes from './ConsoleScreen.module.css';

const TITLES: Record<NonNullable<ConnectFailure['known']>, string> = {
  'blocked-by-policy': 'Blocked by this page\u2019s security policy',
  'name-not-resolved': 'The console proxy\u2019s name does not resolve',
  refused: 'The console proxy refused the connection',
  'no-answer': 'The console proxy does not answer',
  unreachable: 'The console proxy cannot be reached',
  'certificate-not-trusted': 'The console proxy\u2019s certificate is not trusted',
  'tls-failed': 'The TLS handshake with the console proxy failed',
};

/** Why a console did not open: the address tried and the cause with its error code (else what fits); Retry (or Reload). */
function ConnectFailurePanel({ failure, onRetry }: { failure: ConnectFailure; onRetry(): void }) {
  const policy = failure.known === 'blocked-by-policy';
  return (
    <Alert color="red" variant="light" m="sm" title={failure.known ? TITLES[failure.known] : 'The console did not open'} data-testid="console-failure" data-cause={failure.known}>
      <Stack gap={6}>
        <Text size="sm">
          {'Tried '}
          <Text span ff="monospace" size="sm" data-testid="console-address">{failure.address}</Text>
          {failure.timedOut ? ': no answer in time.' : '.'}
        </Text>
        {failure.known ? (
          <Text size="sm" data-testid="console-cause">{failure.text}</Text>
        ) : (
          <>
            <Text size="sm">
              {failure.server === 'reached'
                ? 'The management server\u2019s host reaches this console proxy, but this browser does not: its DNS, network or trusted certificates differ. One of these is the cause:'
                : 'The browser does not tell a page why a connection failed, and the serving process could not be asked; one of these is the cause:'}
            </Text>
            <List size="sm" spacing={2}>
              {failure.possible.map((p) => (
                <List.Item key={p.cause} data-cause={p.cause}>{p.text}</List.Item>
              ))}
            </List>
          </>
        )}
        <Group gap="sm">
          {policy ? (
            <Button size="xs" color="red" onClick={() => window.location.reload()}>Reload the page</Button>
          ) : (
            <Button size="xs" color="red" onClick={onRetry}>Retry</Button>
          )}
          {!policy && failure.certificateCheckUrl && (
            <Anchor size="sm" href={failure.certificateCheckUrl} target="_blank" rel="noreferrer">Check the certificate in a new tab</Anchor>
          )}
        </Group>
      </Stack>
    </Alert>
  );
}

export interface ConsoleScreenProps {
  vmId: string;
  /** Shown in the panel's toolbar: open this console in a window of its own. */
  onOpenWindow?: () => void;
  /** Fill the whole browser window (the console route) rather than a panel. */
  fill?: boolean;
}

/**
 * A VM's console: the noVNC screen with a toolbar (Ctrl+Alt+Del, other keys, paste, full screen, scaling,
 * reconnect) and a status line that says whether it is connecting, connected, or disconnected and why.
 */
export function ConsoleScreen({ vmId, onOpenWindow, fill = false }: ConsoleScreenProps) {
  // Destructured: `screenRef` is a ref, the rest are values to render (the React Compiler's refs rule).
  const { screenRef, status, scale, setScale, reconnect, sendCtrlAltDel, sendCombo, typeText } = useConsoleConnection(vmId);
  const frameRef = useRef<HTMLDivElement | null>(null);
  const [pasteOpen, setPasteOpen] = useState(false);
  const [pasteText, setPasteText] = useState('');
  const connected = status.kind === 'connected';
  const busy = status.kind === 'connecting';

  const fullScreen = () => {
    const el = frameRef.current;
    if (!el) return;
    if (document.fullscreenElement) void document.exitFullscreen();
    else void el.requestFullscreen?.().catch(() => undefined);
  };

  return (
    <div ref={frameRef} className={fill ? `${classes.frame} ${classes.fill}` : classes.frame}>
      <Group gap="xs" p={6} className={classes.toolbar} role="toolbar" aria-label="Console controls" wrap="wrap">
        <Button size="compact-sm" variant="default" onClick={sendCtrlAltDel} disabled={!connected}>
          Ctrl+Alt+Del
        </Button>
        <Menu position="bottom-start" withinPortal={!fill}>
          <Menu.Target>
            <Button size="compact-sm" variant="default" disabled={!connected}>
              Keys
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Label>Send a key combination</Menu.Label>
            {KEY_COMBOS.map((k) => (
              <Menu.Item key={k.id} onClick={() => sendCombo(k)}>
                {k.label}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
        <Button size="compact-sm" variant="default" onClick={() => setPasteOpen(true)} disabled={!connected}>
          Paste text
        </Button>
        <Switch
          size="sm"
          label="Scale to window"
          checked={scale}
          onChange={(e) => setScale(e.currentTarget.checked)}
        />
        <Button size="compact-sm" variant="default" onClick={fullScreen}>
          Full screen
        </Button>
        <Button size="compact-sm" variant="default" onClick={reconnect} loading={busy}>
          Reconnect
        </Button>
        {onOpenWindow && (
          <Button size="compact-sm" variant="light" onClick={onOpenWindow}>
            Open in new window
          </Button>
        )}
        <Text
          size="sm"
          ml="auto"
          role="status"
          aria-live="polite"
          data-testid="console-status"
          data-state={status.kind}
          c={status.kind === 'disconnected' ? 'red' : status.kind === 'connected' ? 'teal' : 'dimmed'}
        >
          {statusText(status)}
        </Text>
      </Group>
      {status.kind === 'disconnected' && status.diagnosis && <ConnectFailurePanel failure={status.diagnosis} onRetry={reconnect} />}
      <Box className={classes.screen} ref={screenRef} data-testid="console-screen" role="application" aria-label="Console screen" />
      <Modal opened={pasteOpen} onClose={() => setPasteOpen(false)} title="Type text into the VM" withinPortal={!fill}>
        <Stack>
          <Textarea
            label="Text to type"
            description={`Sent as key presses, one per character (at most ${MAX_PASTE.toLocaleString()}); line breaks press Enter.`}
            autosize
            minRows={3}
            maxRows={10}
            value={pasteText}
            onChange={(e) => setPasteText(e.currentTarget.value)}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setPasteOpen(false)}>
              Cancel
            </Button>
            <Button
              onClick={() => {
                typeText(pasteText);
                setPasteText('');
                setPasteOpen(false);
              }}
              disabled={!pasteText || !connected}
            >
              Type it
            </Button>
          </Group>
        </Stack>
      </Modal>
    </div>
  );
}
