/** zone-quorum: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/zone-quorum/). */
import { describe, expect, it } from 'vitest';
import type { Tier } from '../../../tools/src/environments/types.js';
import { zoneQuorum } from '../../../tools/src/validate/rules/zone-quorum.js';
import { found, OTHER, servers, SERVER_POD_LABELS, tierSpec, type Body } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

const STS = 'StatefulSet/consul-server';
const ZONE = 'topology.kubernetes.io/zone';
const POD = '/spec/template/spec';
const spread = (extra: Body = {}, matchLabels: Body = SERVER_POD_LABELS) => ({
  topologySpreadConstraints: [{ topologyKey: ZONE, labelSelector: { matchLabels }, ...extra }],
});
const check = (tier: Tier, zones: string[], pod: Body, n = 5) => found(zoneQuorum, [servers(n, {}, pod)], tierSpec(tier, { zones }));
const ABC = ['zone-a', 'zone-b', 'zone-c'];

describe('zone-quorum', () => {
  it('a hard spread with maxSkew 1 over 3 zones passes (DoNotSchedule and maxSkew 1 are the defaults)', () => {
    expect(check('production', ABC, spread({ maxSkew: 1, whenUnsatisfiable: 'DoNotSchedule' }))).toEqual([]);
    expect(check('production', ABC, spread())).toEqual([]);
  });

  it('no spread is an error in staging and production, info in development with several zones', () => {
    const message =
      'servers are not spread over zones: all 5 may share one zone, and losing it leaves 0 < quorum 3 (zones zone-a,zone-b,zone-c)';
    for (const tier of ['staging', 'production'] as const)
      expect(check(tier, ABC, {})).toEqual([{ severity: 'error', at: `${STS} ${POD}/topologySpreadConstraints`, message }]);
    expect(check('development', ABC, {})).toEqual([{ severity: 'info', at: `${STS} ${POD}/topologySpreadConstraints`, message }]);
    expect(check('production', ABC, spread({}, { app: 'other' })).map((finding) => finding.at)).toEqual([
      `${STS} ${POD}/topologySpreadConstraints`,
    ]);
  });

  it('one zone: skipped in development, info in staging, a warning in production', () => {
    expect(check('development', ['zone-a'], {})).toEqual([]);
    expect(check('staging', ['zone-a'], {})).toEqual([
      {
        severity: 'info',
        at: `${STS} /spec/replicas`,
        message: '5 server(s) in zone zone-a: a zone outage stops the datacenter (quorum 3); declare 3 zones to survive one',
      },
    ]);
    expect(check('production', ['zone-a'], {}).map((finding) => finding.severity)).toEqual(['warning']);
    expect(check('production', [], {}).map((finding) => finding.message)).toEqual([
      '5 server(s) in no declared zone: a zone outage stops the datacenter (quorum 3); declare 3 zones to survive one',
    ]);
  });

  it('a nodeSelector on the zone narrows the declared zones (development then skips)', () => {
    expect(check('production', ABC, { nodeSelector: { [ZONE]: 'zone-a' }, ...spread() })).toEqual([
      {
        severity: 'warning',
        at: `${STS} /spec/replicas`,
        message:
          '5 server(s) in zone zone-a (node selection narrows the declared zone-a,zone-b,zone-c): a zone outage stops the datacenter (quorum 3); declare 3 zones to survive one',
      },
    ]);
    expect(check('development', ABC, { nodeSelector: { [ZONE]: 'zone-a' } })).toEqual([]);
  });

  it('required node affinity narrows the zones only when every term pins the zone label', () => {
    const term = (values: string[]) => ({
      matchExpressions: [
        { key: 'other', operator: 'In', values: ['x'] },
        { key: ZONE, operator: 'In', values },
      ],
    });
    const affinity = (...terms: Body[]) => ({
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } },
      ...spread(),
    });
    expect(check('production', ABC, affinity(term(['zone-a']), term(['zone-b'])))).toEqual([
      {
        severity: 'error',
        at: `${STS} /spec/replicas`,
        message:
          '5 server(s) over zones zone-a,zone-b: 3+2; losing zone-a leaves 2 < quorum 3 (node selection narrows the declared zone-a,zone-b,zone-c), even with a perfect spread: add zones or servers',
      },
    ]);
    expect(check('production', ABC, affinity(term(['zone-a']), { matchExpressions: [{ key: 'other', operator: 'Exists' }] }))).toEqual([]);
    expect(check('production', ABC, affinity({ matchExpressions: [{ key: ZONE, operator: 'NotIn', values: ['zone-a'] }] }))).toEqual([]);
  });

  it('too few zones for the servers fails even with a perfect spread: error, info in development', () => {
    expect(check('staging', ['zone-a', 'zone-b'], spread()).map((finding) => `${finding.severity} ${finding.message}`)).toEqual([
      'error 5 server(s) over zones zone-a,zone-b: 3+2; losing zone-a leaves 2 < quorum 3, even with a perfect spread: add zones or servers',
    ]);
    expect(check('development', ['zone-a', 'zone-b'], spread()).map((finding) => finding.severity)).toEqual(['info']);
  });

  it('a soft spread or preferred anti-affinity is a warning (info in development)', () => {
    expect(check('production', ABC, spread({ whenUnsatisfiable: 'ScheduleAnyway' }))).toEqual([
      {
        severity: 'warning',
        at: `${STS} ${POD}/topologySpreadConstraints/0`,
        message:
          'a topology spread with whenUnsatisfiable ScheduleAnyway does not bound servers per zone: if the scheduler packs them, losing one zone leaves 0 < quorum 3; an even spread would be 2+2+1',
      },
    ]);
    expect(check('development', ABC, spread({ whenUnsatisfiable: 'ScheduleAnyway' })).map((finding) => finding.severity)).toEqual(['info']);
    const preferredFirst = {
      affinity: {
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 1, podAffinityTerm: { topologyKey: ZONE, labelSelector: { matchLabels: SERVER_POD_LABELS } } },
          ],
        },
      },
    };
    expect(check('production', ABC, preferredFirst).map((finding) => `${finding.severity} ${finding.at}`)).toEqual([
      `warning ${STS} ${POD}/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/0`,
    ]);
    const preferred = {
      affinity: {
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 1, podAffinityTerm: { topologyKey: 'x' } },
            { weight: 1, podAffinityTerm: { topologyKey: ZONE, labelSelector: { matchLabels: SERVER_POD_LABELS } } },
          ],
        },
      },
    };
    expect(check('production', ABC, preferred)).toEqual([
      {
        severity: 'warning',
        at: `${STS} ${POD}/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/1`,
        message:
          'preferred (not required) zone anti-affinity does not bound servers per zone: if the scheduler packs them, losing one zone leaves 0 < quorum 3; an even spread would be 2+2+1',
      },
    ]);
  });

  it('required zone anti-affinity leaves servers beyond the zone count Pending; as many servers as zones pass', () => {
    const antiAffinity = {
      affinity: {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: SERVER_POD_LABELS } },
            { topologyKey: ZONE, labelSelector: { matchLabels: SERVER_POD_LABELS } },
          ],
        },
      },
    };
    expect(check('production', ABC, antiAffinity)).toEqual([
      {
        severity: 'error',
        at: `${STS} ${POD}/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/1`,
        message:
          'required zone anti-affinity allows one server per zone: 5 servers over 3 zone(s) (zone-a,zone-b,zone-c) leave 2 Pending; use a topology spread with maxSkew 1',
      },
    ]);
    expect(check('production', ABC, antiAffinity, 3)).toEqual([]);
    const first = {
      affinity: {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: ZONE, labelSelector: { matchLabels: SERVER_POD_LABELS } }],
        },
      },
    };
    expect(check('production', ABC, first, 3)).toEqual([]);
    expect(check('production', ABC, first).map((finding) => finding.at)).toEqual([
      `${STS} ${POD}/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/0`,
    ]);
  });

  it('a hard spread wins over a soft one listed before it; a maxSkew that lets one zone hold a quorum is an error', () => {
    const constraints = (maxSkew: number) => ({
      topologySpreadConstraints: [
        { ...spread({ whenUnsatisfiable: 'ScheduleAnyway' }).topologySpreadConstraints[0] },
        { ...spread({ maxSkew }).topologySpreadConstraints[0] },
      ],
    });
    expect(check('production', ABC, constraints(1))).toEqual([]);
    expect(check('production', ABC, constraints(3))).toEqual([
      {
        severity: 'error',
        at: `${STS} ${POD}/topologySpreadConstraints/1/maxSkew`,
        message:
          'maxSkew 3 allows 5 server(s) over zones zone-a,zone-b,zone-c: 3+1+1; losing zone-a leaves 2 < quorum 3: use maxSkew 1 (2+2+1)',
      },
    ]);
  });

  it('no environment, no servers, or 0 servers raise nothing', () => {
    expect(found(zoneQuorum, [servers(5)], { environments: [], tierSeverity: {} } as never)).toEqual([]);
    expect(found(zoneQuorum, [OTHER], tierSpec('production'))).toEqual([]);
    expect(check('production', ABC, {}, 0)).toEqual([]);
  });

  it('replicas that are not a count raise nothing; a single server cannot survive losing its zone, even spread over three', () => {
    expect(check('production', ABC, {}, 'three' as unknown as number)).toEqual([]);
    expect(check('production', ABC, spread(), 1)).toEqual([
      {
        severity: 'error',
        at: `${STS} /spec/replicas`,
        message:
          '1 server(s) over zones zone-a,zone-b,zone-c: 1+0+0; losing zone-a leaves 0 < quorum 1, even with a perfect spread: add zones or servers',
      },
    ]);
  });
});

describeRuleFixtures('zone-quorum');
