/**
 * control-plane-api-secret: every Secret the control plane reads through the Kubernetes API (a `get secrets`
 * with a name the render tells, from control-plane-permissions) exists when it is read: the render declares
 * it, or a bootstrap Job that runs earlier in the sync (or the reading command itself) creates it. A volume
 * or env reference would show in the pod spec; an API read shows only in the control plane's code.
 */
import type { ParsedResource } from '../../parse/resource.js';
import type { RenderedRule, Violation } from '../policies/rule.js';
import { DEFAULT_NAMESPACE } from '../policies/rbac-grants.js';
import { jobProducts } from '../consul/dependencies.js';
import { controlPlanePermissions } from '../policies/control-plane-permissions.js';
import { describeStage, later, stageOf } from '../policies/references.js';

const describeRef = (resource: ParsedResource) => `${resource.ref.kind}/${resource.ref.name}`;

export const controlPlaneApiSecret: RenderedRule = {
  id: 'control-plane-api-secret',
  scope: 'rendered',
  severity: 'error',
  summary:
    'Every Secret a consul-k8s-control-plane command reads through the Kubernetes API (server-acl-init: the auth-method Secret and the bootstrap token; tls-init, gossip-encryption-autogenerate and acl-init: the Secrets their flags name) is declared in the render or created by a bootstrap Job that runs before the reader, or by the reader itself.',
  reason:
    'These reads go through the API, not through a volume or env reference, so no pod-spec reference check sees them. A render without the consul-auth-method service-account-token Secret applies cleanly; server-acl-init then fails to build the auth method and every login fails with "auth method ... not found".',
  fix: 'Declare the Secret (the auth-method token: a Secret of type kubernetes.io/service-account-token annotated kubernetes.io/service-account.name: <prefix>-auth-method, as base/auth-method.yaml does), or let a bootstrap Job of an earlier phase or wave create it; do not delete it in an overlay.',
  check(context) {
    const violations: Violation[] = [];
    const declared = new Set(context.all('Secret').map((secret) => `${secret.ref.namespace ?? DEFAULT_NAMESPACE}/${secret.ref.name}`));
    const creators = context.all('Job').flatMap((job) => jobProducts(job).filter((product) => product.kind === 'Secret'));
    for (const need of controlPlanePermissions(context.resources, context.facts)) {
      if (need.group !== '' || need.resource !== 'secrets' || need.verb !== 'get' || need.name === undefined) continue;
      if (declared.has(`${need.namespace ?? DEFAULT_NAMESPACE}/${need.name}`)) continue;
      const made = creators.filter((product) => product.name === need.name && product.resource);
      if (made.some((product) => product.resource === need.workload || later(stageOf(need.workload), stageOf(product.resource!)))) continue;
      const reader = `${need.subcommand} (${describeRef(need.workload)} ${need.container}, ${describeStage(stageOf(need.workload))})`;
      const late = made.map(
        (product) => `${describeRef(product.resource!)} creates it only in ${describeStage(stageOf(product.resource!))}`,
      );
      violations.push({
        resource: need.workload,
        path: need.namePath ?? need.commandPath,
        message: `${reader} reads Secret ${need.name} through the Kubernetes API (${need.source}), but ${late.length > 0 ? `${late.join('; ')}, not before` : 'the render declares no such Secret and no bootstrap Job creates it'}: the command fails when it reads it`,
      });
    }
    return violations;
  },
};
