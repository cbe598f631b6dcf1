/** argocd/ generated in memory from a spec of the test's own: the project, one Application per environment, the root. */
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { argocdFiles, consulApplication, consulProject } from '../../tools/src/generate/argocd.js';
import type { EnvironmentSpec } from '../../tools/src/environments/types.js';
import { SAME_AS_BASE, specOf } from './spec-fixture.js';

type Json = Record<string, any>;

const CLUSTERS = {
  'gke-east': {
    kubernetesVersion: '1.31',
    destination: { server: 'https://east.k8s.example.org' },
    storageClasses: [{ name: 'standard', provisioner: 'pd.csi.storage.gke.io', volumeBindingMode: 'WaitForFirstConsumer', zonal: true }],
    nodePools: [{ name: 'general', count: 3, zones: ['zone-a'], allocatable: { cpu: '4', memory: '16Gi' } }],
  },
};
const spec = specOf(
  {
    zulu: { ...SAME_AS_BASE, namespace: 'consul-zulu', datacenter: 'dc-zulu', destination: { name: 'edge' } },
    alpha: {
      ...SAME_AS_BASE,
      namespace: 'consul-alpha',
      datacenter: 'dc-alpha',
      destination: { server: 'https://east.k8s.example.org' },
      syncGate: 'plugin',
      podSecurity: 'privileged',
    },
    mike: { ...SAME_AS_BASE, namespace: 'consul-mike' },
  },
  { clusters: CLUSTERS },
  'specs/envs.yaml',
);
const env = (name: string): EnvironmentSpec => spec.environments.find((candidate) => candidate.name === name)!;
const PART_OF = { 'app.kubernetes.io/part-of': 'consul' };
const SYNC_POLICY = {
  automated: { prune: true, selfHeal: true },
  retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } },
};
const podSecurity = (level: string, version: string) =>
  Object.fromEntries(
    ['enforce', 'audit', 'warn'].flatMap((mode) => [
      [`pod-security.kubernetes.io/${mode}`, level],
      [`pod-security.kubernetes.io/${mode}-version`, version],
    ]),
  );

describe('consulProject', () => {
  it('allows exactly this repository, each environment destination and namespace, and the cluster-scoped kinds of a render', () => {
    expect(consulProject(spec)).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AppProject',
      metadata: { name: 'consul', namespace: 'argocd', labels: PART_OF, finalizers: ['resources-finalizer.argocd.argoproj.io'] },
      spec: {
        description: 'Consul on Kubernetes, one Application per environment of environments.yaml',
        sourceRepos: ['https://git.example.org/platform/consul.git'],
        destinations: [
          { server: 'https://east.k8s.example.org', namespace: 'consul-alpha' },
          { server: 'https://kubernetes.default.svc', namespace: 'consul-mike' },
          { name: 'edge', namespace: 'consul-zulu' },
        ],
        clusterResourceWhitelist: [
          { group: '', kind: 'Namespace' },
          { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
          { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
        ],
      },
    });
  });
});

describe('consulApplication', () => {
  it('syncs overlays/<env> of this repository and revision to its destination and namespace, automated, with retries, no finalizer', () => {
    expect(consulApplication(env('mike'), spec)).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'consul-mike', namespace: 'argocd', labels: PART_OF },
      spec: {
        project: 'consul',
        source: { repoURL: 'https://git.example.org/platform/consul.git', targetRevision: 'release-7', path: 'overlays/mike' },
        destination: { server: 'https://kubernetes.default.svc', namespace: 'consul-mike' },
        syncPolicy: {
          ...SYNC_POLICY,
          syncOptions: ['CreateNamespace=true', 'PruneLast=true', 'FailOnSharedResource=true'],
          managedNamespaceMetadata: { labels: { ...PART_OF, ...podSecurity('privileged', 'latest') } },
        },
      },
    });
  });

  it('renders through the sync gate plugin when asked, and labels the namespace with its Pod Security level pinned to its cluster version', () => {
    const application = consulApplication(env('alpha'), spec) as Json;
    expect(application.spec.source.plugin).toEqual({ name: 'consul-gitops-v1' });
    expect(application.spec.syncPolicy.managedNamespaceMetadata.labels).toEqual({ ...PART_OF, ...podSecurity('privileged', 'v1.31') });
    expect(consulApplication(env('mike'), spec)).not.toHaveProperty('spec.source.plugin');
  });

  it('a destination by name stays a name', () => {
    expect((consulApplication(env('zulu'), spec) as Json).spec.destination).toEqual({ name: 'edge', namespace: 'consul-zulu' });
  });

  it('a destination with neither server nor name is an error saying where to set one', () => {
    expect(() => consulApplication({ ...env('mike'), destination: {} }, spec)).toThrow(
      'every environment needs destination.server or destination.name (set it in environments.yaml or its defaults)',
    );
  });
});

describe('argocdFiles', () => {
  // The environments in reverse order: the files and the kustomization still go by name.
  const reversed = { ...spec, environments: [...spec.environments].reverse() };
  // Generated inside each test (not while the file is collected), so that each test runs the generator.
  const generated = () => argocdFiles(reversed);
  const documents = (path: string): Json[] => parseAllDocuments(generated().get(path) ?? '').map((document) => document.toJS() as Json);

  it('writes the project, the root, and one Application per environment in name order, listed by a kustomization', () => {
    const files = generated();
    expect([...files.keys()]).toEqual([
      'argocd/project.yaml',
      'argocd/root.yaml',
      'argocd/applications/alpha.yaml',
      'argocd/applications/mike.yaml',
      'argocd/applications/zulu.yaml',
      'argocd/kustomization.yaml',
    ]);
    expect(documents('argocd/kustomization.yaml')).toEqual([
      {
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        resources: ['project.yaml', 'root.yaml', 'applications/alpha.yaml', 'applications/mike.yaml', 'applications/zulu.yaml'],
      },
    ]);
    expect(documents('argocd/applications/zulu.yaml')).toEqual([JSON.parse(JSON.stringify(consulApplication(env('zulu'), spec)))]);
    expect(documents('argocd/project.yaml')).toEqual([consulProject(reversed)]);
    for (const text of files.values()) expect(text).toMatch(/^# Generated by consul-gitops from specs\/envs\.yaml\. /);
  });

  it('the root: a project allowing only Applications and AppProjects in the Argo CD namespace in-cluster, and an Application syncing argocd/', () => {
    expect(documents('argocd/root.yaml')).toEqual([
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'AppProject',
        metadata: { name: 'consul-gitops', namespace: 'argocd', labels: PART_OF, finalizers: ['resources-finalizer.argocd.argoproj.io'] },
        spec: {
          description: 'The root Application of consul-gitops: syncs argocd/ (the consul project and one Application per environment)',
          sourceRepos: ['https://git.example.org/platform/consul.git'],
          destinations: [{ server: 'https://kubernetes.default.svc', namespace: 'argocd' }],
          clusterResourceWhitelist: [],
          namespaceResourceWhitelist: [
            { group: 'argoproj.io', kind: 'Application' },
            { group: 'argoproj.io', kind: 'AppProject' },
          ],
        },
      },
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: { name: 'consul-gitops', namespace: 'argocd', labels: PART_OF },
        spec: {
          project: 'consul-gitops',
          source: { repoURL: 'https://git.example.org/platform/consul.git', targetRevision: 'release-7', path: 'argocd' },
          destination: { server: 'https://kubernetes.default.svc', namespace: 'argocd' },
          syncPolicy: { ...SYNC_POLICY, syncOptions: ['PruneLast=true', 'FailOnSharedResource=true'] },
        },
      },
    ]);
  });
});
