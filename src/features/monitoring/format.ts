/** Kilobytes as a reader wants them: 512 KB, 1.5 MB, 2.25 GB. */
export function formatKilobytes(kb: number): string {
  if (!Number.isFinite(kb) || kb < 0) return '';
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = kb;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? Math.round(v) : Number(v.toFixed(2))} ${units[i]}`;
}
