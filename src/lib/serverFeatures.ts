import { compareVersions } from './version';

/**
 * What this app uses that older CloudStack releases lack, and the release that added it. The app reads
 * the server's version from listCapabilities and hides or explains a feature the server does not have,
 * instead of calling a command that would fail.
 */
export const featureSince = {
  /** createConsoleEndpoint: consoles through the API (CloudStack 4.18). */
  consoleEndpoint: '4.18.0',
  /** getRouterHealthCheckResults and listRouters' health check fields (4.14). */
  routerHealthChecks: '4.14.0',
  /** runDiagnostics (4.12). */
  diagnostics: '4.12.0',
  /** getDiagnosticsData (4.14). */
  diagnosticsData: '4.14.0',
  /** upgradeRouterTemplate with its zone, pod, cluster, account and domain scopes (4.3). */
  upgradeRouterTemplate: '4.3.0',
  /** listConfigurations' group and subgroup (4.18). */
  settingGroups: '4.18.0',
} as const;

export type Feature = keyof typeof featureSince;

export const featureLabel: Record<Feature, string> = {
  consoleEndpoint: 'Opening consoles (createConsoleEndpoint)',
  routerHealthChecks: 'Router health checks (getRouterHealthCheckResults)',
  diagnostics: 'Diagnostics (runDiagnostics)',
  diagnosticsData: 'Diagnostics data download (getDiagnosticsData)',
  upgradeRouterTemplate: 'Router upgrades by group (upgradeRouterTemplate)',
  settingGroups: 'Setting groups',
};

/** The numeric part of a CloudStack version string such as "4.20.0.0" or "4.19.1.0-SNAPSHOT". */
export function releaseOf(version: string): string {
  return /^\d+(\.\d+)*/.exec(version.trim())?.[0] ?? '0';
}

export function hasFeature(serverVersion: string | undefined, feature: Feature): boolean {
  // Until the version is known, assume the feature is there: the call's own error is then shown.
  if (!serverVersion) return true;
  return compareVersions(releaseOf(serverVersion), featureSince[feature]) >= 0;
}

/** Why a feature is unavailable, in words for the admin; undefined when it is available. */
export function missingFeatureReason(serverVersion: string | undefined, feature: Feature): string | undefined {
  if (hasFeature(serverVersion, feature)) return undefined;
  return `${featureLabel[feature]} needs CloudStack ${featureSince[feature]} or later; this management server runs ${serverVersion}.`;
}
