import type { ReactNode } from 'react';
import { Alert, Text } from '@mantine/core';
import { useStaleData } from './staleDataContext';

/**
 * The content of a modal or drawer opened under a StaleDataGuard: while the management server cannot be
 * reached, a notice says why, and every button and field inside is disabled (a disabled fieldset, inside
 * the portal, so it reaches what the guard's own fieldset cannot).
 */
export function StaleFieldset({ children }: { children: ReactNode }) {
  const stale = useStaleData();
  return (
    <>
      {stale.stale && (
        <Alert color="orange" variant="light" role="status" mb="sm" data-testid="stale-actions" title="Actions are disabled">
          <Text size="sm">{stale.reason}</Text>
        </Alert>
      )}
      <fieldset disabled={stale.stale} aria-disabled={stale.stale || undefined} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
        {children}
      </fieldset>
    </>
  );
}
