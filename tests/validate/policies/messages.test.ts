/** Quorum findings state the numbers a reviewer needs: n, q, f, the drain margin, the zone placement. */
import { describe, expect, it } from 'vitest';
import type { ParsedResource } from '../../../tools/src/parse/resource.js';
import type { Spec } from '../../../tools/src/environments/types.js';
import { pdbMaxUnavailable } from '../../../tools/src/validate/rules/pdb-max-unavailable.js';
import { rolloutQuorum } from '../../../tools/src/validate/rules/rollout-quorum.js';
import { runPolicies } from '../../../tools/src/validate/run-policies.js';
import { zoneQuorum } from '../../../tools/src/validate/rules/zone-quorum.js';

const podLabels = { 'app.kubernetes.io/name': 'consul', 'app.kubernetes.io/component': 'server' };

function object(apiVersion: string, kind: string, name: string, body: Record<string, unknown>): ParsedResource {
  return {
    ref: { apiVersion, kind, name },
    object: { apiVersion, kind, metadata: { name, labels: { environment: 'prod' } }, ...body },
    location: { file: 'x', line: 1 },
    lineOf: () => undefined,
  };
}

const statefulSet = (replicas: number, spec: Record<string, unknown> = {}, podSpec: Record<string, unknown> = {}) =>
  object('apps/v1', 'StatefulSet', 'consul-server', {
    spec: { replicas, podManagementPolicy: 'Parallel', template: { metadata: { labels: podLabels }, spec: podSpec }, ...spec },
  });
const pdb = (maxUnavailable: number) =>
  object('policy/v1', 'PodDisruptionBudget', 'consul-server', { spec: { maxUnavailable, selector: { matchLabels: podLabels } } });
const prod = {
  environments: [{ name: 'prod', tier: 'production', zones: ['zone-a', 'zone-b'], namespace: 'consul-prod' }],
  tierSeverity: {},
} as unknown as Spec;

const messages = (resources: ParsedResource[], rule: typeof zoneQuorum) =>
  runPolicies(resources, prod, [rule])
    .filter((finding) => finding.severity !== 'info')
    .map((finding) => finding.message);

describe('finding messages carry the quorum numbers', () => {
  it('pdb-max-unavailable: n, q, f, the seed value and the drain margin', () => {
    expect(messages([statefulSet(5), pdb(3)], pdbMaxUnavailable)).toEqual([
      expect.stringMatching(
        /n=5, quorum q=3, tolerated failures f=2, seed value floor\(n\/2\)-1=1, drain margin f-maxUnavailable=-1\); use 1$/,
      ),
    ]);
    expect(messages([statefulSet(5)], pdbMaxUnavailable)).toEqual([
      expect.stringMatching(/n=5, quorum q=3, tolerated failures f=2\); add one with maxUnavailable 1$/),
    ]);
  });

  it('zone-quorum: the per-zone placement and the comparison with quorum', () => {
    const spread = {
      topologySpreadConstraints: [
        {
          topologyKey: 'topology.kubernetes.io/zone',
          maxSkew: 1,
          whenUnsatisfiable: 'DoNotSchedule',
          labelSelector: { matchLabels: podLabels },
        },
      ],
    };
    expect(messages([statefulSet(5, {}, spread)], zoneQuorum)).toEqual([
      expect.stringContaining('5 server(s) over zones zone-a,zone-b: 3+2; losing zone-a leaves 2 < quorum 3'),
    ]);
  });

  it('rollout-quorum: servers down at once against q and f', () => {
    expect(
      messages([statefulSet(5, { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 3 } } })], rolloutQuorum),
    ).toEqual([
      expect.stringContaining(
        'takes down 3 server(s) at once (maxUnavailable 3) > f: the update alone breaks quorum (n=5, quorum q=3, tolerated failures f=2)',
      ),
    ]);
  });
});
