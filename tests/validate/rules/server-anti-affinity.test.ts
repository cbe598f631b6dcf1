/** server-anti-affinity: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/server-anti-affinity/). */
import { describe, expect, it } from 'vitest';
import { serverAntiAffinity } from '../../../tools/src/validate/rules/server-anti-affinity.js';
import { found, OTHER, servers, SERVER_POD_LABELS, tierSpec, type Body } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

const STS = 'StatefulSet/consul-server';
const AFFINITY = '/spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution';
const hostTerm = (topologyKey = 'kubernetes.io/hostname', matchLabels: Body = SERVER_POD_LABELS) => ({
  topologyKey,
  labelSelector: { matchLabels },
});
const withTerms = (replicas: number, ...terms: Body[]) =>
  servers(replicas, {}, { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: terms } } });

describe('server-anti-affinity', () => {
  const NONE = {
    severity: 'error',
    at: `${STS} ${AFFINITY}`,
    message: 'no required pod anti-affinity on kubernetes.io/hostname selecting the server pods: two servers may share a node',
  };

  it('a required host term selecting the servers passes', () => {
    expect(
      found(
        serverAntiAffinity,
        [withTerms(3, hostTerm('topology.kubernetes.io/zone'), hostTerm())],
        tierSpec('production', { minNodes: 3 }),
      ),
    ).toEqual([]);
  });

  it.each([
    ['no affinity', servers(3)],
    ['a zone term only', withTerms(3, hostTerm('topology.kubernetes.io/zone'))],
    ['a host term selecting other pods', withTerms(3, hostTerm(undefined, { app: 'other' }))],
    [
      'a preferred term only',
      servers(
        3,
        {},
        {
          affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, podAffinityTerm: hostTerm() }] } },
        },
      ),
    ],
  ])('%s is an error', (_name, statefulSet) => {
    expect(found(serverAntiAffinity, [statefulSet])).toEqual([NONE]);
  });

  it('fewer declared nodes than servers leaves servers Pending; as many passes', () => {
    expect(found(serverAntiAffinity, [withTerms(7, hostTerm())], tierSpec('production', { minNodes: 5 }))).toEqual([
      {
        severity: 'error',
        at: `${STS} /spec/replicas`,
        message:
          '7 servers with required host anti-affinity need 7 nodes, but environment env declares minNodes 5: 2 server(s) would stay Pending',
      },
    ]);
    expect(found(serverAntiAffinity, [withTerms(5, hostTerm())], tierSpec('production', { minNodes: 5 }))).toEqual([]);
    expect(found(serverAntiAffinity, [withTerms(7, hostTerm())])).toEqual([]);
    expect(found(serverAntiAffinity, [withTerms(7, hostTerm())], { environments: [], tierSeverity: {} } as never)).toEqual([]);
    expect(found(serverAntiAffinity, [servers(7)], tierSpec('production', { minNodes: 5 }))).toEqual([NONE]);
  });

  it('no server StatefulSet raises nothing', () => {
    expect(found(serverAntiAffinity, [OTHER])).toEqual([]);
  });
});

describeRuleFixtures('server-anti-affinity');
