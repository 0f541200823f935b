import { useState } from 'react';
import { Button, Drawer, Tooltip, type ButtonProps } from '@mantine/core';
import { useServerFeatures } from '../../api/queries/useServerFeatures';
import { useStaleData } from '../../components/staleDataContext';
import { ConsoleScreen } from './ConsoleScreen';
import { openConsoleWindow } from './openWindow';

export interface OpenConsoleButtonProps extends Pick<ButtonProps, 'size' | 'variant' | 'disabled'> {
  vmId: string;
  /** For the button's accessible name and the panel's title. */
  vmName?: string;
  /** 'panel' opens the console in a drawer of the app (with "Open in new window"); 'window' opens a window right away. */
  mode?: 'panel' | 'window';
}

/** A button that opens a VM's, router's or system VM's console. noVNC loads only once a console opens. */
export function OpenConsoleButton({ vmId, vmName, mode = 'panel', size = 'xs', variant = 'light', disabled }: OpenConsoleButtonProps) {
  const [open, setOpen] = useState(false);
  // The visible text ("Console") is part of the name, as speech input users say what they see.
  const label = vmName ? `Open the console of ${vmName}` : 'Open the console';
  // createConsoleEndpoint came with CloudStack 4.18: an older management server (listCapabilities) has none.
  // Under a StaleDataGuard while the management server cannot be reached, createConsoleEndpoint cannot answer.
  const stale = useStaleData();
  const missing = useServerFeatures().reason('consoleEndpoint') ?? stale.reason;
  if (missing) {
    return (
      <Tooltip label={missing} multiline w={280} withArrow>
        <Button size={size} variant={variant} aria-label={label} aria-disabled data-disabled aria-description={missing} onClick={(e) => e.preventDefault()}>
          Console
        </Button>
      </Tooltip>
    );
  }
  if (mode === 'window') {
    return (
      <Button size={size} variant={variant} disabled={disabled} aria-label={label} onClick={() => openConsoleWindow(vmId)}>
        Console
      </Button>
    );
  }
  return (
    <>
      <Button size={size} variant={variant} disabled={disabled} aria-label={label} onClick={() => setOpen(true)}>
        Console
      </Button>
      <Drawer
        opened={open}
        onClose={() => setOpen(false)}
        position="right"
        size="min(1100px, 95vw)"
        title={vmName ? `Console of ${vmName}` : 'Console'}
        styles={{ body: { height: 'calc(100% - 60px)', padding: 0 } }}
      >
        {open && (
          <ConsoleScreen
            vmId={vmId}
            onOpenWindow={() => {
              setOpen(false);
              openConsoleWindow(vmId);
            }}
          />
        )}
      </Drawer>
    </>
  );
}
