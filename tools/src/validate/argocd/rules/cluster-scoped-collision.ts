import { type AppTarget, isTemplated } from '../objects.js';
import { clusterKey } from '../../../model/argocd.js';
import type { ArgocdRule } from '../context.js';
import type { Violation } from '../../policies/rule.js';
import { syncedTarget } from '../synced-target.js';

/** The cluster an Application deploys to, as Argo CD names it (a server URL or a cluster name). */
const clusterOf = (app: AppTarget): string | undefined =>
  isTemplated(app.destination.server) || isTemplated(app.destination.name) ? undefined : clusterKey(app.destination);

export const clusterScopedCollision: ArgocdRule = {
  id: 'cluster-scoped-collision',
  scope: 'argocd',
  severity: 'error',
  summary: 'No two Applications on one destination cluster render the same cluster-scoped object (ClusterRole, ClusterRoleBinding, ...).',
  reason:
    'Namespaces keep two environments apart on one cluster, but cluster-scoped objects have one name per cluster: Argo CD marks the second Application\'s copy as a shared resource and fails its sync, or, with both synced, each one overwrites and prunes the other\'s ClusterRoleBinding, so catalog sync of one datacenter loses its permissions.',
  fix: 'Give each environment its own cluster-scoped names: generated overlays append -<env> to ClusterRoles and ClusterRoleBindings (cluster-scoped-names.yaml); run `consul-gitops generate`, or move one environment to its own cluster (destination in environments.yaml).',
  check(context) {
    const violations: Violation[] = [];
    const owners = new Map<string, { label: string; path: string }>();
    for (const app of context.apps) {
      const cluster = clusterOf(app);
      const path = syncedTarget(app, context.targets);
      const target = path === undefined ? undefined : (context.targets.get(path) as { clusterObjects?: string[] } | undefined);
      if (cluster === undefined || path === undefined || !target?.clusterObjects) continue;
      const shared: string[] = [];
      let other: { label: string; path: string } | undefined;
      for (const object of target.clusterObjects) {
        const owner = owners.get(`${cluster}\0${object}`);
        if (owner && owner.label !== app.label) {
          shared.push(object);
          other ??= owner;
        } else if (!owner) owners.set(`${cluster}\0${object}`, { label: app.label, path });
      }
      if (other) {
        violations.push({
          resource: app.resource,
          path: `${app.specPointer}/destination`,
          message: `${app.label} (${path}) and ${other.label} (${other.path}) deploy to the same cluster (${cluster}) and both render ${shared.join(', ')}: a cluster has one object of each name, so the second sync fails as a shared resource`,
        });
      }
    }
    return violations;
  },
};
