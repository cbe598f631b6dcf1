/** What the Argo CD cross-checks see: the argocd/ objects and the kustomization directories of the run. */
import type { ArgocdRuleId, Rule } from '../../model/rule.js';
import type { ParsedResource } from '../../parse/resource.js';
import type { Violation } from '../policies/rule.js';
import { appTargetsOf, projectsOf, type AppTarget, type ProjectInfo } from './objects.js';

/** What one validated kustomization directory renders. */
export interface KustomizationTarget {
  /** Namespaces of its namespaced objects (normally exactly one). */
  namespaces: string[];
  /** Kinds of its objects without a namespace (cluster-scoped). */
  clusterKinds: string[];
  /** Its objects without a namespace, as `Kind/name`. */
  clusterObjects: string[];
}

export interface ArgocdContext {
  resources: readonly ParsedResource[];
  apps: AppTarget[];
  projects: ProjectInfo[];
  /** Kustomization directories validated in this run, repository-relative (`overlays/dev`). */
  targets: ReadonlyMap<string, KustomizationTarget>;
  /** The spec's `repository.url`; unknown without a spec. */
  repositoryUrl?: string;
}

/** A cross-check (scope `argocd`): a rule over the whole argocd/ folder and the run's overlays. */
export type ArgocdRule = Rule<ArgocdContext, Violation> & { id: ArgocdRuleId; scope: 'argocd' };

export function createArgocdContext(resources: readonly ParsedResource[], targets: ReadonlyMap<string, KustomizationTarget>, repositoryUrl?: string): ArgocdContext {
  return { resources, apps: appTargetsOf(resources), projects: projectsOf(resources), targets, ...(repositoryUrl !== undefined ? { repositoryUrl } : {}) };
}

/** The run's overlays (display path and what they rendered) to targets. Pure. */
export function targetsOf(overlays: readonly { path: string; checked: readonly { kind: string; name: string; namespace?: string }[] }[]): Map<string, KustomizationTarget> {
  const targets = new Map<string, KustomizationTarget>();
  for (const overlay of overlays) {
    const namespaces = new Set<string>();
    const clusterKinds = new Set<string>();
    const clusterObjects = new Set<string>();
    for (const resource of overlay.checked) {
      if (resource.namespace) namespaces.add(resource.namespace);
      else {
        clusterKinds.add(resource.kind);
        clusterObjects.add(`${resource.kind}/${resource.name}`);
      }
    }
    targets.set(overlay.path, { namespaces: [...namespaces].sort(), clusterKinds: [...clusterKinds].sort(), clusterObjects: [...clusterObjects].sort() });
  }
  return targets;
}
