/**
 * RBAC through the real authorizer of the api-server backend: the render's ServiceAccounts, Roles,
 * ClusterRoles and bindings applied for real into the throw-away server, one SubjectAccessReview per
 * request, then those objects deleted again (the next render must not inherit its grants). The authorizer
 * reads RBAC through informers: a sentinel Role and ClusterRole, applied after the render's and granting
 * a fresh token, are asked about until allowed, so every earlier write of those kinds is seen first.
 */
import { randomBytes } from 'node:crypto';
import type { ParsedResource } from '../../parse/resource.js';
import { mapPool } from '../../pool.js';
import type { AccessDecision, AccessRequest } from './engine.js';

type KubeObject = Record<string, unknown>;

/** What the review needs of the server session. */
export interface AccessServer {
  apply(object: KubeObject, dryRun: boolean): Promise<unknown>;
  remove(object: KubeObject): Promise<void>;
  call(method: string, path: string, body?: string): Promise<{ status: number; body: string }>;
  ensureNamespace(name: string): Promise<unknown>;
}

const RBAC = 'rbac.authorization.k8s.io/v1';
const RBAC_KINDS = ['ServiceAccount', 'ClusterRole', 'Role', 'ClusterRoleBinding', 'RoleBinding'];
const SENTINEL = 'consul-gitops-access-sentinel';
const SENTINEL_NAMESPACE = 'default';
const CONCURRENCY = 4;
const SETTLE_MS = 20_000;

/** The render's RBAC objects, except any named like Kubernetes' own (system:*), which the run must not replace or delete. */
function isRbacObject(resource: ParsedResource): boolean {
  const apiVersion = String(resource.object.apiVersion);
  return (
    RBAC_KINDS.includes(resource.ref.kind) &&
    !resource.ref.name.startsWith('system:') &&
    (resource.ref.kind === 'ServiceAccount' ? apiVersion === 'v1' : apiVersion === RBAC)
  );
}

function sentinelObjects(token: string): KubeObject[] {
  const metadata = { name: SENTINEL, namespace: SENTINEL_NAMESPACE };
  const rules = [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'], resourceNames: [token] }];
  const subjects = [{ kind: 'ServiceAccount', name: SENTINEL, namespace: SENTINEL_NAMESPACE }];
  return [
    { apiVersion: RBAC, kind: 'ClusterRole', metadata: { name: SENTINEL }, rules },
    { apiVersion: RBAC, kind: 'Role', metadata, rules },
    {
      apiVersion: RBAC,
      kind: 'ClusterRoleBinding',
      metadata: { name: SENTINEL },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: SENTINEL },
      subjects,
    },
    {
      apiVersion: RBAC,
      kind: 'RoleBinding',
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: SENTINEL },
      subjects,
    },
  ];
}

async function review(server: AccessServer, request: AccessRequest): Promise<AccessDecision> {
  const resourceAttributes = {
    verb: request.verb,
    group: request.group,
    resource: request.resource,
    ...(request.namespace !== undefined ? { namespace: request.namespace } : {}),
    ...(request.name !== undefined ? { name: request.name } : {}),
  };
  const body = JSON.stringify({
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SubjectAccessReview',
    spec: {
      user: `system:serviceaccount:${request.accountNamespace}:${request.account}`,
      groups: ['system:serviceaccounts', `system:serviceaccounts:${request.accountNamespace}`, 'system:authenticated'],
      resourceAttributes,
    },
  });
  const reply = await server.call('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', body);
  if (reply.status !== 201 && reply.status !== 200)
    throw new Error(`SubjectAccessReview answered ${reply.status}: ${reply.body.slice(0, 200)}`);
  const status = (JSON.parse(reply.body) as { status?: { allowed?: boolean; reason?: string; evaluationError?: string } }).status ?? {};
  const reason = [status.reason, status.evaluationError].filter(Boolean).join('; ');
  return { allowed: status.allowed === true, ...(reason ? { reason } : {}) };
}

/** Wait until the authorizer sees the sentinel grants of `token` (through a ClusterRoleBinding and a RoleBinding). */
async function settle(server: AccessServer, token: string): Promise<void> {
  const ask = (namespace: string) =>
    review(server, {
      account: SENTINEL,
      accountNamespace: SENTINEL_NAMESPACE,
      group: '',
      resource: 'configmaps',
      verb: 'get',
      namespace,
      name: token,
    });
  const deadline = Date.now() + SETTLE_MS;
  // In another namespace only the ClusterRoleBinding grants it; in the sentinel's, the RoleBinding does too.
  for (const namespace of ['kube-system', SENTINEL_NAMESPACE]) {
    while (!(await ask(namespace)).allowed) {
      if (Date.now() > deadline) throw new Error(`the authorizer did not see new RBAC objects within ${SETTLE_MS / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** Apply the render's RBAC for real, answer each request with a SubjectAccessReview, remove that RBAC again. */
export async function reviewAccessOn(
  server: AccessServer,
  resources: readonly ParsedResource[],
  requests: readonly AccessRequest[],
): Promise<AccessDecision[]> {
  const objects = resources.filter(isRbacObject).sort((a, b) => RBAC_KINDS.indexOf(a.ref.kind) - RBAC_KINDS.indexOf(b.ref.kind));
  const namespaces = new Set([
    SENTINEL_NAMESPACE,
    ...objects.flatMap((resource) => (resource.ref.namespace ? [resource.ref.namespace] : [])),
  ]);
  for (const namespace of namespaces) await server.ensureNamespace(namespace);
  const applied: KubeObject[] = [];
  try {
    for (const resource of objects) {
      await server.apply(resource.object, false);
      applied.push(resource.object);
    }
    const token = randomBytes(8).toString('hex');
    for (const object of sentinelObjects(token)) await server.apply(object, false);
    await settle(server, token);
    return await mapPool(requests, (request) => review(server, request), CONCURRENCY);
  } finally {
    for (const object of applied.reverse()) await server.remove(object);
  }
}
