/** environments.yaml `clusters:`: facts with Kubernetes' defaults, which environment runs where, and contradictions at the spec's line. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SpecError } from '../../tools/src/model/errors.js';
import { clusterOf } from '../../tools/src/environments/clusters.js';
import { parseSpec } from '../../tools/src/environments/load.js';
import { REPO_ROOT } from '../helpers/repo.js';

const COMMITTED = readFileSync(join(REPO_ROOT, 'environments.yaml'), 'utf8');

function lineOf(text: string, needle: string): number {
  const index = text.indexOf(needle);
  expect(index, needle).toBeGreaterThanOrEqual(0);
  return text.slice(0, index).split('\n').length;
}

/** The committed clusters described with their Argo CD destinations (the committed ones name them with `cluster:` instead). */
function withDestinations(text: string): string {
  const out = text
    .replace(
      '  gke-staging:\n    kubernetesVersion: "1.33"\n',
      '  gke-staging:\n    kubernetesVersion: "1.33"\n    destination: { server: https://staging.k8s.example.internal }\n',
    )
    .replace(
      '  gke-prod:\n    kubernetesVersion: "1.33"\n',
      '  gke-prod:\n    kubernetesVersion: "1.33"\n    destination: { server: https://prod.k8s.example.internal }\n',
    );
  expect(out.match(/destination: \{ server/g)).toHaveLength(2);
  return out;
}

/** The committed spec with one replacement; the replacement must change it. */
function edited(from: string, to: string): string {
  const text = COMMITTED.replace(from, to);
  expect(text).not.toBe(COMMITTED);
  return text;
}

function problems(text: string): SpecError {
  try {
    parseSpec(text);
  } catch (error) {
    expect(error).toBeInstanceOf(SpecError);
    return error as SpecError;
  }
  throw new Error('the spec was accepted');
}

describe('the committed clusters', () => {
  const spec = parseSpec(COMMITTED);

  it('describe the three destinations, each environment on its own, with the Kubernetes defaults filled in', () => {
    expect(spec.clusters?.map((cluster) => cluster.name)).toEqual(['in-cluster', 'gke-staging', 'gke-prod']);
    for (const [environment, cluster, storageClass] of [
      ['dev', 'in-cluster', 'standard'],
      ['staging', 'gke-staging', 'ssd-regional'],
      ['prod', 'gke-prod', 'premium-ssd'],
    ] as const) {
      const env = spec.environments.find((candidate) => candidate.name === environment);
      expect(env).toBeDefined();
      const facts = clusterOf(env!, spec.clusters);
      expect(facts?.name).toBe(cluster);
      const found = facts?.storageClasses.find((entry) => entry.name === storageClass);
      expect(found).toBeDefined();
      // zonal disks bind where the pod lands
      if (found?.zonal) expect(found.volumeBindingMode).toBe('WaitForFirstConsumer');
    }
    expect(spec.clusters?.[0]?.hostPorts).toEqual([]);
    expect(spec.clusters?.[0]?.nodePools[0]).toMatchObject({ labels: {}, taints: [] });
  });

  it('default an omitted binding mode to Immediate, expansion to false and a host port protocol to TCP', () => {
    const text = edited(
      '- { name: premium-ssd, provisioner: pd.csi.storage.gke.io, volumeBindingMode: WaitForFirstConsumer, allowVolumeExpansion: true, zonal: true }',
      '- { name: premium-ssd, provisioner: pd.csi.storage.gke.io, zonal: true }',
    ).replace('- { port: 9100, protocol: TCP, owner: monitoring/node-exporter }', '- { port: 9100, owner: monitoring/node-exporter }');
    const prod = parseSpec(text).clusters?.find((cluster) => cluster.name === 'gke-prod');
    expect(prod?.storageClasses[0]).toEqual({
      name: 'premium-ssd',
      provisioner: 'pd.csi.storage.gke.io',
      volumeBindingMode: 'Immediate',
      allowVolumeExpansion: false,
      zonal: true,
    });
    expect(prod?.hostPorts[0]?.protocol).toBe('TCP');
  });

  it('match an environment without `cluster:` by its destination, and none when no destination matches', () => {
    const text = withDestinations(edited('    cluster: gke-prod\n', ''));
    const spec2 = parseSpec(text);
    // without destinations, nothing matches
    const bare = parseSpec(edited('    cluster: gke-prod\n', ''));
    expect(
      clusterOf(
        bare.environments.find((env) => env.name === 'prod')!,
        bare.clusters,
      ),
    ).toBeUndefined();
    const prod = spec2.environments.find((env) => env.name === 'prod');
    expect(clusterOf(prod!, spec2.clusters)?.name).toBe('gke-prod');
    const elsewhere = withDestinations(edited('    cluster: gke-prod\n', '')).replace(
      'destination:\n      server: https://prod.k8s.example.internal',
      'destination:\n      server: https://other.k8s.example.internal',
    );
    const spec3 = parseSpec(elsewhere);
    expect(
      clusterOf(
        spec3.environments.find((env) => env.name === 'prod')!,
        spec3.clusters,
      ),
    ).toBeUndefined();
  });

  it('are optional: a spec without them loads, and no environment has a cluster', () => {
    const without = COMMITTED.replace(/\nclusters:\n[\s\S]*?\n\nenvironments:/, '\nenvironments:').replace(/ {4}cluster: [a-z-]+\n/g, '');
    const spec4 = parseSpec(without);
    expect(spec4.clusters).toBeUndefined();
    expect(spec4.environments.map((env) => clusterOf(env, spec4.clusters))).toEqual([undefined, undefined, undefined]);
  });
});

describe('a cluster description that contradicts the environment is one error at the spec line', () => {
  it('an unknown StorageClass, at storage.class, with the classes the cluster has', () => {
    const text = edited('storage: { class: premium-ssd, size: 50Gi }', 'storage: { class: premium-sdd, size: 50Gi }');
    const error = problems(text);
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatchObject({
      path: 'environments.prod.storage.class',
      line: lineOf(text, 'storage: { class: premium-sdd'),
    });
    expect(error.problems[0]?.message).toMatch(
      /^StorageClass "premium-sdd" does not exist on cluster "gke-prod" \(it has premium-ssd, standard\): .*did you mean "premium-ssd"\?$/,
    );
  });

  it('a zone no usable node carries, at the zone', () => {
    const text = edited('        count: 9\n        zones: [zone-a, zone-b, zone-c]', '        count: 9\n        zones: [zone-a, zone-b]');
    const error = problems(text);
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatchObject({ path: 'environments.prod.zones.2' });
    expect(error.problems[0]?.message).toMatch(/topology\.kubernetes\.io\/zone=zone-c .*general zone-a,zone-b/);
  });

  it('a tainted pool does not count for the servers: its zones and nodes are not theirs', () => {
    const text = edited(
      '        count: 9\n        zones: [zone-a, zone-b, zone-c]',
      '        count: 9\n        zones: [zone-a, zone-b, zone-c]\n        taints: [{ key: dedicated, value: gpu, effect: NoSchedule }]',
    );
    const error = problems(text);
    expect(error.problems.map((problem) => problem.path)).toEqual([
      'environments.prod.zones.0',
      'environments.prod.zones.1',
      'environments.prod.zones.2',
      'environments.prod.minNodes',
    ]);
    expect(error.problems[3]?.message).toMatch(/^5 schedulable nodes, but cluster "gke-prod" has 0 without a NoSchedule\/NoExecute taint/);
  });

  it('a PreferNoSchedule taint does not keep the servers off', () => {
    const text = edited(
      '        count: 9\n        zones: [zone-a, zone-b, zone-c]',
      '        count: 9\n        zones: [zone-a, zone-b, zone-c]\n        taints: [{ key: spot, effect: PreferNoSchedule }]',
    );
    expect(() => parseSpec(text)).not.toThrow();
  });

  it('more minNodes than the cluster has, at minNodes', () => {
    const text = edited('        count: 9\n', '        count: 4\n');
    const error = problems(text);
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatchObject({ path: 'environments.prod.minNodes' });
  });

  it('an unknown cluster name, with a suggestion, or the known names', () => {
    const near = problems(edited('    cluster: gke-prod\n', '    cluster: gke-prd\n'));
    expect(near.problems[0]).toMatchObject({
      path: 'environments.prod.cluster',
      message: 'unknown cluster "gke-prd": did you mean "gke-prod"?',
    });
    const far = problems(edited('    cluster: gke-prod\n', '    cluster: somewhere-else\n'));
    expect(far.problems[0]?.message).toBe(
      'unknown cluster "somewhere-else": describe it under clusters (known: in-cluster, gke-staging, gke-prod)',
    );
  });

  it('a cluster whose destination is not the environment (a cluster without one may be named by any environment)', () => {
    expect(() => parseSpec(edited('    cluster: gke-prod\n', '    cluster: gke-staging\n'))).toThrow(
      /environments\.prod\.storage\.class: StorageClass "premium-ssd" does not exist on cluster "gke-staging"/,
    );
    const error = problems(withDestinations(edited('    cluster: gke-prod\n', '    cluster: gke-staging\n')));
    expect(error.problems.map((problem) => problem.path)).toEqual(['environments.prod.cluster']);
    expect(error.problems[0]?.message).toMatch(
      /^cluster "gke-staging" is the destination https:\/\/staging\.k8s\.example\.internal, but this environment syncs to https:\/\/prod\.k8s\.example\.internal/,
    );
  });

  it('unknown keys and impossible values are refused by the schema', () => {
    expect(
      problems(edited('  gke-prod:\n    kubernetesVersion: "1.33"', '  gke-prod:\n    kubernetesVersion: "v1.33"')).problems[0]?.path,
    ).toBe('clusters.gke-prod.kubernetesVersion');
    expect(problems(edited('        count: 9\n', '        count: 9\n        size: large\n')).problems[0]?.message).toMatch(/^unknown key/);
  });
});

describe('podSecurity', () => {
  it('privileged is accepted; baseline and restricted are refused at their line: the client host ports violate both', () => {
    expect(
      parseSpec(edited('    cluster: gke-prod\n', '    cluster: gke-prod\n    podSecurity: privileged\n')).environments[1]?.podSecurity,
    ).toBe('privileged');
    for (const level of ['baseline', 'restricted']) {
      const text = edited('    cluster: gke-prod\n', `    cluster: gke-prod\n    podSecurity: ${level}\n`);
      const error = problems(text);
      expect(error.problems).toHaveLength(1);
      expect(error.problems[0]).toMatchObject({ path: 'environments.prod.podSecurity', line: lineOf(text, `podSecurity: ${level}`) });
      expect(error.problems[0]?.message).toMatch(new RegExp(`^"${level}" forbids host ports .*use privileged$`));
    }
  });
});
