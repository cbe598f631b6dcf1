/** Argo CD facts declared once: the generator writes them, the rules check them. */

export const ARGOCD_API_VERSION = 'argoproj.io/v1alpha1';
export const ARGOCD_GROUP = 'argoproj.io';

/** The folder of generated Argo CD objects (a kustomization), relative to the repository root. */
export const ARGOCD_DIR = 'argocd';

export const ARGOCD_NAMESPACE = 'argocd';
export const PROJECT_NAME = 'consul';

/**
 * The sync gate an environment with `syncGate: plugin` renders through: the config management plugin
 * in argocd/cmp/plugin.yaml, named `<metadata.name>-<spec.version>` as Argo CD names v2 plugins.
 */
export const SYNC_GATE_PLUGIN = 'consul-gitops-v1';

/**
 * The root Application (app of apps) and its project: it syncs argocd/ itself, so a merged environment
 * appears in Argo CD without a manual apply. Its project allows only this repository, the Argo CD
 * namespace of the cluster Argo CD runs in, and Applications and AppProjects.
 */
export const ROOT_APPLICATION = 'consul-gitops';
export const ROOT_PROJECT = 'consul-gitops';
export const IN_CLUSTER = 'https://kubernetes.default.svc';

/**
 * Retry of a failed sync, on every generated Application: a sync that fails on a transient error (a
 * webhook not ready, a CRD not yet established, the API server throttling) is tried again with backoff
 * instead of staying failed until the next commit.
 */
export const SYNC_RETRY = { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } } as const;

/**
 * Labels Argo CD uses to track what it owns: the default `app.kubernetes.io/instance`, and the label
 * many installations configure instead (`application.resourceTrackingMethod` with a custom key).
 */
export const TRACKING_LABELS = ['app.kubernetes.io/instance', 'argocd.argoproj.io/instance'] as const;

/** Resource annotation with per-resource sync options (`Delete=false`, `Prune=false`, ...). */
export const SYNC_OPTIONS_ANNOTATION = 'argocd.argoproj.io/sync-options';

/**
 * Sync options of every generated Application:
 * - CreateNamespace=true: the overlay's namespace is created on first sync (the project allows Namespace);
 * - PruneLast=true: objects that disappear from the render go only after everything else is synced
 *   and healthy, so a rename never leaves a gap;
 * - FailOnSharedResource=true: two environments on one cluster would share the cluster-scoped
 *   sync-catalog RBAC; failing the sync beats two Applications overwriting each other.
 */
export const APPLICATION_SYNC_OPTIONS = ['CreateNamespace=true', 'PruneLast=true', 'FailOnSharedResource=true'] as const;

/** Cluster-scoped kinds a render may contain: base/ RBAC, plus Namespace for CreateNamespace=true. */
export const CLUSTER_RESOURCES = [
  { group: '', kind: 'Namespace' },
  { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
  { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
] as const;

/** Argo CD's own cluster: the name it gives it and the API URL it stands for (appv1.KubernetesInternalAPIServerAddr). */
const IN_CLUSTER_NAME = 'in-cluster';

const DEFAULT_PORTS: Readonly<Record<string, string>> = { 'https:': '443', 'http:': '80' };

/**
 * One key per cluster an Argo CD destination reaches, so that two spellings of one cluster compare
 * equal: Argo CD trims trailing slashes from a server URL (GetDestinationServer); URLs compare as the
 * API server sees them (scheme and host case-insensitive, the scheme's default port the same as none);
 * and the cluster name `in-cluster` is the server https://kubernetes.default.svc. Other names are
 * compared as Argo CD does, exactly. Undefined without a destination.
 */
export function clusterKey(destination: { server?: string; name?: string } | undefined): string | undefined {
  if (destination?.name !== undefined)
    return destination.name === IN_CLUSTER_NAME ? clusterKey({ server: IN_CLUSTER }) : `name ${destination.name}`;
  if (destination?.server === undefined) return undefined;
  const server = destination.server.trim().replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    return `server ${server.toLowerCase()}`;
  }
  const port = url.port && url.port !== DEFAULT_PORTS[url.protocol] ? `:${url.port}` : '';
  const path = url.pathname.replace(/\/+$/, '');
  return `server ${url.protocol}//${url.hostname.toLowerCase()}${port}${path}`;
}
