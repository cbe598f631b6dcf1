import type { ArgocdRule } from '../context.js';
import { ARGOCD_DIR } from '../../../model/argocd.js';
import type { Violation } from '../../policies/rule.js';
import { isTemplated, normalizeRepoUrl, normalizeSourcePath } from '../objects.js';
import { list } from '../synced-target.js';

export const argocdPath: ArgocdRule = {
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
