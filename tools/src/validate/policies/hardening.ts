/** Pod and RBAC hardening: non-root, no privilege, API tokens only where needed, no wildcard grants. */
import { COMPONENT } from '../../model/consul.js';
import type { RenderedRule, Violation } from './rule.js';
import { asArray, asObject, containersOf, get, podSpecOf, WORKLOAD_KINDS } from '../../model/k8s-objects.js';

/** Capabilities a container may add: binding a port below 1024 as non-root. */
const ALLOWED_CAPABILITIES: readonly string[] = ['NET_BIND_SERVICE'];

function containerName(container: Record<string, unknown>): string {
  return typeof container.name === 'string' ? container.name : '(unnamed)';
}

export const podNonRoot: RenderedRule = {
  id: 'pod-non-root',
  scope: 'rendered',
  kinds: WORKLOAD_KINDS,
  severity: 'error',
  summary:
    'Every pod runs as non-root (runAsNonRoot at pod or container level, never runAsUser 0) and every container sets allowPrivilegeEscalation false.',
  reason:
    'A root process that escapes its container owns the node, and agents on host ports are reachable from every node. allowPrivilegeEscalation defaults to true, so setuid binaries can regain root unless it is set to false.',
  fix: 'Set securityContext.runAsNonRoot: true (and a non-zero runAsUser) on the pod, and allowPrivilegeEscalation: false on every container, as the generated base does.',
  check(context) {
    const violations: Violation[] = [];
    for (const resource of context.resources) {
      const pod = podSpecOf(resource);
      if (!pod) continue;
      const podNonRootSet = get(pod.spec, 'securityContext', 'runAsNonRoot') === true;
      const podUser = get(pod.spec, 'securityContext', 'runAsUser');
      if (podUser === 0)
        violations.push({ resource, path: `${pod.pointer}/securityContext/runAsUser`, message: 'the pod runs as user 0 (root)' });
      for (const entry of containersOf(resource)) {
        const security = asObject(entry.container.securityContext) ?? {};
        const name = containerName(entry.container);
        const nonRoot = security.runAsNonRoot ?? (podNonRootSet ? true : undefined);
        if (security.runAsUser === 0) {
          violations.push({
            resource,
            path: `${entry.pointer}/securityContext/runAsUser`,
            message: `container ${name} runs as user 0 (root)`,
          });
        } else if (nonRoot !== true) {
          violations.push({
            resource,
            path: `${entry.pointer}/securityContext/runAsNonRoot`,
            message: `container ${name} may run as root: runAsNonRoot is ${security.runAsNonRoot === false ? 'false' : 'not set'} on the container${podNonRootSet ? '' : ' or the pod'}`,
          });
        }
        if (security.allowPrivilegeEscalation !== false) {
          violations.push({
            resource,
            path: `${entry.pointer}/securityContext/allowPrivilegeEscalation`,
            message: `container ${name} does not set allowPrivilegeEscalation: false (it defaults to true)`,
          });
        }
      }
    }
    return violations;
  },
};

export const noPrivileged: RenderedRule = {
  id: 'no-privileged',
  scope: 'rendered',
  kinds: WORKLOAD_KINDS,
  severity: 'error',
  summary: `No privileged containers, and no added capabilities beyond ${ALLOWED_CAPABILITIES.join(', ')}.`,
  reason:
    'A privileged container or one with capabilities such as NET_ADMIN or SYS_ADMIN can reconfigure or take over its node; Consul agents need none of them.',
  fix: `Remove privileged: true and the extra capabilities.add entries; drop ALL and add back only ${ALLOWED_CAPABILITIES.join(', ')} if a port below 1024 is needed.`,
  check(context) {
    const violations: Violation[] = [];
    for (const resource of context.resources) {
      for (const entry of containersOf(resource)) {
        const name = containerName(entry.container);
        if (get(entry.container, 'securityContext', 'privileged') === true) {
          violations.push({
            resource,
            path: `${entry.pointer}/securityContext/privileged`,
            message: `container ${name} is privileged: it has every capability and access to the node's devices`,
          });
        }
        asArray(get(entry.container, 'securityContext', 'capabilities', 'add')).forEach((capability, index) => {
          const normalized = String(capability).toUpperCase().replace(/^CAP_/, '');
          if (!ALLOWED_CAPABILITIES.includes(normalized)) {
            violations.push({
              resource,
              path: `${entry.pointer}/securityContext/capabilities/add/${index}`,
              message: `container ${name} adds capability ${String(capability)} (allowed: ${ALLOWED_CAPABILITIES.join(', ')})`,
            });
          }
        });
      }
    }
    return violations;
  },
};

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

export const rbacNoWildcard: RenderedRule = {
  id: 'rbac-no-wildcard',
  scope: 'rendered',
  kinds: ['Role', 'ClusterRole'],
  severity: 'error',
  summary: 'No Role or ClusterRole grants `*` in apiGroups, resources, verbs or nonResourceURLs.',
  reason:
    'A wildcard grants every present and future resource or verb, including Secrets and escalate/bind; least privilege needs the list spelled out.',
  fix: 'List the apiGroups, resources and verbs the component needs (catalog sync: get/list/watch services and discovery.k8s.io endpointslices, get nodes; write verbs only with -to-k8s).',
  check(context) {
    const violations: Violation[] = [];
    for (const role of context.resources) {
      asArray(get(role.object, 'rules')).forEach((rule, index) => {
        for (const field of ['apiGroups', 'resources', 'verbs', 'nonResourceURLs']) {
          const values = asArray(get(rule, field)).map(String);
          if (values.some((value) => value === '*' || (field === 'resources' && value.endsWith('/*')))) {
            violations.push({
              resource: role,
              path: `/rules/${index}/${field}`,
              message: `${role.ref.kind} ${role.ref.name} rule ${index} grants ${field} ${JSON.stringify(values)}: name them`,
            });
          }
        }
      });
    }
    return violations;
  },
};
