import { describe, expect, it } from 'vitest';
import { hasFeature, missingFeatureReason, releaseOf } from './serverFeatures';

describe('server features by CloudStack version', () => {
  it('reads the release out of version strings', () => {
    expect(releaseOf('4.20.0.0')).toBe('4.20.0.0');
    expect(releaseOf('4.19.1.0-SNAPSHOT')).toBe('4.19.1.0');
    expect(releaseOf('garbage')).toBe('0');
  });

  it('knows when createConsoleEndpoint and health checks arrived', () => {
    expect(hasFeature('4.17.2.0', 'consoleEndpoint')).toBe(false);
    expect(hasFeature('4.18.0.0', 'consoleEndpoint')).toBe(true);
    expect(hasFeature('4.13.1.0', 'routerHealthChecks')).toBe(false);
    expect(hasFeature('4.14.0.0', 'routerHealthChecks')).toBe(true);
    expect(hasFeature('4.9.3.0', 'routerHealthChecks')).toBe(false);
  });

  it('assumes a feature while the version is unknown', () => {
    expect(hasFeature(undefined, 'consoleEndpoint')).toBe(true);
  });

  it('explains what is missing', () => {
    expect(missingFeatureReason('4.15.0.0', 'consoleEndpoint')).toBe(
      'Opening consoles (createConsoleEndpoint) needs CloudStack 4.18.0 or later; this management server runs 4.15.0.0.',
    );
    expect(missingFeatureReason('4.20.0.0', 'consoleEndpoint')).toBeUndefined();
  });
});
