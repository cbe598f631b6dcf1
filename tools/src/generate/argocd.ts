/**
 * argocd/: the AppProject `consul` and one Application per environment, plus a kustomization that
 * lists them (`kubectl apply -k argocd/`). Plain Applications rather than an ApplicationSet: each
 * one is a committed, reviewed file that `validate` checks field by field before Argo CD sees it.
 */
import { clusterOf } from '../environments/clusters.js';
import type { DestinationSpec, EnvironmentSpec, Spec } from '../environments/types.js';
import { podSecurityLabels } from '../model/pod-security.js';
import {
  APPLICATION_SYNC_OPTIONS,
  ARGOCD_API_VERSION,
  ARGOCD_DIR,
  ARGOCD_NAMESPACE,
  CLUSTER_RESOURCES,
  IN_CLUSTER,
  PROJECT_NAME,
  ROOT_APPLICATION,
  ROOT_PROJECT,
  SYNC_GATE_PLUGIN,
  SYNC_RETRY,
} from '../model/argocd.js';
import { toYaml } from './serialize.js';

const PART_OF = { 'app.kubernetes.io/part-of': 'consul' };

/** Where an environment syncs to: exactly one of server or name, as the spec says. */
function destinationOf(destination: DestinationSpec): DestinationSpec {
  if (destination.server) return { server: destination.server };
  if (destination.name) return { name: destination.name };
  throw new Error('every environment needs destination.server or destination.name (set it in environments.yaml or its defaults)');
}

function applicationName(env: Pick<EnvironmentSpec, 'name'>): string {
  return `consul-${env.name}`;
}

/**
 * The project allows exactly the environments' clusters and namespaces, and this repository only.
 * @internal the AppProject builder, asserted field by field; generate() reaches it through argocdFiles
 */
export function consulProject(spec: Spec): Record<string, unknown> {
  return {
    apiVersion: ARGOCD_API_VERSION,
    kind: 'AppProject',
    metadata: {
      name: PROJECT_NAME,
      namespace: ARGOCD_NAMESPACE,
      labels: { ...PART_OF },
      // Argo CD refuses to delete a project that Applications still use.
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    },
    spec: {
      description: 'Consul on Kubernetes, one Application per environment of environments.yaml',
      sourceRepos: [spec.repository.url],
      destinations: spec.environments.map((env) => ({ ...destinationOf(env.destination), namespace: env.namespace })),
      clusterResourceWhitelist: CLUSTER_RESOURCES.map((resource) => ({ ...resource })),
    },
  };
}

/**
 * One environment's Application. No `resources-finalizer`: deleting the Application (by mistake, or
 * while moving it) leaves the running datacenter in place; decommissioning is a deliberate
 * `argocd app delete --cascade`. The server claims survive either way (retention policy Retain).
 * @internal the Application builder, asserted field by field; generate() reaches it through argocdFiles
 */
export function consulApplication(env: EnvironmentSpec, spec: Spec): Record<string, unknown> {
  return {
    apiVersion: ARGOCD_API_VERSION,
    kind: 'Application',
    metadata: { name: applicationName(env), namespace: ARGOCD_NAMESPACE, labels: { ...PART_OF } },
    spec: {
      project: PROJECT_NAME,
      source: {
        repoURL: spec.repository.url,
        targetRevision: spec.repository.revision,
        path: `overlays/${env.name}`,
        // Without a plugin Argo CD renders the overlay with the kustomize it bundles (v5.8.1 in v3.5.1,
        // the version tools/go pins for validate).
        ...(env.syncGate === 'plugin' ? { plugin: { name: SYNC_GATE_PLUGIN } } : {}),
      },
      destination: { ...destinationOf(env.destination), namespace: env.namespace },
      syncPolicy: {
        ...syncPolicy(APPLICATION_SYNC_OPTIONS),
        // The namespace as code: CreateNamespace=true creates it, and Argo CD keeps these labels on it
        // (an existing namespace too), so its Pod Security level is the spec's, not whatever the cluster had.
        managedNamespaceMetadata: {
          labels: { ...PART_OF, ...podSecurityLabels(env.podSecurity ?? 'privileged', clusterOf(env, spec.clusters)?.kubernetesVersion) },
        },
      },
    },
  };
}

function syncPolicy(options: readonly string[]): Record<string, unknown> {
  return {
    automated: { prune: true, selfHeal: true },
    syncOptions: [...options],
    retry: { limit: SYNC_RETRY.limit, backoff: { ...SYNC_RETRY.backoff } },
  };
}

/**
 * The root project: the root Application may only put Applications and AppProjects into the Argo CD
 * namespace of its own cluster, from this repository.
 */
function rootProject(spec: Spec): Record<string, unknown> {
  return {
    apiVersion: ARGOCD_API_VERSION,
    kind: 'AppProject',
    metadata: {
      name: ROOT_PROJECT,
      namespace: ARGOCD_NAMESPACE,
      labels: { ...PART_OF },
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    },
    spec: {
      description: 'The root Application of consul-gitops: syncs argocd/ (the consul project and one Application per environment)',
      sourceRepos: [spec.repository.url],
      destinations: [{ server: IN_CLUSTER, namespace: ARGOCD_NAMESPACE }],
      clusterResourceWhitelist: [],
      namespaceResourceWhitelist: [
        { group: 'argoproj.io', kind: 'Application' },
        { group: 'argoproj.io', kind: 'AppProject' },
      ],
    },
  };
}

/**
 * The root Application (app of apps): syncs argocd/, itself included, so that a merged environment's
 * Application appears with no manual apply (`kubectl apply -k argocd/` once, to bootstrap). Pruning
 * is on: an environment removed from the spec loses its Application (not its datacenter: environment
 * Applications carry no resources finalizer).
 */
function rootApplication(spec: Spec): Record<string, unknown> {
  return {
    apiVersion: ARGOCD_API_VERSION,
    kind: 'Application',
    metadata: { name: ROOT_APPLICATION, namespace: ARGOCD_NAMESPACE, labels: { ...PART_OF } },
    spec: {
      project: ROOT_PROJECT,
      source: { repoURL: spec.repository.url, targetRevision: spec.repository.revision, path: ARGOCD_DIR },
      destination: { server: IN_CLUSTER, namespace: ARGOCD_NAMESPACE },
      syncPolicy: syncPolicy(['PruneLast=true', 'FailOnSharedResource=true']),
    },
  };
}

/** Every file of argocd/ (argocd/cmp/ is hand-written and not generated here). */
export function argocdFiles(spec: Spec): Map<string, string> {
  const files = new Map<string, string>();
  const applications = [...spec.environments].sort((a, b) => a.name.localeCompare(b.name));
  files.set(`${ARGOCD_DIR}/project.yaml`, toYaml([consulProject(spec)], spec.file));
  files.set(`${ARGOCD_DIR}/root.yaml`, toYaml([rootProject(spec), rootApplication(spec)], spec.file));
  for (const env of applications)
    files.set(`${ARGOCD_DIR}/applications/${env.name}.yaml`, toYaml([consulApplication(env, spec)], spec.file));
  const kustomization = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: ['project.yaml', 'root.yaml', ...applications.map((env) => `applications/${env.name}.yaml`)],
  };
  files.set(`${ARGOCD_DIR}/kustomization.yaml`, toYaml([kustomization], spec.file));
  return files;
}
