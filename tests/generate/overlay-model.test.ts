/**
 * An overlay is the difference between its environment's model and base/: rendered by the real
 * kustomize, it gives back exactly the objects the builders produce for that environment (kinds,
 * names and every field outside metadata; images as the environment pins them; cluster-scoped names
 * with the environment's suffix). This is what makes
 * list order safe: an env list in the render is the model's list, in the model's order.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { datacenterObjects } from '../../tools/src/generate/base/index.js';
import { baseSettings, environmentSettings } from '../../tools/src/generate/base/settings.js';
import { generate } from '../../tools/src/generate/index.js';
import { parseSpec } from '../../tools/src/environments/load.js';
import { resolveKustomize } from '../../tools/src/render/kustomize-binary.js';
import { renderKustomization } from '../../tools/src/render/render.js';
import { REPO_ROOT, repoSpec } from '../helpers/repo.js';

type Json = Record<string, unknown>;
const key = (object: Json) => `${String(object.kind)}/${String((object.metadata as Json).name)}`;

/** Everything but metadata; ServiceAccount subjects without their namespace (kustomize sets it). */
function comparable(object: Json, images: Map<string, string>): Json {
  const { metadata: _metadata, ...rest } = object;
  return JSON.parse(JSON.stringify(rest), (field, value: unknown) => {
    if (field === 'image' && typeof value === 'string') return images.get(value) ?? value;
    if (field === 'subjects' && Array.isArray(value)) return value.map((subject: Json) => ({ ...subject, namespace: undefined }));
    return value;
  }) as Json;
}

const spec = await repoSpec();

describe.each(spec.environments.map((env) => ({ env, name: env.name })))('overlays/$name', ({ env }) => {
  it('renders to the environment model', async () => {
    const base = baseSettings(spec);
    const model = Object.values(datacenterObjects(environmentSettings(env, base, true))).flat();
    const images = new Map([
      [base.images.consul, env.images.consul],
      [base.images.controlPlane, env.images.controlPlane],
    ]);
    const kustomize = await resolveKustomize({ env: {} });
    const { yaml } = await renderKustomization(kustomize, join(REPO_ROOT, 'overlays', env.name));
    const rendered = new Map(
      parseAllDocuments(yaml)
        .map((document) => document.toJS() as Json)
        .map((object) => [key(object), object]),
    );
    expect([...rendered.keys()].sort()).toEqual(model.map(key).sort());
    for (const object of model) {
      expect(comparable(rendered.get(key(object)) ?? {}, new Map()), key(object)).toEqual(comparable(object, images));
    }
  });
});

/**
 * What each generated field must be, for given spec inputs: stated here from the inputs (and the
 * quorum formulas written out), not copied from the generator's output, so a generator bug that was
 * regenerated and committed still fails. The spec is the test's own, run through `generate()` and
 * rendered by the real kustomize.
 */
const INPUT = {
  repository: { url: 'https://git.example.org/platform/consul.git', revision: 'release-7' },
  defaults: {
    images: { consul: 'hashicorp/consul:1.22.7', controlPlane: 'hashicorp/consul-k8s-control-plane:1.9.11' },
    storage: { size: '10Gi' },
    zones: ['zone-a'],
    minNodes: 3,
    security: { tls: true, acls: true, gossip: true },
    resources: {
      server: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
      client: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '256Mi' } },
      syncCatalog: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '100m', memory: '128Mi' } },
    },
    destination: { server: 'https://kubernetes.default.svc' },
  },
  environments: {
    solo: {
      tier: 'development',
      namespace: 'consul-solo',
      servers: 1,
      minNodes: 1,
      storage: { class: 'local-path', size: '2Gi' },
      images: { consul: 'hashicorp/consul:1.21.4' },
      security: { tls: false, acls: false, gossip: false },
      clientTolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }],
      destination: { name: 'edge-cluster' },
    },
    trio: {
      tier: 'staging',
      namespace: 'mesh-staging',
      servers: 3,
      storage: { class: 'standard-rwo', size: '20Gi' },
      zones: ['zone-a', 'zone-b'],
      resources: { server: { requests: { cpu: '300m', memory: '384Mi' }, limits: { cpu: '1', memory: '1Gi' } } },
    },
    quint: {
      tier: 'production',
      namespace: 'consul-quint',
      datacenter: 'dc-east',
      servers: 5,
      minNodes: 5,
      storage: { class: 'premium-ssd', size: '50Gi' },
      zones: ['zone-a', 'zone-b', 'zone-c'],
      images: { controlPlane: 'hashicorp/consul-k8s-control-plane:1.9.10' },
      syncGate: 'plugin',
      destination: { server: 'https://prod.k8s.example.org' },
    },
    sept: {
      tier: 'production',
      namespace: 'consul-sept',
      servers: 7,
      minNodes: 7,
      storage: { class: 'premium-ssd', size: '100Gi' },
      zones: ['zone-a', 'zone-b', 'zone-c'],
      resources: { client: { requests: { cpu: '75m', memory: '96Mi' }, limits: { cpu: '300m', memory: '384Mi' } } },
      destination: { server: 'https://prod.k8s.example.org' },
    },
  },
} as const;

type EnvironmentInput = (typeof INPUT.environments)[keyof typeof INPUT.environments];
type Defaults = typeof INPUT.defaults;

/** The input with the defaults applied, written out by hand: objects merge, everything else replaces. */
function expected(name: string, input: EnvironmentInput) {
  const own: Partial<Record<string, unknown>> = input;
  const images = { ...INPUT.defaults.images, ...(own.images as Partial<Defaults['images']> | undefined) };
  const resources = { ...INPUT.defaults.resources, ...(own.resources as Partial<Defaults['resources']> | undefined) };
  const security = { ...INPUT.defaults.security, ...(own.security as Partial<Defaults['security']> | undefined) };
  const destination = (own.destination as { server?: string; name?: string } | undefined) ?? INPUT.defaults.destination;
  const zones = (own.zones as readonly string[] | undefined) ?? INPUT.defaults.zones;
  const datacenter = (own.datacenter as string | undefined) ?? name;
  const n = input.servers;
  return {
    name,
    n,
    namespace: input.namespace,
    datacenter,
    storage: input.storage,
    zones,
    images,
    resources,
    security,
    destination,
    tolerations: (own.clientTolerations as readonly unknown[] | undefined) ?? [],
    plugin: own.syncGate === 'plugin',
    /** Raft: a majority of n. */
    quorum: Math.floor(n / 2) + 1,
    /** The chart's PDB (model/quorum-math.ts, recommendedPdbMaxUnavailable): one server at a time, none while no failure is tolerated. */
    pdbMaxUnavailable: Math.min(1, Math.floor((n - 1) / 2)),
  };
}

const generatedSpec = parseSpec(JSON.stringify(INPUT), 'environments.yaml');
const generatedTree = generate(generatedSpec);
const treeRoot = await mkdtemp(join(tmpdir(), 'generate-semantics-'));
afterAll(() => rm(treeRoot, { recursive: true, force: true }));
for (const [path, text] of generatedTree) {
  await mkdir(dirname(join(treeRoot, path)), { recursive: true });
  await writeFile(join(treeRoot, path), text);
}

async function renderedOverlay(name: string): Promise<Json[]> {
  const kustomize = await resolveKustomize({ env: {} });
  const { yaml } = await renderKustomization(kustomize, join(treeRoot, 'overlays', name));
  return parseAllDocuments(yaml).map((document) => document.toJS() as Json);
}

const at = (value: unknown, ...path: (string | number)[]): unknown =>
  path.reduce<unknown>((current, step) => (current as Record<string | number, unknown> | undefined)?.[step], value);
const find = (objects: Json[], kind: string, name: string): Json => {
  const found = objects.find((object) => object.kind === kind && at(object, 'metadata', 'name') === name);
  if (!found) throw new Error(`${kind}/${name} not rendered`);
  return found;
};
const containerOf = (workload: Json, name: string): Json =>
  (at(workload, 'spec', 'template', 'spec', 'containers') as Json[]).find((container) => container.name === name) ?? {};
const envNames = (container: Json): string[] => ((container.env as Json[] | undefined) ?? []).map((entry) => String(entry.name));
const portNumbers = (container: Json, field: 'containerPort' | 'hostPort'): number[] =>
  ((container.ports as Json[] | undefined) ?? []).flatMap((port) => (typeof port[field] === 'number' ? [port[field]] : []));
const configFiles = (objects: Json[], name: string): Record<string, Json> =>
  Object.fromEntries(
    Object.entries(at(find(objects, 'ConfigMap', name), 'data') as Record<string, string>).map(([key, text]) => [
      key,
      JSON.parse(text) as Json,
    ]),
  );

describe.each(Object.entries(INPUT.environments).map(([name, input]) => expected(name, input)))(
  'generate, then kustomize, for environment $name ($n servers)',
  (env) => {
    let objects: Json[];
    beforeAll(async () => {
      objects = await renderedOverlay(env.name);
    });

    it('server StatefulSet: replicas, claims (class and size), zone spread, one server per node, grace period, image, resources', () => {
      const statefulSet = find(objects, 'StatefulSet', 'consul-server');
      expect(at(statefulSet, 'spec', 'replicas')).toBe(env.n);
      const claim = at(statefulSet, 'spec', 'volumeClaimTemplates', 0, 'spec');
      expect(at(claim, 'storageClassName')).toBe(env.storage.class);
      expect(at(claim, 'resources', 'requests', 'storage')).toBe(env.storage.size);
      expect(at(claim, 'accessModes')).toEqual(['ReadWriteOnce']);
      const pod = at(statefulSet, 'spec', 'template', 'spec');
      const podLabels = at(statefulSet, 'spec', 'template', 'metadata', 'labels') as Json;
      const spread = at(pod, 'topologySpreadConstraints') as Json[] | undefined;
      if (env.zones.length > 1) {
        expect(spread).toEqual([
          {
            labelSelector: { matchLabels: expect.any(Object) },
            maxSkew: 1,
            topologyKey: 'topology.kubernetes.io/zone',
            whenUnsatisfiable: 'DoNotSchedule',
          },
        ]);
        expect(podLabels).toMatchObject(at(spread, 0, 'labelSelector', 'matchLabels') as Json);
      } else {
        expect(spread).toBeUndefined();
      }
      const antiAffinity = at(pod, 'affinity', 'podAntiAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 0);
      expect(at(antiAffinity, 'topologyKey')).toBe('kubernetes.io/hostname');
      expect(podLabels).toMatchObject(at(antiAffinity, 'labelSelector', 'matchLabels') as Json);
      expect(at(pod, 'terminationGracePeriodSeconds')).toBe(30);
      const consul = containerOf(statefulSet, 'consul');
      expect(consul.image).toBe(env.images.consul);
      expect(consul.resources).toEqual(env.resources.server);
    });

    it('PodDisruptionBudget: maxUnavailable from the quorum formula, selecting the server pods', () => {
      const pdb = find(objects, 'PodDisruptionBudget', 'consul-server');
      expect(pdb.apiVersion).toBe('policy/v1');
      expect(at(pdb, 'spec', 'maxUnavailable')).toBe(env.pdbMaxUnavailable);
      const podLabels = at(find(objects, 'StatefulSet', 'consul-server'), 'spec', 'template', 'metadata', 'labels') as Json;
      expect(podLabels).toMatchObject(at(pdb, 'spec', 'selector', 'matchLabels') as Json);
    });

    it('server agent config: bootstrap_expect = servers, autopilot min_quorum = quorum, the datacenter', () => {
      const files = configFiles(objects, 'consul-server-config');
      const environment = Object.values(files).find((file) => 'bootstrap_expect' in file) ?? {};
      expect(environment.bootstrap_expect).toBe(env.n);
      expect(at(environment, 'autopilot', 'min_quorum')).toBe(env.quorum);
      expect(environment.datacenter).toBe(env.datacenter);
      expect(at(configFiles(objects, 'consul-client-config'), '10-environment.json', 'datacenter')).toBe(env.datacenter);
    });

    it('security: TLS (HTTPS only, verified RPC), ACLs (default deny) and the gossip key are wired exactly when the spec turns them on', () => {
      for (const role of ['server', 'client'] as const) {
        const files = configFiles(objects, `consul-${role}-config`);
        const tls = Object.values(files).find((file) => 'tls' in file);
        const acl = Object.values(files).find((file) => 'acl' in file);
        expect(tls !== undefined, `${role} TLS config`).toBe(env.security.tls);
        if (tls) {
          expect(at(tls, 'ports', 'http')).toBe(-1);
          expect(at(tls, 'ports', 'https')).toBe(8501);
          expect(at(tls, 'tls', 'internal_rpc', 'verify_server_hostname')).toBe(true);
          if (role === 'server') expect(at(tls, 'tls', 'internal_rpc', 'verify_incoming')).toBe(true);
        }
        expect(acl !== undefined, `${role} ACL config`).toBe(env.security.acls);
        if (acl) expect(at(acl, 'acl')).toMatchObject({ enabled: true, default_policy: 'deny' });
      }
      const server = containerOf(find(objects, 'StatefulSet', 'consul-server'), 'consul');
      const client = containerOf(find(objects, 'DaemonSet', 'consul-client'), 'consul');
      for (const agent of [server, client]) {
        expect(envNames(agent).includes('GOSSIP_KEY')).toBe(env.security.gossip);
        expect(String(at(agent, 'args', 0)).includes('-encrypt="${GOSSIP_KEY}"')).toBe(env.security.gossip);
        expect(portNumbers(agent, 'containerPort')).toContain(env.security.tls ? 8501 : 8500);
        expect(portNumbers(agent, 'containerPort')).not.toContain(env.security.tls ? 8500 : 8501);
      }
      expect(String(at(server, 'readinessProbe', 'exec', 'command', 2))).toContain(
        env.security.tls ? 'https://127.0.0.1:8501' : 'http://127.0.0.1:8500',
      );
      expect(portNumbers(client, 'hostPort').sort()).toEqual([env.security.tls ? 8501 : 8500, 8502].sort());
    });

    it('client DaemonSet and catalog sync: images, resources, tolerations, grace period', () => {
      const daemonSet = find(objects, 'DaemonSet', 'consul-client');
      const client = containerOf(daemonSet, 'consul');
      expect(client.image).toBe(env.images.consul);
      expect(client.resources).toEqual(env.resources.client);
      expect(at(daemonSet, 'spec', 'template', 'spec', 'tolerations')).toEqual(env.tolerations.length > 0 ? env.tolerations : undefined);
      expect(at(daemonSet, 'spec', 'template', 'spec', 'terminationGracePeriodSeconds')).toBe(10);
      const sync = containerOf(find(objects, 'Deployment', 'consul-sync-catalog'), 'sync-catalog');
      expect(sync.image).toBe(env.images.controlPlane);
      expect(sync.resources).toEqual(env.resources.syncCatalog);
    });

    it('namespace and names: every namespaced object in the environment namespace, cluster-scoped ones suffixed, all labelled', () => {
      for (const object of objects) {
        const clusterScoped = object.kind === 'ClusterRole' || object.kind === 'ClusterRoleBinding';
        expect(at(object, 'metadata', 'namespace'), `${String(object.kind)}`).toBe(clusterScoped ? undefined : env.namespace);
        if (clusterScoped) expect(String(at(object, 'metadata', 'name'))).toMatch(new RegExp(`-${env.name}$`));
        expect(at(object, 'metadata', 'labels', 'environment')).toBe(env.name);
      }
    });

    it('its Argo CD Application: this repository and revision, overlays/<env>, the destination and namespace, the plugin when asked', () => {
      const text = generatedTree.get(`argocd/applications/${env.name}.yaml`) ?? '';
      const application = parseAllDocuments(text)[0]?.toJS() as Json;
      expect(at(application, 'metadata', 'name')).toBe(`consul-${env.name}`);
      expect(at(application, 'spec', 'source')).toMatchObject({
        repoURL: INPUT.repository.url,
        targetRevision: INPUT.repository.revision,
        path: `overlays/${env.name}`,
      });
      expect(at(application, 'spec', 'source', 'plugin') !== undefined).toBe(env.plugin);
      expect(at(application, 'spec', 'destination')).toEqual({ ...env.destination, namespace: env.namespace });
      const project = parseAllDocuments(generatedTree.get('argocd/project.yaml') ?? '')[0]?.toJS() as Json;
      expect(at(project, 'spec', 'destinations')).toContainEqual({ ...env.destination, namespace: env.namespace });
    });
  },
);
