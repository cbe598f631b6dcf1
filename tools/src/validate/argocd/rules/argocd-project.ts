import type { ArgocdRule } from '../context.js';
import { ARGOCD_DIR } from '../../../model/argocd.js';
import type { Violation } from '../../policies/rule.js';
import { formatDestination, isTemplated } from '../objects.js';
import { list, syncedTarget } from '../synced-target.js';
import { clusterFormDiffers, clusterKindPermitted, destinationPermitted, sourcePermitted } from '../project-match.js';

export const argocdProject: ArgocdRule = {
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
