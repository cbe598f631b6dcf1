/** server-grace-period: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/server-grace-period/). */
import { describe, expect, it } from 'vitest';
import { serverGracePeriod } from '../../../tools/src/validate/rules/server-grace-period.js';
import { found, object, servers, tierSpec, type Body } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';
import { pinnedFacts } from '../../../tools/src/facts/pinned.js';
import type { Facts } from '../../../tools/src/model/facts.js';

/** The pinned facts with some tables replaced: what a rule sees is what it is passed, not what tools/facts holds. */
const withFacts = (tables: Partial<Facts>): Facts => ({ ...pinnedFacts(), ...tables });

describe('server-grace-period', () => {
  const serverConfig = (config: Body) =>
    object('v1', 'ConfigMap', 'consul-server-config', { data: { 'server.json': JSON.stringify(config) } });
  const grace = (seconds?: unknown) => servers(3, {}, seconds === undefined ? {} : { terminationGracePeriodSeconds: seconds });
  const run = (config: Body, seconds?: unknown) => found(serverGracePeriod, [serverConfig(config), grace(seconds)]);

  it('at or above the 15s graceful-leave timeout, or the Kubernetes default 30, passes', () => {
    expect(run({ server: true, leave_on_terminate: true }, 15)).toEqual([]);
    expect(run({ server: true, leave_on_terminate: true })).toEqual([]);
  });

  it('below it, with leave_on_terminate, is an error at the field, naming the drain time in use', () => {
    expect(run({ server: true, leave_on_terminate: true }, 14)).toEqual([
      {
        severity: 'error',
        at: 'StatefulSet/consul-server /spec/template/spec/terminationGracePeriodSeconds',
        message:
          'terminationGracePeriodSeconds 14 is shorter than the graceful leave the servers run on SIGTERM (leave_on_terminate): up to 15s (serf leave, leave_drain_time 5s, up to 5s to leave Raft); the kubelet kills them mid-leave and they stay as failed voters',
      },
    ]);
    expect(run({ server: true, leave_on_terminate: true, performance: { leave_drain_time: '10s' } }, 5)[0]?.message).toContain(
      'leave_drain_time 10s',
    );
  });

  it("without leave_on_terminate a server does not leave (Consul's server default); a client-mode agent does by default", () => {
    expect(run({ server: true }, 5)).toEqual([]);
    expect(run({ server: true, leave_on_terminate: false }, 5)).toEqual([]);
    expect(run({}, 5)).toHaveLength(1);
  });

  it('holds the servers to the shutdown facts it is passed: a 30s graceful leave makes 15s too short', () => {
    const slower = withFacts({ shutdown: { ...pinnedFacts().shutdown, gracefulTimeoutSeconds: 30, leaveDrainTimeDefault: '20s' } });
    const resources = [serverConfig({ server: true, leave_on_terminate: true }), grace(15)];
    expect(found(serverGracePeriod, resources)).toEqual([]);
    expect(found(serverGracePeriod, resources, tierSpec('development'), slower).map((entry) => entry.message)).toEqual([
      'terminationGracePeriodSeconds 15 is shorter than the graceful leave the servers run on SIGTERM (leave_on_terminate): up to 30s (serf leave, leave_drain_time 20s, up to 5s to leave Raft); the kubelet kills them mid-leave and they stay as failed voters',
    ]);
  });

  it('no server config or no server StatefulSet: nothing to check', () => {
    expect(found(serverGracePeriod, [grace(5)])).toEqual([]);
    expect(found(serverGracePeriod, [serverConfig({ leave_on_terminate: true })])).toEqual([]);
  });
});

describeRuleFixtures('server-grace-period');
