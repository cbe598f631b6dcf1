/** argocd/ as generated from environments.yaml, and the server claim protections in base/. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { argocdFiles, consulApplication, consulProject } from '../../tools/src/generate/argocd.js';
import { serverStatefulSet } from '../../tools/src/generate/base/server-statefulset.js';
import { baseSettings } from '../../tools/src/generate/base/settings.js';
import { generate } from '../../tools/src/generate/index.js';
import { CLUSTER_RESOURCES, TRACKING_LABELS } from '../../tools/src/model/argocd.js';
import { renderResources, REPO_ROOT, repoSpec } from '../helpers/repo.js';

type Json = Record<string, any>;

describe('argocd/ from environments.yaml', () => {
  it('the project allows exactly this repository and each environment destination', async () => {
    const spec = await repoSpec();
    const project = consulProject(spec) as Json;
    expect(project.metadata).toMatchObject({ name: 'consul', namespace: 'argocd' });
    expect(project.spec.sourceRepos).toEqual([spec.repository.url]);
    expect(project.spec.destinations).toEqual(spec.environments.map((env) => ({ ...env.destination, namespace: env.namespace })));
  });

  it.each(['dev', 'staging', 'prod'])('the %s Application syncs its overlay automatically, with prune and self-heal, into its namespace', async (name) => {
    const spec = await repoSpec();
    const env = spec.environments.find((candidate) => candidate.name === name);
    if (!env) throw new Error(`no environment ${name}`);
    const application = consulApplication(env, spec) as Json;
    expect(application.metadata).toMatchObject({ name: `consul-${name}`, namespace: 'argocd' });
    expect(application.metadata.finalizers).toBeUndefined();
    expect(application.spec).toMatchObject({
      project: 'consul',
      source: { repoURL: spec.repository.url, targetRevision: spec.repository.revision, path: `overlays/${name}` },
      destination: { ...env.destination, namespace: env.namespace },
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    });
    expect(application.spec.syncPolicy.syncOptions).toContain('CreateNamespace=true');
  });

  it('the namespace as code: the Application labels it with its Pod Security level, pinned to its cluster version', async () => {
    const spec = await repoSpec();
    const prod = spec.environments.find((candidate) => candidate.name === 'prod');
    if (!prod) throw new Error('no environment prod');
    const labels = (consulApplication(prod, spec) as Json).spec.syncPolicy.managedNamespaceMetadata.labels;
    expect(labels).toEqual({
      'app.kubernetes.io/part-of': 'consul',
      'pod-security.kubernetes.io/enforce': 'privileged',
      'pod-security.kubernetes.io/enforce-version': 'v1.33',
      'pod-security.kubernetes.io/audit': 'privileged',
      'pod-security.kubernetes.io/audit-version': 'v1.33',
      'pod-security.kubernetes.io/warn': 'privileged',
      'pod-security.kubernetes.io/warn-version': 'v1.33',
    });
    // without a cluster description the version is latest; a level set in the spec is the one written
    const elsewhere = consulApplication({ ...prod, cluster: undefined, destination: { name: 'edge' }, podSecurity: 'privileged' }, spec) as Json;
    expect(elsewhere.spec.syncPolicy.managedNamespaceMetadata.labels['pod-security.kubernetes.io/enforce-version']).toBe('latest');
    const other = consulApplication({ ...prod, podSecurity: 'baseline' }, spec) as Json;
    expect(other.spec.syncPolicy.managedNamespaceMetadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
  });

  it('a destination given by cluster name stays a name, in the project and the Application', async () => {
    const spec = await repoSpec();
    const [first] = spec.environments;
    if (!first) throw new Error('no environment');
    const named = { ...spec, environments: [{ ...first, destination: { name: 'edge-cluster' } }] };
    expect((consulProject(named) as Json).spec.destinations).toEqual([{ name: 'edge-cluster', namespace: first.namespace }]);
    expect((consulApplication(named.environments[0]!, named) as Json).spec.destination).toEqual({ name: 'edge-cluster', namespace: first.namespace });
  });

  it('the kustomization lists the projects, the root Application and one Application file per environment', async () => {
    const files = argocdFiles(await repoSpec());
    expect([...files.keys()].sort()).toEqual([
      'argocd/applications/dev.yaml',
      'argocd/applications/prod.yaml',
      'argocd/applications/staging.yaml',
      'argocd/kustomization.yaml',
      'argocd/project.yaml',
      'argocd/root.yaml',
    ]);
    const kustomization = parseAllDocuments(files.get('argocd/kustomization.yaml') ?? '')[0]?.toJS() as Json;
    expect(kustomization.resources).toEqual(['project.yaml', 'root.yaml', 'applications/dev.yaml', 'applications/prod.yaml', 'applications/staging.yaml']);
  });

  it('the root Application syncs argocd/ itself, in-cluster, in a project that allows only Applications and AppProjects there', async () => {
    const spec = await repoSpec();
    const [project, root] = parseAllDocuments(argocdFiles(spec).get('argocd/root.yaml') ?? '').map((document) => document.toJS() as Json);
    expect(root).toMatchObject({
      kind: 'Application',
      metadata: { name: 'consul-gitops', namespace: 'argocd' },
      spec: {
        project: 'consul-gitops',
        source: { repoURL: spec.repository.url, targetRevision: spec.repository.revision, path: 'argocd' },
        destination: { server: 'https://kubernetes.default.svc', namespace: 'argocd' },
        syncPolicy: { automated: { prune: true, selfHeal: true } },
      },
    });
    expect(project).toMatchObject({
      kind: 'AppProject',
      metadata: { name: 'consul-gitops' },
      spec: {
        sourceRepos: [spec.repository.url],
        destinations: [{ server: 'https://kubernetes.default.svc', namespace: 'argocd' }],
        clusterResourceWhitelist: [],
        namespaceResourceWhitelist: [
          { group: 'argoproj.io', kind: 'Application' },
          { group: 'argoproj.io', kind: 'AppProject' },
        ],
      },
    });
  });

  it('every Application retries a failed sync with backoff', async () => {
    const spec = await repoSpec();
    for (const env of spec.environments)
      expect((consulApplication(env, spec) as Json).spec.syncPolicy.retry).toEqual({ limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } });
  });

  it('the committed argocd/ files are what generate writes', async () => {
    const files = generate(await repoSpec());
    for (const [path, text] of files) {
      if (!path.startsWith('argocd/')) continue;
      expect(await readFile(join(REPO_ROOT, path), 'utf8'), path).toBe(text);
    }
  });

  it.each(['dev', 'staging', 'prod'])('the project whitelists every cluster-scoped kind overlays/%s renders', async (name) => {
    const resources = await renderResources(join(REPO_ROOT, 'overlays', name));
    const clusterKinds = new Set(resources.filter((resource) => !resource.ref.namespace).map((resource) => resource.ref.kind));
    expect(clusterKinds.size).toBeGreaterThan(0);
    const whitelisted = new Set<string>(CLUSTER_RESOURCES.map((resource) => resource.kind));
    expect([...clusterKinds].filter((kind) => !whitelisted.has(kind))).toEqual([]);
  });
});

describe('server claims are protected from Argo CD and the StatefulSet controller', () => {
  it('base/ claim templates carry apiVersion, kind and Delete=false, no tracking label, and are retained', async () => {
    const statefulSet = serverStatefulSet(baseSettings(await repoSpec())) as Json;
    expect(statefulSet.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    for (const template of statefulSet.spec.volumeClaimTemplates as Json[]) {
      expect(template).toMatchObject({ apiVersion: 'v1', kind: 'PersistentVolumeClaim' });
      expect(template.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-options': 'Delete=false' });
      for (const label of TRACKING_LABELS) expect(template.metadata.labels?.[label]).toBeUndefined();
    }
  });

  it.each(['dev', 'staging', 'prod'])('the overlays/%s storage patch keeps the protections in the render', async (name) => {
    const spec = await repoSpec();
    const resources = await renderResources(join(REPO_ROOT, 'overlays', name));
    const statefulSet = resources.find((resource) => resource.ref.kind === 'StatefulSet')?.object as Json;
    const env = spec.environments.find((candidate) => candidate.name === name);
    expect(statefulSet.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(statefulSet.spec.volumeClaimTemplates).toEqual([
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'data', annotations: { 'argocd.argoproj.io/sync-options': 'Delete=false' } },
        spec: {
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: env?.storage.size } },
          storageClassName: env?.storage.class,
          volumeMode: 'Filesystem',
        },
        status: { phase: 'Pending' },
      },
    ]);
  });
});
