import { COMPONENT } from '../../model/consul.js';
import { asArray, containersOf, get, podSpecOf } from '../../model/k8s-objects.js';
import type { RenderedRule, Violation } from '../policies/rule.js';

/** Components that must not, or must, carry a Kubernetes API token. */
const TOKEN_NEEDS: readonly { kind: string; name: string; needsToken: boolean }[] = [
  { kind: 'StatefulSet', name: COMPONENT.server, needsToken: false },
  { kind: 'DaemonSet', name: COMPONENT.client, needsToken: false },
  { kind: 'Deployment', name: COMPONENT.syncCatalog, needsToken: true },
  { kind: 'Job', name: COMPONENT.gossipJob, needsToken: true },
  { kind: 'Job', name: COMPONENT.tlsInitJob, needsToken: true },
  { kind: 'Job', name: COMPONENT.aclInitJob, needsToken: true },
];

/** Volumes that carry a service-account token: a projected serviceAccountToken source. */
function tokenVolumes(pod: Record<string, unknown>): string[] {
  return asArray(pod.volumes).flatMap((volume) =>
    asArray(get(volume, 'projected', 'sources')).some((source) => get(source, 'serviceAccountToken') !== undefined)
      ? [String(get(volume, 'name'))]
      : [],
  );
}

export const serviceAccountToken: RenderedRule = {
  id: 'service-account-token',
  scope: 'rendered',
  severity: 'error',
  summary:
    'Server and client agent containers get no Kubernetes API token (automountServiceAccountToken false; a projected token only in the client acl-init init container); catalog sync and the bootstrap Jobs do.',
  reason:
    'Agents join through DNS and never call the Kubernetes API: a token in an agent container only helps whoever breaks into an agent on a host port. The client acl-init init container logs in to Consul with the token and exits. Catalog sync watches Services, EndpointSlices and Nodes, and the bootstrap Jobs write Secrets: without a token they fail.',
  fix: 'Set automountServiceAccountToken: false in the server and client pod specs (or their ServiceAccounts), mount a projected token only into the client acl-init init container, and leave it true for consul-sync-catalog and the bootstrap Jobs (as generated).',
  check(context) {
    const violations: Violation[] = [];
    for (const need of TOKEN_NEEDS) {
      const workload = context.find(need.kind, need.name);
      const pod = workload ? podSpecOf(workload) : undefined;
      if (!workload || !pod) continue;
      const accountName = typeof pod.spec.serviceAccountName === 'string' ? pod.spec.serviceAccountName : 'default';
      const account = context.find('ServiceAccount', accountName);
      const fromPod = pod.spec.automountServiceAccountToken;
      const fromAccount = account ? get(account.object, 'automountServiceAccountToken') : undefined;
      const mounts = typeof fromPod === 'boolean' ? fromPod : typeof fromAccount === 'boolean' ? fromAccount : true;
      const where =
        typeof fromPod === 'boolean'
          ? 'the pod spec'
          : typeof fromAccount === 'boolean'
            ? `ServiceAccount ${accountName}`
            : 'the default (true)';
      if (mounts && !need.needsToken) {
        violations.push({
          resource: workload,
          path: `${pod.pointer}/automountServiceAccountToken`,
          message: `${need.name} mounts a Kubernetes API token (from ${where}) it never uses`,
        });
      } else if (!mounts && need.needsToken) {
        violations.push({
          resource: workload,
          path: `${pod.pointer}/automountServiceAccountToken`,
          message: `${need.name} mounts no Kubernetes API token (from ${where}): it cannot call the Kubernetes API`,
        });
      }
      if (need.needsToken) continue;
      const tokens = tokenVolumes(pod.spec);
      for (const entry of containersOf(workload).filter((candidate) => !candidate.init)) {
        asArray(entry.container.volumeMounts).forEach((mount, index) => {
          if (tokens.includes(String(get(mount, 'name')))) {
            violations.push({
              resource: workload,
              path: `${entry.pointer}/volumeMounts/${index}`,
              message: `container ${String(entry.container.name)} of ${need.name} mounts a projected service-account token (volume ${String(get(mount, 'name'))}): only an init container that logs in may`,
            });
          }
        });
      }
    }
    return violations;
  },
};
