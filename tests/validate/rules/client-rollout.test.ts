/** client-rollout: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/client-rollout/). */
import { describe, expect, it } from 'vitest';
import { clientRollout } from '../../../tools/src/validate/rules/client-rollout.js';
import { found, workload, type Body } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

const HOST_PORTS = [
  { containerPort: 8500, hostPort: 8500 },
  { containerPort: 8502, hostPort: 8502 },
];
const client = (updateStrategy: Body | undefined, ports: Body[] = HOST_PORTS, init: Body[] = []) =>
  workload(
    'DaemonSet',
    'consul-client',
    { containers: [{ name: 'consul', ports }], ...(init.length > 0 ? { initContainers: init } : {}) },
    updateStrategy === undefined ? {} : { updateStrategy },
  );
const SURGE = 'DaemonSet/consul-client /spec/updateStrategy/rollingUpdate/maxSurge';

describe('client-rollout', () => {
  const check = (strategy: Body | undefined, ports?: Body[], init?: Body[]) => found(clientRollout, [client(strategy, ports, init)]);

  it('no strategy (the API default), RollingUpdate without surge, and surge 0 or 0% pass', () => {
    expect(check(undefined)).toEqual([]);
    expect(check({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } })).toEqual([]);
    expect(check({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } })).toEqual([]);
    expect(check({ rollingUpdate: { maxSurge: '0%', maxUnavailable: 2 } })).toEqual([]);
  });

  it('maxSurge above 0, as a count or a percentage, with host ports is an error naming the ports', () => {
    expect(check({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } })).toEqual([
      {
        severity: 'error',
        at: SURGE,
        message:
          'maxSurge 1 starts each new agent beside the old one on its node, where host ports 8500, 8502 are taken: the scheduler never places it and the rollout stops at the first node; set maxSurge 0 and maxUnavailable 1',
      },
    ]);
    expect(check({ rollingUpdate: { maxSurge: '10%', maxUnavailable: 0 } }).map((entry) => entry.message)).toEqual([
      expect.stringMatching(/^maxSurge "10%" starts each new agent beside the old one on its node, where host ports 8500, 8502 are taken/),
    ]);
  });

  it('surge without host ports (only container ports, or host ports on an init container) is no finding', () => {
    const surge = { rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } };
    expect(check(surge, [{ containerPort: 8500 }])).toEqual([]);
    expect(check(surge, [], [{ name: 'init', ports: [{ containerPort: 9000, hostPort: 9000 }] }])).toEqual([]);
  });

  it('a maxSurge that is neither a count nor a percentage is left to the schema', () => {
    for (const maxSurge of ['one', 'x10%', '10%x', ['10%']]) expect(check({ rollingUpdate: { maxSurge, maxUnavailable: 0 } })).toEqual([]);
  });

  it('a host port of 0 or one that is not a number binds nothing', () => {
    const surge = { rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } };
    expect(
      check(surge, [
        { containerPort: 8500, hostPort: 0 },
        { containerPort: 8502, hostPort: '8502' },
      ]),
    ).toEqual([]);
  });

  it('OnDelete is a warning at the strategy type', () => {
    expect(check({ type: 'OnDelete' })).toEqual([
      {
        severity: 'warning',
        at: 'DaemonSet/consul-client /spec/updateStrategy/type',
        message:
          'updateStrategy OnDelete: a synced image or config change reaches an agent only when its pod is deleted by hand, so agents run old config until then; use RollingUpdate',
      },
    ]);
  });

  it('another DaemonSet, or none, is not checked', () => {
    const other = workload(
      'DaemonSet',
      'node-exporter',
      { containers: [{ name: 'x', ports: HOST_PORTS }] },
      { updateStrategy: { rollingUpdate: { maxSurge: 1 } } },
    );
    expect(found(clientRollout, [other])).toEqual([]);
    expect(found(clientRollout, [])).toEqual([]);
  });
});

describeRuleFixtures('client-rollout');
