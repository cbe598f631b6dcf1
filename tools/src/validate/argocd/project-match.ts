/** Does an AppProject permit a repository, a destination, a cluster-scoped kind? Argo CD's rules, offline. */
import { globMatch, isDenyPattern, patternMatch } from './glob.js';
import { normalizeRepoUrl, type Destination, type ProjectInfo } from './objects.js';

/**
 * sourceRepos: URLs compare normalized (case, trailing `.git` and `/`), `*` stops at `/`, `**` does
 * not; one matching entry allows, one failing deny entry (`!url`) forbids.
 */
export function sourcePermitted(project: Pick<ProjectInfo, 'sourceRepos'>, repoURL: string): boolean {
  const value = normalizeRepoUrl(repoURL);
  let allowed = false;
  for (const entry of project.sourceRepos) {
    const deny = isDenyPattern(entry);
    const pattern = normalizeRepoUrl(deny ? entry.slice(1) : entry);
    const matched = deny ? !globMatch(pattern, value, ['/']) : pattern === '*' || globMatch(pattern, value, ['/']);
    if (matched) allowed = true;
    else if (deny) return false;
  }
  return allowed;
}

/**
 * destinations: an entry allows when its server (or name) and its namespace match; an entry whose
 * deny pattern (`!x`) fails on one field while the other field matches forbids.
 */
export function destinationPermitted(project: Pick<ProjectInfo, 'destinations'>, destination: Destination): boolean {
  let allowed = false;
  for (const entry of project.destinations) {
    const nameMatched = Boolean(destination.name) && patternMatch(entry.name, destination.name ?? '');
    const serverMatched = Boolean(destination.server) && patternMatch(entry.server, destination.server ?? '');
    const namespaceMatched = patternMatch(entry.namespace, destination.namespace ?? '');
    const clusterMatched = nameMatched || serverMatched;
    if (clusterMatched && namespaceMatched) allowed = true;
    else if (namespaceMatched && ((Boolean(destination.name) && isDenyPattern(entry.name)) || (Boolean(destination.server) && isDenyPattern(entry.server)))) return false;
    else if (clusterMatched && isDenyPattern(entry.namespace)) return false;
  }
  return allowed;
}

/** Whether the project names the cluster the other way (name vs server): Argo CD resolves that through its cluster list. */
export function clusterFormDiffers(project: Pick<ProjectInfo, 'destinations'>, destination: Destination): boolean {
  const byServer = destination.server !== undefined;
  return project.destinations.length > 0 && project.destinations.every((entry) => (byServer ? entry.server === undefined : entry.name === undefined));
}

/** clusterResourceWhitelist: kind globs (the group is not compared: the run records kinds only). An empty list allows none. */
export function clusterKindPermitted(project: Pick<ProjectInfo, 'clusterResourceWhitelist'>, kind: string): boolean {
  return project.clusterResourceWhitelist.some((entry) => entry.kind === '*' || globMatch(entry.kind, kind));
}
