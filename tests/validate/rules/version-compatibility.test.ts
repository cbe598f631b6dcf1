/** version-compatibility: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/version-compatibility/). */
import { describe, expect, it } from 'vitest';
import { versionCompatibility } from '../../../tools/src/validate/rules/version-compatibility.js';
import { found, onCluster, tierSpec, workload, type Body } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';
import { pinnedFacts } from '../../../tools/src/facts/pinned.js';
import type { Facts } from '../../../tools/src/model/facts.js';

/** The pinned facts with some tables replaced: what a rule sees is what it is passed, not what tools/facts holds. */
const withFacts = (tables: Partial<Facts>): Facts => ({ ...pinnedFacts(), ...tables });

const container = (name: string, image: string, more: Body = {}) => ({ name, image, ...more });

describe('version-compatibility', () => {
  const server = (image: string) => workload('StatefulSet', 'consul-server', { containers: [container('consul', image)] });
  const plane = (image: string) => workload('Deployment', 'consul-sync-catalog', { containers: [container('sync', image)] });

  it('a pair of one row, on a Kubernetes in its range, passes; so does a patch release and a -ent tag', () => {
    for (const tag of ['1.22.7', '1.22.0-ent', 'v1.22.1'])
      expect(
        found(
          versionCompatibility,
          [server(`hashicorp/consul:${tag}`), plane('hashicorp/consul-k8s-control-plane:1.9.11')],
          onCluster('production'),
        ),
      ).toEqual([]);
  });

  it('a control plane of another row is an error at the Consul image, naming the control plane and the row', () => {
    expect(
      found(
        versionCompatibility,
        [server('hashicorp/consul:1.13.9'), plane('hashicorp/consul-k8s-control-plane:1.9.11')],
        tierSpec('production'),
      ),
    ).toEqual([
      {
        severity: 'error',
        at: 'StatefulSet/consul-server /spec/template/spec/containers/0/image',
        message:
          'Consul 1.13.9 with consul-k8s-control-plane 1.9.11 (Deployment/consul-sync-catalog): the compatibility matrix pairs Consul 1.13.x with consul-k8s 0.49.x',
      },
    ]);
  });

  it('several skewed control-plane containers are counted, each version named once', () => {
    const [finding] = found(
      versionCompatibility,
      [
        server('hashicorp/consul:1.21.0'),
        plane('hashicorp/consul-k8s-control-plane:1.9.11'),
        plane('hashicorp/consul-k8s-control-plane:1.9.11'),
      ],
      tierSpec('production'),
    );
    expect(finding?.message).toBe(
      'Consul 1.21.0 with consul-k8s-control-plane 1.9.11 (Deployment/consul-sync-catalog and 1 more): the compatibility matrix pairs Consul 1.21.x with consul-k8s 1.8.x',
    );
  });

  it("the cluster's Kubernetes outside the row's range is an error, once per Consul minor, at either end", () => {
    for (const version of ['1.29', '1.35', '1.9']) {
      const findings = found(
        versionCompatibility,
        [
          server('hashicorp/consul:1.22.7'),
          workload('DaemonSet', 'consul-client', { containers: [container('consul', 'hashicorp/consul:1.22.7')] }),
        ],
        onCluster('production', { kubernetesVersion: version }),
      );
      expect(findings).toEqual([
        {
          severity: 'error',
          at: 'StatefulSet/consul-server /spec/template/spec/containers/0/image',
          message: `Kubernetes ${version} (cluster "c") is outside 1.30-1.34, the range the compatibility matrix gives Consul 1.22.x`,
        },
      ]);
    }
    for (const version of ['1.30', '1.34'])
      expect(
        found(versionCompatibility, [server('hashicorp/consul:1.22.7')], onCluster('production', { kubernetesVersion: version })),
      ).toEqual([]);
  });

  it('a Consul minor without a row is a warning that nothing was checked', () => {
    expect(found(versionCompatibility, [server('hashicorp/consul:1.19.2')], onCluster('production'))).toEqual([
      {
        severity: 'warning',
        at: 'StatefulSet/consul-server /spec/template/spec/containers/0/image',
        message:
          'Consul 1.19.2 has no row in the compatibility table (1.22, 1.21, 1.17, 1.16, 1.15, 1.14, 1.13): its control plane and Kubernetes versions are not checked',
      },
    ]);
  });

  it('checks against the matrix it is passed: a row for 1.19 makes it checked, a 1.22 row of another control plane makes 1.9.11 skewed', () => {
    const pinned = pinnedFacts().compatibility;
    const row19 = { consul: '1.19', controlPlane: ['1.6'], kubernetes: { min: '1.28', max: '1.31' } };
    const with19 = withFacts({ compatibility: { ...pinned, rows: [...pinned.rows, row19] } });
    expect(
      found(versionCompatibility, [server('hashicorp/consul:1.19.2')], onCluster('production', { kubernetesVersion: '1.30' }), with19),
    ).toEqual([]);
    const skewed = withFacts({
      compatibility: { ...pinned, rows: pinned.rows.map((row) => (row.consul === '1.22' ? { ...row, controlPlane: ['1.8'] } : row)) },
    });
    const pair = [server('hashicorp/consul:1.22.7'), plane('hashicorp/consul-k8s-control-plane:1.9.11')];
    expect(found(versionCompatibility, pair, onCluster('production'))).toEqual([]);
    expect(found(versionCompatibility, pair, onCluster('production'), skewed).map((entry) => entry.message)).toEqual([
      'Consul 1.22.7 with consul-k8s-control-plane 1.9.11 (Deployment/consul-sync-catalog): the compatibility matrix pairs Consul 1.22.x with consul-k8s 1.8.x',
    ]);
  });

  it('images without a version tag, other images and containers without an image are not read', () => {
    const others = workload('StatefulSet', 'consul-server', {
      containers: [
        container('a', 'hashicorp/consul:latest'),
        container('b', `hashicorp/consul@sha256:${'a'.repeat(64)}`),
        container('c', 'example/not-consul:1.13.9'),
        { name: 'd' },
      ],
    });
    expect(found(versionCompatibility, [others, plane('hashicorp/consul-k8s-control-plane:0.49.0')], onCluster('production'))).toEqual([]);
  });
});

describe('version-compatibility: several versions in one finding (inline)', () => {
  const server = (image: string) => workload('StatefulSet', 'consul-server', { containers: [container('consul', image)] });
  const plane = (name: string, image: string) => workload('Deployment', name, { containers: [container('c', image)] });

  it('every skewed control-plane version is named, and every control-plane minor of the row', () => {
    const facts = pinnedFacts();
    const rows = facts.compatibility.rows.map((row) => (row.consul === '1.22' ? { ...row, controlPlane: ['1.9', '1.10'] } : row));
    const messages = found(
      versionCompatibility,
      [
        server('hashicorp/consul:1.22.7'),
        plane('a', 'hashicorp/consul-k8s-control-plane:1.2.0'),
        plane('b', 'hashicorp/consul-k8s-control-plane:1.3.1'),
      ],
      tierSpec('development'),
      withFacts({ compatibility: { ...facts.compatibility, rows } }),
    ).map((finding) => finding.message);
    expect(messages).toEqual([
      'Consul 1.22.7 with consul-k8s-control-plane 1.2.0, 1.3.1 (Deployment/a and 1 more): the compatibility matrix pairs Consul 1.22.x with consul-k8s 1.9.x, 1.10.x',
    ]);
  });
});

describeRuleFixtures('version-compatibility');
