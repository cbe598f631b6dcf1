/** zone-quorum and rollout-quorum choose their severity by tier and by how sure the risk is. */
import { describe, expect, it } from 'vitest';
import type { ParsedResource } from '../../../tools/src/parse/resource.js';
import type { Spec, Tier } from '../../../tools/src/environments/types.js';
import { rolloutQuorum } from '../../../tools/src/validate/rules/rollout-quorum.js';
import { runPolicies } from '../../../tools/src/validate/run-policies.js';
import { zoneQuorum } from '../../../tools/src/validate/rules/zone-quorum.js';

const podLabels = { 'app.kubernetes.io/name': 'consul', 'app.kubernetes.io/component': 'server' };

function servers(replicas: number, extra: Record<string, unknown> = {}): ParsedResource[] {
  const object = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'consul-server', labels: { environment: 'env' } },
    spec: { replicas, template: { metadata: { labels: podLabels }, spec: {} }, ...extra },
  };
  return [
    {
      ref: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'consul-server' },
      object,
      location: { file: 'x', line: 1 },
      lineOf: () => undefined,
    },
  ];
}

function spec(tier: Tier, zones: string[]): Spec {
  return { environments: [{ name: 'env', tier, zones, namespace: 'ns' }], tierSeverity: {} } as unknown as Spec;
}

const severities = (resources: ParsedResource[], environments: Spec, rule: string): string[] =>
  runPolicies(resources, environments, [zoneQuorum, rolloutQuorum])
    .filter((finding) => finding.rule === rule)
    .map((finding) => finding.severity);

describe('zone-quorum severities', () => {
  it.each([
    ['development with one zone is skipped', 'development', ['a'], []],
    ['development with three zones and no spread is info', 'development', ['a', 'b', 'c'], ['info']],
    ['staging with one zone is info (nothing in the render can fix it)', 'staging', ['a'], ['info']],
    ['production with one zone is a warning', 'production', ['a'], ['warning']],
    ['staging with three zones and no spread is an error', 'staging', ['a', 'b', 'c'], ['error']],
    ['production over two zones fails the math even when spread: error', 'production', ['a', 'b'], ['error']],
  ] as const)('%s', (_name, tier, zones, expected) => {
    expect(severities(servers(5, { podManagementPolicy: 'Parallel' }), spec(tier, [...zones]), 'zone-quorum')).toEqual(expected);
  });
});

describe('rollout-quorum severities', () => {
  it('Parallel with several servers is info only; one server says nothing', () => {
    expect(severities(servers(5, { podManagementPolicy: 'Parallel' }), spec('production', ['a', 'b', 'c']), 'rollout-quorum')).toEqual([
      'info',
    ]);
    expect(severities(servers(1), spec('development', ['a']), 'rollout-quorum')).toEqual([]);
  });

  it('OnDelete is info; the default OrderedReady with several servers is an error', () => {
    expect(
      severities(
        servers(3, { podManagementPolicy: 'Parallel', updateStrategy: { type: 'OnDelete' } }),
        spec('staging', ['a']),
        'rollout-quorum',
      ),
    ).toEqual(['info', 'info']);
    expect(severities(servers(3), spec('staging', ['a']), 'rollout-quorum')).toEqual(['error']);
  });
});
