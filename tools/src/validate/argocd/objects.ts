/** Typed readers over rendered Argo CD objects: Applications (and ApplicationSet templates) and AppProjects. */
import type { ParsedResource } from '../../parse/resource.js';
import { asArray, asObject, get, isKind } from '../../model/k8s-objects.js';
import { ARGOCD_GROUP } from '../../model/argocd.js';

export interface SourceRef {
  repoURL?: string;
  path?: string;
  /** JSON pointer of the source inside the resource. */
  pointer: string;
}

export interface Destination {
  server?: string;
  name?: string;
  namespace?: string;
}

/** What Argo CD will sync: an Application, or the template of an ApplicationSet. */
export interface AppTarget {
  resource: ParsedResource;
  /** `Application consul-dev`, or `ApplicationSet x (template)`. */
  label: string;
  /** Pointer of the Application spec inside the resource. */
  specPointer: string;
  project?: string;
  sources: SourceRef[];
  destination: Destination;
  syncOptions: string[];
}

export interface ProjectInfo {
  resource: ParsedResource;
  name: string;
  sourceRepos: string[];
  destinations: Destination[];
  clusterResourceWhitelist: { group: string; kind: string }[];
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
/** ApplicationSet templates hold `{{...}}` placeholders: those values are only known at generation time. */
export const isTemplated = (value: string | undefined): boolean => value !== undefined && value.includes('{{');

const isApplication = (resource: ParsedResource): boolean => isKind(resource, 'Application', ARGOCD_GROUP);
const isApplicationSet = (resource: ParsedResource): boolean => isKind(resource, 'ApplicationSet', ARGOCD_GROUP);
const isAppProject = (resource: ParsedResource): boolean => isKind(resource, 'AppProject', ARGOCD_GROUP);

function readTarget(resource: ParsedResource, spec: unknown, specPointer: string, label: string): AppTarget {
  const single = asObject(get(spec, 'source'));
  const many = asArray(get(spec, 'sources'));
  const sources: SourceRef[] = single
    ? [{ ...optional('repoURL', text(single.repoURL)), ...optional('path', text(single.path)), pointer: `${specPointer}/source` }]
    : many.map((source, index) => ({ ...optional('repoURL', text(get(source, 'repoURL'))), ...optional('path', text(get(source, 'path'))), pointer: `${specPointer}/sources/${index}` }));
  const destination = asObject(get(spec, 'destination')) ?? {};
  return {
    resource,
    label,
    specPointer,
    ...optional('project', text(get(spec, 'project'))),
    sources,
    destination: { ...optional('server', text(destination.server)), ...optional('name', text(destination.name)), ...optional('namespace', text(destination.namespace)) },
    syncOptions: asArray(get(spec, 'syncPolicy', 'syncOptions')).filter((item): item is string => typeof item === 'string'),
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** Every Application, and every ApplicationSet's template (its generated Applications). */
export function appTargetsOf(resources: readonly ParsedResource[]): AppTarget[] {
  const targets: AppTarget[] = [];
  for (const resource of resources) {
    if (isApplication(resource)) targets.push(readTarget(resource, get(resource.object, 'spec'), '/spec', `Application ${resource.ref.name}`));
    else if (isApplicationSet(resource)) {
      targets.push(readTarget(resource, get(resource.object, 'spec', 'template', 'spec'), '/spec/template/spec', `ApplicationSet ${resource.ref.name} (template)`));
    }
  }
  return targets;
}

export function projectsOf(resources: readonly ParsedResource[]): ProjectInfo[] {
  return resources.filter(isAppProject).map((resource) => ({
    resource,
    name: resource.ref.name,
    sourceRepos: asArray(get(resource.object, 'spec', 'sourceRepos')).filter((item): item is string => typeof item === 'string'),
    destinations: asArray(get(resource.object, 'spec', 'destinations')).map((item) => ({
      ...optional('server', text(get(item, 'server'))),
      ...optional('name', text(get(item, 'name'))),
      ...optional('namespace', text(get(item, 'namespace'))),
    })),
    clusterResourceWhitelist: asArray(get(resource.object, 'spec', 'clusterResourceWhitelist')).map((item) => ({
      group: text(get(item, 'group')) ?? '',
      kind: text(get(item, 'kind')) ?? '',
    })),
  }));
}

/** `https://Host/org/Repo.git/` and `https://host/org/repo` are the same repository to Argo CD. */
export function normalizeRepoUrl(url: string): string {
  return url.trim().toLowerCase().replace(/\/+$/, '').replace(/\.git$/, '');
}

/** Argo CD paths are relative to the repository root: `./overlays/dev/` is `overlays/dev`. */
export function normalizeSourcePath(path: string): string {
  const trimmed = path.trim().replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  return trimmed === '' ? '.' : trimmed;
}

export function formatDestination(destination: Destination): string {
  const cluster = destination.server !== undefined ? `server ${destination.server}` : destination.name !== undefined ? `name ${destination.name}` : 'no cluster';
  return `${cluster}, namespace ${destination.namespace ?? '(none)'}`;
}
