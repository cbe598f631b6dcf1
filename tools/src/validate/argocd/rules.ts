/** The Argo CD cross-checks: every Application syncs a validated overlay, into its namespace, within its project. */
import type { Violation } from '../policies/rule.js';
import type { ArgocdRule } from './context.js';
import { ARGOCD_DIR, clusterKey } from '../../model/argocd.js';
import { formatDestination, isTemplated, normalizeRepoUrl, normalizeSourcePath, type AppTarget } from './objects.js';
import { clusterFormDiffers, clusterKindPermitted, destinationPermitted, sourcePermitted } from './project-match.js';

const list = (items: Iterable<string>): string => [...items].sort().join(', ') || '(none)';

/** The validated directory an Application syncs, when its (only) source points at one. */
function syncedTarget(app: AppTarget, targets: ReadonlyMap<string, unknown>): string | undefined {
  const paths = app.sources.map((source) => source.path).filter((path): path is string => path !== undefined && !isTemplated(path));
  const path = paths.length === 1 && paths[0] !== undefined ? normalizeSourcePath(paths[0]) : undefined;
  return path !== undefined && targets.has(path) ? path : undefined;
}

const argocdPath: ArgocdRule = {
  id: 'argocd-path',
  scope: 'argocd',
  severity: 'error',
  summary: "Every Argo CD Application syncs this repository (the spec's repository.url) at a kustomization directory that this run validated (an overlay, or argocd/ itself for the root Application).",
  reason: 'Argo CD renders whatever source.path names: a typo or a moved overlay makes the Application fail (or, pointed at another directory, sync something never validated); another repoURL syncs another repository entirely.',
  fix: `Point source.repoURL at repository.url of environments.yaml and source.path at overlays/<env>, then run \`consul-gitops generate\` (it writes ${ARGOCD_DIR}/ from the spec).`,
  check(context) {
    const violations: Violation[] = [];
    for (const app of context.apps) {
      if (app.sources.length === 0) {
        violations.push({ resource: app.resource, path: app.specPointer, message: `${app.label} has no source: it syncs nothing this repository validates` });
      }
      for (const source of app.sources) {
        if (context.repositoryUrl !== undefined && source.repoURL !== undefined && !isTemplated(source.repoURL) && normalizeRepoUrl(source.repoURL) !== normalizeRepoUrl(context.repositoryUrl)) {
          violations.push({
            resource: app.resource,
            path: `${source.pointer}/repoURL`,
            message: `${app.label} syncs repository ${source.repoURL}, but environments.yaml declares ${context.repositoryUrl}: what this run validated is not what Argo CD would sync`,
          });
        } else if (source.repoURL === undefined) {
          violations.push({ resource: app.resource, path: source.pointer, message: `${app.label} has a source without repoURL` });
        }
        if (source.path === undefined) {
          violations.push({ resource: app.resource, path: source.pointer, message: `${app.label} has a source without path: Argo CD would sync the repository root, not an overlay` });
          continue;
        }
        if (isTemplated(source.path)) continue;
        const path = normalizeSourcePath(source.path);
        // argocd/ itself is what this check reads and validates: the root Application (app of apps) syncs it.
        if (!context.targets.has(path) && path !== ARGOCD_DIR) {
          violations.push({
            resource: app.resource,
            path: `${source.pointer}/path`,
            message: `${app.label} syncs path ${source.path}, which is not a kustomization directory validated in this run (validated: ${list(context.targets.keys())}): it is missing, misspelt or unchecked`,
          });
        }
      }
    }
    return violations;
  },
};

const argocdNamespace: ArgocdRule = {
  id: 'argocd-namespace',
  scope: 'argocd',
  severity: 'error',
  summary: "Every Application's destination.namespace is the namespace its overlay renders into.",
  reason:
    'The overlay sets the namespace of every object it renders; a different destination.namespace makes CreateNamespace=true create an empty namespace, and the project then checks a destination that is not where the objects land.',
  fix: 'Use the environment namespace of environments.yaml in both places and run `consul-gitops generate` (overlays set `namespace:`, Applications set destination.namespace).',
  check(context) {
    const violations: Violation[] = [];
    for (const app of context.apps) {
      const path = syncedTarget(app, context.targets);
      const target = path !== undefined ? context.targets.get(path) : undefined;
      if (!path || !target || isTemplated(app.destination.namespace)) continue;
      const pointer = `${app.specPointer}/destination/namespace`;
      const wanted = app.destination.namespace;
      if (target.namespaces.length === 0) {
        violations.push({ resource: app.resource, path: pointer, message: `${path} renders no namespaced object with a namespace: set \`namespace: ${wanted ?? '<namespace>'}\` in its kustomization so the render and ${app.label} agree` });
      } else if (target.namespaces.length > 1) {
        violations.push({ resource: app.resource, path: pointer, message: `${path} renders into several namespaces (${list(target.namespaces)}): one Application destination cannot match them all` });
      } else if (wanted === undefined || wanted === '') {
        violations.push({ resource: app.resource, path: `${app.specPointer}/destination`, message: `${app.label} sets no destination.namespace, but ${path} renders into ${target.namespaces[0]}` });
      } else if (wanted !== target.namespaces[0]) {
        violations.push({ resource: app.resource, path: pointer, message: `${app.label} has destination.namespace ${wanted}, but ${path} renders into ${target.namespaces[0]}` });
      }
    }
    return violations;
  },
};

const argocdProject: ArgocdRule = {
  id: 'argocd-project',
  scope: 'argocd',
  severity: 'error',
  summary: `Every Application names an AppProject defined in ${ARGOCD_DIR}/ that permits its repository, its destination (Argo CD glob and ! deny semantics) and the cluster-scoped kinds its overlay renders.`,
  reason:
    'Argo CD refuses to sync an Application its project does not permit, and the default project permits everything: a missing or too wide project either blocks every sync or removes the guard rails.',
  fix: `Generate ${ARGOCD_DIR}/ from environments.yaml (project consul lists each environment's destination, the repository and the needed cluster-scoped kinds), or widen the named AppProject accordingly.`,
  check(context) {
    const violations: Violation[] = [];
    for (const app of context.apps) {
      if (app.project === undefined || app.project === '') {
        violations.push({ resource: app.resource, path: app.specPointer, message: `${app.label} names no project` });
        continue;
      }
      if (isTemplated(app.project)) continue;
      const project = context.projects.find((candidate) => candidate.name === app.project);
      const pointer = `${app.specPointer}/project`;
      if (!project) {
        const defined = list(context.projects.map((candidate) => candidate.name));
        violations.push({
          resource: app.resource,
          path: pointer,
          message:
            app.project === 'default'
              ? `${app.label} uses Argo CD's built-in project default, which permits every repository, cluster and kind; use a project defined in ${ARGOCD_DIR}/ (defined: ${defined})`
              : `${app.label} names AppProject ${app.project}, which is not defined in ${ARGOCD_DIR}/ (defined: ${defined}): Argo CD will not sync it`,
        });
        continue;
      }
      for (const source of app.sources) {
        if (source.repoURL === undefined || isTemplated(source.repoURL) || sourcePermitted(project, source.repoURL)) continue;
        violations.push({ resource: app.resource, path: `${source.pointer}/repoURL`, message: `AppProject ${project.name} does not permit repository ${source.repoURL} (sourceRepos: ${list(project.sourceRepos)})` });
      }
      const destination = app.destination;
      const templated = isTemplated(destination.server) || isTemplated(destination.name) || isTemplated(destination.namespace);
      if (!templated && !destinationPermitted(project, destination)) {
        const hint = clusterFormDiffers(project, destination)
          ? `; the project names clusters by ${destination.server !== undefined ? 'name' : 'server'} and the Application by ${destination.server !== undefined ? 'server' : 'name'}: use the same form in both`
          : '';
        violations.push({
          resource: app.resource,
          path: `${app.specPointer}/destination`,
          message: `AppProject ${project.name} does not permit destination ${formatDestination(destination)} (destinations: ${project.destinations.map(formatDestination).join('; ') || '(none)'})${hint}`,
        });
      }
      const path = syncedTarget(app, context.targets);
      const target = path !== undefined ? context.targets.get(path) : undefined;
      const needed = new Set(target && target.namespaces.length === 1 ? target.clusterKinds : []);
      if (app.syncOptions.includes('CreateNamespace=true')) needed.add('Namespace');
      const refused = [...needed].filter((kind) => !clusterKindPermitted(project, kind));
      if (refused.length > 0) {
        violations.push({
          resource: project.resource,
          path: '/spec/clusterResourceWhitelist',
          message: `AppProject ${project.name} does not whitelist the cluster-scoped kind(s) ${list(refused)} that ${app.label} needs (${[path ? `rendered by ${path}` : '', app.syncOptions.includes('CreateNamespace=true') ? 'Namespace for CreateNamespace=true' : ''].filter(Boolean).join('; ')}): Argo CD would refuse the sync`,
        });
      }
    }
    return violations;
  },
};

/** The cluster an Application deploys to, as Argo CD names it (a server URL or a cluster name). */
const clusterOf = (app: AppTarget): string | undefined =>
  isTemplated(app.destination.server) || isTemplated(app.destination.name) ? undefined : clusterKey(app.destination);

const clusterScopedCollision: ArgocdRule = {
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

/** The Argo CD cross-checks, in report order. */
export const ARGOCD_RULES: readonly ArgocdRule[] = [argocdPath, argocdNamespace, argocdProject, clusterScopedCollision];
