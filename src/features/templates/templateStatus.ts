/**
 * A template's download state, read from CloudStack's `status` and `isready`: "42% Downloaded" while
 * the secondary storage VM downloads it, "Download Complete" when ready, an error text otherwise.
 */
export type DownloadState =
  | { kind: 'ready' }
  | { kind: 'downloading'; percent: number | undefined; text: string }
  | { kind: 'failed'; text: string }
  | { kind: 'other'; text: string };

export function downloadState(t: { status?: string; isready?: boolean }): DownloadState {
  const status = (t.status ?? '').trim();
  if (t.isready) return { kind: 'ready' };
  const pct = /^(\d{1,3})% Downloaded$/i.exec(status);
  if (pct) return { kind: 'downloading', percent: Math.min(100, Number(pct[1])), text: status };
  if (/fail|error|abandon|not found|refused/i.test(status)) return { kind: 'failed', text: status };
  if (/pending|download|copy|install|waiting/i.test(status) || status === '') {
    return { kind: 'downloading', percent: undefined, text: status || 'Download pending' };
  }
  return { kind: 'other', text: status };
}

/** True while some template of the list is still being downloaded or copied (the list keeps polling). */
export function anyInProgress(list: readonly { status?: string; isready?: boolean }[]): boolean {
  return list.some((t) => downloadState(t).kind === 'downloading');
}

/** The system VM template types: ROUTING and SYSTEM are what router.template.* may name. */
export function isSystemVmTemplate(t: { templatetype?: string }): boolean {
  return t.templatetype === 'ROUTING' || t.templatetype === 'SYSTEM';
}
