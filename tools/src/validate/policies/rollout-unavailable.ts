/** Rollout arithmetic of the server StatefulSet, for rollout-quorum. */
import { intOrUndefined } from '../../model/k8s-objects.js';

/**
 * rollingUpdate.maxUnavailable as a count: Kubernetes rounds a percentage up; it defaults to 1.
 */
export function rolloutUnavailable(raw: unknown, n: number): number | undefined {
  if (raw === undefined) return 1;
  const count = intOrUndefined(raw);
  if (count !== undefined) return count;
  const percent = typeof raw === 'string' ? /^(\d+)%$/.exec(raw.trim()) : null;
  return percent ? Math.ceil((n * Number(percent[1])) / 100) : undefined;
}
