/** autopilot-hook: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/autopilot-hook/). */
import { describe, expect, it } from 'vitest';
import { appliedAutopilotOf } from '../../../tools/src/model/autopilot-hook.js';
import { autopilotHook } from '../../../tools/src/validate/rules/autopilot-hook.js';
import { found, servers, workload } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

const hook = (command: string[], name = 'consul-autopilot-config') =>
  workload('Job', name, { containers: [{ name: 'autopilot-config', image: 'hashicorp/consul:1.22.7', command }], restartPolicy: 'Never' });
const script = (line: string) => ['/bin/sh', '-c', `set -u\nattempt consul login -method=m || exit 1\n${line}; status=$?\nconsul logout`];
const SERVER_CONFIG = (minQuorum: number) => ({
  containers: [
    {
      name: 'consul',
      image: 'hashicorp/consul:1.22.7',
      command: [
        'consul',
        'agent',
        '-server',
        `-hcl=autopilot { min_quorum = ${minQuorum} }`,
        '-bootstrap-expect=5',
        '-data-dir=/consul/data',
      ],
    },
  ],
});

describe('autopilot-hook', () => {
  it('a hook applying the quorum of the server count passes (5 servers, min_quorum 3)', () => {
    expect(
      found(autopilotHook, [
        servers(5),
        hook(script('attempt consul operator autopilot set-config -min-quorum=3 -cleanup-dead-servers=true')),
      ]),
    ).toEqual([]);
  });

  it('a hook below the quorum is an error at its script, saying it may prune below quorum', () => {
    expect(found(autopilotHook, [servers(7), hook(script('consul operator autopilot set-config -min-quorum=3'))])).toEqual([
      {
        severity: 'error',
        at: 'Job/consul-autopilot-config /spec/template/spec/containers/0/command/2',
        message:
          'Job/consul-autopilot-config applies autopilot min_quorum 3 after every sync, but the quorum of 7 servers is 4: the running autopilot may prune dead servers below quorum; apply -min-quorum=4 (regenerate)',
      },
    ]);
  });

  it('a hook above the quorum is an error saying dead servers are never cleaned up', () => {
    expect(found(autopilotHook, [servers(3), hook(['consul', 'operator', 'autopilot', 'set-config', '-min-quorum=3'])])).toEqual([
      {
        severity: 'error',
        at: 'Job/consul-autopilot-config /spec/template/spec/containers/0/command/0',
        message:
          'Job/consul-autopilot-config applies autopilot min_quorum 3 after every sync, but the quorum of 3 servers is 2: the running autopilot never cleans up dead servers at this size; apply -min-quorum=2 (regenerate)',
      },
    ]);
  });

  it('a hook without -min-quorum is an error: the bootstrap value stays', () => {
    expect(found(autopilotHook, [servers(5), hook(script('consul operator autopilot set-config -cleanup-dead-servers=true'))])).toEqual([
      {
        severity: 'error',
        at: 'Job/consul-autopilot-config /spec/template/spec/containers/0/command/2',
        message:
          'Job/consul-autopilot-config runs consul operator autopilot set-config without -min-quorum, so the running datacenter keeps the min_quorum of its first bootstrap; the quorum of 5 servers is 3: pass -min-quorum=3',
      },
    ]);
  });

  it("the servers' stated min_quorum wins over the replica count (consul-config reports their disagreement)", () => {
    const statefulSet = servers(5, {}, SERVER_CONFIG(4));
    expect(found(autopilotHook, [statefulSet, hook(script('consul operator autopilot set-config -min-quorum=3'))])[0]?.message).toMatch(
      /but the servers' config states autopilot.min_quorum = 4: .*apply -min-quorum=4/,
    );
  });

  it('servers that state min_quorum with no hook at all are a warning at the replica count', () => {
    expect(found(autopilotHook, [servers(5, {}, SERVER_CONFIG(3))])).toEqual([
      {
        severity: 'warning',
        at: 'StatefulSet/consul-server /spec/replicas',
        message: expect.stringMatching(
          /^StatefulSet\/consul-server: the servers' config states autopilot.min_quorum = 3, but no Job of the render runs/,
        ),
      },
    ]);
  });

  it('no hook and no stated min_quorum, or no servers at all, is nothing to check', () => {
    expect(found(autopilotHook, [servers(5)])).toEqual([]);
    expect(found(autopilotHook, [hook(script('consul operator autopilot set-config -min-quorum=1'))])).toEqual([]);
  });

  it('servers stating min_quorum with a hook applying it pass; a replica count that is not a number gives no quorum to check', () => {
    const apply3 = hook(script('attempt consul operator autopilot set-config -min-quorum=3'));
    expect(found(autopilotHook, [servers(5, {}, SERVER_CONFIG(3)), apply3])).toEqual([]);
    expect(found(autopilotHook, [servers('5'), apply3])).toEqual([]);
  });

  it('the reader finds the value in a script line, in exec form, and reads cleanup-dead-servers', () => {
    const [fromScript] = appliedAutopilotOf(
      hook(script('attempt consul operator autopilot set-config -min-quorum=4 -cleanup-dead-servers=true')),
    );
    expect(fromScript).toMatchObject({ minQuorum: 4, cleanupDeadServers: true });
    const [exec] = appliedAutopilotOf(
      hook(['consul', 'operator', 'autopilot', 'set-config', '--min-quorum', '2', '-cleanup-dead-servers=false']),
    );
    expect(exec).toMatchObject({ minQuorum: 2, cleanupDeadServers: false });
    expect(appliedAutopilotOf(servers(3))).toEqual([]);
  });

  it("the stated min_quorum is the server agent's, not that of a client agent listed before it", () => {
    const client = workload('DaemonSet', 'consul-client', {
      containers: [{ name: 'consul', command: ['consul', 'agent', '-data-dir=/consul/data'] }],
    });
    const apply4 = hook(script('consul operator autopilot set-config -min-quorum=4'));
    expect(found(autopilotHook, [client, servers(5, {}, SERVER_CONFIG(4)), apply4])).toEqual([]);
  });
});

describeRuleFixtures('autopilot-hook');
