import type { CreatePlanInput, DryRun, OwnerWindow, PlanWindow, Strategy } from '../../api/plans';

type DryRouter = DryRun['waves'][number]['routers'][number];

/** The group a router belongs to under a strategy (its zone, pod, cluster, domain or account), as a key and a label. */
export function groupOf(r: DryRouter, strategy: Strategy): { key: string; label: string } {
  switch (strategy) {
    case 'zone': return { key: `zone:${r.zonename ?? '?'}`, label: `Zone ${r.zonename ?? '?'}` };
    case 'pod': return { key: `pod:${r.zonename ?? ''}/${r.podname ?? '?'}`, label: `Pod ${r.podname ?? '?'}${r.zonename ? ` (${r.zonename})` : ''}` };
    case 'cluster': return { key: `cluster:${r.clustername ?? '?'}`, label: `Cluster ${r.clustername ?? '?'}` };
    case 'domain': return { key: `domain:${r.domainid ?? r.domain ?? '?'}`, label: `Domain ${r.domain ?? '?'}` };
    case 'account': return { key: `account:${r.domainid ?? r.domain ?? ''}/${r.account ?? '?'}`, label: `Account ${r.account ?? '?'} (${r.domain ?? ''})` };
  }
}

/** The groups of each wave of a dry run: where each group is, with its routers. */
export function groupsByWave(dry: DryRun, strategy: Strategy): { key: string; label: string; wave: number; routerids: string[] }[] {
  const out = new Map<string, { key: string; label: string; wave: number; routerids: string[] }>();
  dry.waves.forEach((w, wave) => {
    for (const r of w.routers) {
      const g = groupOf(r, strategy);
      const id = `${wave}|${g.key}`;
      const entry = out.get(id) ?? { ...g, wave, routerids: [] };
      entry.routerids.push(r.id);
      out.set(id, entry);
    }
  });
  return [...out.values()];
}

/**
 * Moves the routers of a group from one wave to another (appended there, in their order); a wave left empty
 * is removed. The canary wave takes no group and gives none (it is chosen by the draft). Answers the waves
 * unchanged when the move makes no sense.
 */
export function moveGroup(waves: CreatePlanInput['waves'], routerids: readonly string[], from: number, to: number): CreatePlanInput['waves'] {
  const src = waves[from];
  const dst = waves[to];
  if (!src || !dst || from === to || src.canary || dst.canary) return waves;
  const moving = new Set(routerids);
  const out = waves.map((w, i) => {
    if (i === from) return { ...w, routerids: w.routerids.filter((id) => !moving.has(id)) };
    if (i === to) return { ...w, routerids: [...w.routerids, ...src.routerids.filter((id) => moving.has(id))] };
    return w;
  });
  return out.filter((w) => w.routerids.length > 0);
}

/** One row of the dialog's customer windows: an account (domainid + account) or a whole domain, and one window. */
export interface OwnerWindowRow {
  /** `<domainid>` for a domain, `<domainid>/<account>` for an account. */
  owner: string;
  window: PlanWindow;
}

/**
 * The plan's `ownerwindows` from the dialog's rows (rows of the same owner make one entry with several
 * windows), and where each row went (`ownerwindows.<i>.windows.<j>`), so that the plan API's error, which
 * names that field, is shown at its row.
 */
export function ownerWindowsOf(rows: readonly OwnerWindowRow[]): { ownerwindows: OwnerWindow[]; fieldOfRow: string[] } {
  const ownerwindows: OwnerWindow[] = [];
  const index = new Map<string, number>();
  const fieldOfRow = rows.map((row) => {
    let i = index.get(row.owner);
    if (i === undefined) {
      const [domainid, ...rest] = row.owner.split('/');
      const account = rest.join('/');
      i = ownerwindows.push({ domainid: domainid ?? '', ...(account ? { account } : {}), windows: [] }) - 1;
      index.set(row.owner, i);
    }
    const j = ownerwindows[i]!.windows.push(row.window) - 1;
    return `ownerwindows.${i}.windows.${j}`;
  });
  return { ownerwindows, fieldOfRow };
}

/** The row an API error's field points at (`ownerwindows.0.windows.1.start` -> that row), or -1. */
export function rowOfField(fieldOfRow: readonly string[], field: string | undefined): number {
  if (!field?.startsWith('ownerwindows.')) return -1;
  const exact = fieldOfRow.findIndex((f) => field === f || field.startsWith(`${f}.`));
  if (exact >= 0) return exact;
  // An error about the owner as a whole (ownerwindows.1, ownerwindows.1.domainid): its first row.
  const owner = /^ownerwindows\.(\d+)/.exec(field)?.[1];
  return fieldOfRow.findIndex((f) => f.startsWith(`ownerwindows.${owner}.`));
}
