/** node-topology-labels: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/node-topology-labels/). */
import { describe, expect, it } from 'vitest';
import { nodeTopologyLabels } from '../../../tools/src/validate/rules/node-topology-labels.js';
import { found, onCluster, servers, tierSpec, type Body } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

describe('node-topology-labels', () => {
  const placed = (pod: Body) => servers(3, {}, pod);
  const spread = (topologyKey: string, whenUnsatisfiable?: string) => ({
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey, ...(whenUnsatisfiable ? { whenUnsatisfiable } : {}) }],
  });
  const anti = (topologyKey: string) => ({
    affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey }] } },
  });
  const pool = (more: Body) => ({
    name: 'p',
    count: 3,
    zones: [],
    labels: {},
    taints: [],
    allocatable: { cpu: '4', memory: '16Gi' },
    ...more,
  });

  it('the zone and hostname keys on a pool with zones pass; a custom key passes when a pool carries it', () => {
    expect(
      found(
        nodeTopologyLabels,
        [placed({ ...spread('topology.kubernetes.io/zone'), ...anti('kubernetes.io/hostname') })],
        onCluster('production'),
      ),
    ).toEqual([]);
    const custom = onCluster('production', { nodePools: [pool({ labels: { rack: 'r1' } })] });
    expect(found(nodeTopologyLabels, [placed(spread('rack'))], custom)).toEqual([]);
  });

  it('a key no usable node carries is an error at it, for a hard spread and for required anti-affinity', () => {
    const noZones = onCluster('production', { nodePools: [pool({})] });
    expect(
      found(nodeTopologyLabels, [placed({ ...spread('topology.kubernetes.io/zone', 'DoNotSchedule'), ...anti('rack') })], noZones),
    ).toEqual([
      {
        severity: 'error',
        at: 'StatefulSet/consul-server /spec/template/spec/topologySpreadConstraints/0/topologyKey',
        message:
          'no node the servers can use on cluster "c" carries topology.kubernetes.io/zone (untainted pools with nodes: p): every server stays Pending',
      },
      {
        severity: 'error',
        at: 'StatefulSet/consul-server /spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/0/topologyKey',
        message: 'no node the servers can use on cluster "c" carries rack (untainted pools with nodes: p): every server stays Pending',
      },
    ]);
  });

  it('the usable pools are listed, comma-separated', () => {
    const two = onCluster('production', { nodePools: [pool({}), pool({ name: 'q' })] });
    expect(found(nodeTopologyLabels, [placed(anti('rack'))], two).map((finding) => finding.message)).toEqual([
      'no node the servers can use on cluster "c" carries rack (untainted pools with nodes: p, q): every server stays Pending',
    ]);
  });

  it('tainted and empty pools do not count; a soft spread and a missing key are not checked', () => {
    const tainted = onCluster('production', {
      nodePools: [
        pool({ zones: ['zone-a'], taints: [{ key: 'gpu', effect: 'NoSchedule' }] }),
        pool({ name: 'empty', zones: ['zone-a'], count: 0 }),
      ],
    });
    expect(found(nodeTopologyLabels, [placed(spread('topology.kubernetes.io/zone'))], tainted)[0]?.message).toBe(
      'no node the servers can use on cluster "c" carries topology.kubernetes.io/zone (untainted pools with nodes: none): every server stays Pending',
    );
    expect(found(nodeTopologyLabels, [placed(spread('rack', 'ScheduleAnyway'))], onCluster('production'))).toEqual([]);
    expect(found(nodeTopologyLabels, [placed({ topologySpreadConstraints: [{ maxSkew: 1 }] })], onCluster('production'))).toEqual([]);
    expect(found(nodeTopologyLabels, [placed(spread('rack'))], tierSpec('production'))).toEqual([]);
  });
});

describeRuleFixtures('node-topology-labels');
