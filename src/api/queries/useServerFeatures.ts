import { hasFeature, missingFeatureReason, type Feature } from '../../lib/serverFeatures';
import { useCapabilities } from './useCapabilities';

/** What the connected management server supports, from its listCapabilities version. */
export function useServerFeatures() {
  const { data } = useCapabilities();
  const version = data?.cloudstackversion;
  return {
    version,
    has: (feature: Feature) => hasFeature(version, feature),
    reason: (feature: Feature) => missingFeatureReason(version, feature),
  };
}
