/** Compares dotted versions numerically ("4.9.1" < "4.20.0"); missing parts count as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((p) => parseInt(p, 10) || 0);
  const pb = b.split(/[.-]/).map((p) => parseInt(p, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** A router requires an upgrade when its version is below the management server's minimum VR version. */
export function requiresUpgrade(version: string | undefined, minimum: string): boolean {
  if (!version) return true;
  return compareVersions(version, minimum) < 0;
}
