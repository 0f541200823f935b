import { useState } from 'react';
import { Button } from '@mantine/core';
import type { Strategy } from '../../api/plans';
import { PlanDialog } from './PlanDialog';

export interface PlanUpgradeButtonProps {
  /** The routers screen's grouping (zone, pod, cluster or account). */
  by: Strategy;
  /** Its groups (key as the routers screen keys them, which the plan API takes too) with routers requiring an upgrade. */
  groups: readonly { key: string; name: string; parent?: string; requiringUpgrade: number }[];
  /** Why the caller may not plan an upgrade (the plan API is for root admins); undefined when it may. */
  blocked?: string;
}

/** "Plan upgrade" on the routers screen's grouped view: a plan of the chosen groups, previewed, saved or started. */
export function PlanUpgradeButton({ by, groups, blocked }: PlanUpgradeButtonProps) {
  const [open, setOpen] = useState(false);
  const eligible = groups.filter((g) => g.requiringUpgrade > 0 && g.key !== '-');
  return (
    <>
      <Button size="xs" variant="light" onClick={() => setOpen(true)} disabled={eligible.length === 0 || blocked !== undefined} title={blocked}>
        Plan upgrade
      </Button>
      {open && !blocked && (
        <PlanDialog opened onClose={() => setOpen(false)} strategy={by}
          groups={eligible.map((g) => ({ key: g.key, name: g.parent ? `${g.name} (${g.parent})` : g.name }))} />
      )}
    </>
  );
}
