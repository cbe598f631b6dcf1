/** server-readiness-leader: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/server-readiness-leader/). */
import { describe, expect, it } from 'vitest';
import { serverReadinessLeader } from '../../../tools/src/validate/rules/server-readiness-leader.js';
import { found, OTHER, servers, type Body } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

const STS = 'StatefulSet/consul-server';

describe('server-readiness-leader', () => {
  const withProbe = (probe: unknown, extra: Body = {}) =>
    servers(3, {}, { containers: [{ name: 'consul', readinessProbe: probe }], ...extra });
  const LEADER = 'query /v1/status/leader and require a non-empty answer';

  it('an exec probe querying the leader endpoint passes, after init containers', () => {
    const probe = { exec: { command: ['sh', '-c', 'curl -s http://127.0.0.1:8500/v1/status/leader | grep -q .'] } };
    expect(found(serverReadinessLeader, [withProbe(probe, { initContainers: [{ name: 'init' }] })])).toEqual([]);
  });

  it.each([
    ['tcpSocket', { tcpSocket: { port: 8500 } }],
    ['httpGet', { httpGet: { path: '/v1/status/leader', port: 8500 } }],
    ['grpc', { grpc: { port: 8502 } }],
    ['non-exec', { periodSeconds: 3 }],
    ['non-exec', { exec: { command: [] } }],
  ])('a %s probe passes without a leader: an error', (kind, probe) => {
    expect(found(serverReadinessLeader, [withProbe(probe)])).toEqual([
      {
        severity: 'error',
        at: `${STS} /spec/template/spec/containers/0/readinessProbe`,
        message: `${kind} readiness probe: it passes without a leader; ${LEADER}`,
      },
    ]);
  });

  it('an exec probe that does not query the leader endpoint is an error', () => {
    expect(found(serverReadinessLeader, [withProbe({ exec: { command: ['consul', 'members'] } })])).toEqual([
      {
        severity: 'error',
        at: `${STS} /spec/template/spec/containers/0/readinessProbe/exec/command`,
        message: 'the exec readiness probe does not query /v1/status/leader',
      },
    ]);
  });

  it('an endpoint spelled only by gluing two arguments together is not queried', () => {
    const split = withProbe({ exec: { command: ['curl', 'http://127.0.0.1:8500/v1/status', '/leader'] } });
    expect(found(serverReadinessLeader, [split]).map((finding) => finding.message)).toEqual([
      'the exec readiness probe does not query /v1/status/leader',
    ]);
  });

  it('no probe, or no container, is an error', () => {
    expect(found(serverReadinessLeader, [withProbe(undefined)])).toEqual([
      {
        severity: 'error',
        at: `${STS} /spec/template/spec/containers/0`,
        message: 'the server container has no readiness probe: pods turn Ready before a leader exists',
      },
    ]);
    expect(found(serverReadinessLeader, [servers(3, {}, { initContainers: [{ name: 'init' }] })])).toEqual([
      { severity: 'error', at: `${STS} /spec/template/spec/containers`, message: 'the server pod has no container' },
    ]);
    expect(found(serverReadinessLeader, [OTHER])).toEqual([]);
  });
});

describeRuleFixtures('server-readiness-leader');
