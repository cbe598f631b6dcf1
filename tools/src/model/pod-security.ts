/** Pod Security admission: the namespace labels that set a level (k8s.io/pod-security-admission/api). */

/** The label prefix of Pod Security admission: `<prefix>enforce`, `<prefix>enforce-version`, audit and warn likewise. */
const POD_SECURITY_LABEL_PREFIX = 'pod-security.kubernetes.io/';

/**
 * The labels that give a namespace one level for all three modes: enforce (refuse the pod), audit and
 * warn (so a later, stricter level is announced the same way). The version is the cluster's minor
 * (`v1.33`) when it is known, so a cluster upgrade does not change what is enforced; `latest` otherwise.
 */
export function podSecurityLabels(level: string, kubernetesVersion?: string): Record<string, string> {
  const version = kubernetesVersion ? `v${kubernetesVersion}` : 'latest';
  const labels: Record<string, string> = {};
  for (const mode of ['enforce', 'audit', 'warn']) {
    labels[`${POD_SECURITY_LABEL_PREFIX}${mode}`] = level;
    labels[`${POD_SECURITY_LABEL_PREFIX}${mode}-version`] = version;
  }
  return labels;
}
