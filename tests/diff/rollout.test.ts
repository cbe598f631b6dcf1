/** What a change restarts (diff/rollout.ts) and how a long changed value is shown (showChange). */
import { describe, expect, it } from 'vitest';
import { rolloutsOf } from '../../tools/src/diff/rollout.js';
import { showChange } from '../../tools/src/diff/show-value.js';
import type { ResourceDiff } from '../../tools/src/diff/resource-diff.js';
import type { ServerState } from '../../tools/src/diff/consul-state.js';

const CHECKSUM = '/spec/template/metadata/annotations/consul.hashicorp.com~1config-checksum';
const changed = (kind: string, name: string, ...paths: string[]): ResourceDiff => ({
  ref: { apiVersion: 'apps/v1', kind, name },
  status: 'changed',
  changes: paths.map((path) => ({ path, type: 'changed', before: 'a', after: 'b' })),
});
const servers = (replicas: number) => ({ replicas }) as ServerState;

describe('rolloutsOf', () => {
  it('a config change rolls the servers, with the margin left while each restarts', () => {
    expect(rolloutsOf([changed('StatefulSet', 'consul-server', CHECKSUM)], servers(5))).toEqual([
      'rolls the servers (StatefulSet/consul-server, a config change): the 5 servers restart one at a time; while each restarts, 4 of 5 voters remain (quorum 3), so the datacenter tolerates 1 more failure(s) during the roll instead of 2',
    ]);
  });

  it('a single server has no margin: it says so', () => {
    expect(rolloutsOf([changed('StatefulSet', 'consul-server', '/spec/template/spec/containers/0/image')], servers(1))).toEqual([
      'rolls the servers (StatefulSet/consul-server, 1 pod template field(s), first /spec/template/spec/containers/0/image): the only server restarts: no leader, no writes and no ACL logins until it is Ready again',
    ]);
  });

  it('the clients roll node by node; config and other fields are both named', () => {
    expect(rolloutsOf([changed('DaemonSet', 'consul-client', CHECKSUM, '/spec/template/spec/containers/0/args/1')], servers(3))).toEqual([
      "rolls the clients (DaemonSet/consul-client, a config change and 1 pod template field(s), first /spec/template/spec/containers/0/args/1): one node's agent at a time restarts; on that node, services lose their local agent and DNS until it is Ready again",
    ]);
  });

  it('another workload restarts; a change outside the template, an added workload and a ConfigMap roll nothing', () => {
    expect(
      rolloutsOf(
        [
          changed('Deployment', 'consul-sync-catalog', '/spec/template/spec/containers/0/resources/limits/cpu'),
          changed('StatefulSet', 'consul-server', '/spec/replicas'),
          { ref: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'new' }, status: 'added', changes: [] },
          changed('ConfigMap', 'consul-server-config', '/data/server.json'),
        ],
        servers(3),
      ),
    ).toEqual([
      'restarts Deployment/consul-sync-catalog (1 pod template field(s), first /spec/template/spec/containers/0/resources/limits/cpu)',
    ]);
  });
});

describe('rolloutsOf: what counts as the pod template, and whose roll it is', () => {
  it('the template itself counts, a sibling field whose name only starts like it does not; every field is counted', () => {
    expect(rolloutsOf([changed('Deployment', 'web', '/spec/template')], servers(3))).toEqual([
      'restarts Deployment/web (1 pod template field(s), first /spec/template)',
    ]);
    expect(rolloutsOf([changed('Deployment', 'web', '/spec/templateHash', '/spec/template-x/a')], servers(3))).toEqual([]);
    expect(
      rolloutsOf([changed('Deployment', 'web', '/spec/replicas', '/spec/template/spec/a', CHECKSUM, '/spec/template/spec/b')], servers(3)),
    ).toEqual(['restarts Deployment/web (a config change and 2 pod template field(s), first /spec/template/spec/a)']);
  });

  it('two servers lose quorum while each restarts (not "tolerates -1 more failure(s)"); three keep it; no server state reads as one server', () => {
    expect(rolloutsOf([changed('StatefulSet', 'consul-server', CHECKSUM)], servers(2))).toEqual([
      'rolls the servers (StatefulSet/consul-server, a config change): the 2 servers restart one at a time; while each restarts, 1 of 2 voters remain, below the quorum of 2: no leader, no writes and no ACL logins until it is Ready again',
    ]);
    expect(rolloutsOf([changed('StatefulSet', 'consul-server', CHECKSUM)], servers(3))).toEqual([
      'rolls the servers (StatefulSet/consul-server, a config change): the 3 servers restart one at a time; while each restarts, 2 of 3 voters remain (quorum 2), so the datacenter tolerates 0 more failure(s) during the roll instead of 1',
    ]);
    expect(rolloutsOf([changed('StatefulSet', 'consul-server', CHECKSUM)], undefined)).toEqual([
      'rolls the servers (StatefulSet/consul-server, a config change): the only server restarts: no leader, no writes and no ACL logins until it is Ready again',
    ]);
  });

  it('only the StatefulSet consul-server is the servers and only the DaemonSet consul-client the clients', () => {
    expect(
      rolloutsOf(
        [
          changed('StatefulSet', 'consul-client', CHECKSUM),
          changed('DaemonSet', 'consul-server', CHECKSUM),
          changed('Deployment', 'consul-server', CHECKSUM),
          changed('DaemonSet', 'node-agent', CHECKSUM),
          { ...changed('StatefulSet', 'consul-server', CHECKSUM), status: 'removed' },
          changed('Pod', 'consul-server', CHECKSUM),
        ],
        servers(5),
      ),
    ).toEqual([
      'restarts StatefulSet/consul-client (a config change)',
      'restarts DaemonSet/consul-server (a config change)',
      'restarts Deployment/consul-server (a config change)',
      'restarts DaemonSet/node-agent (a config change)',
    ]);
  });
});

describe('showChange', () => {
  it('short values are shown whole', () => {
    expect(showChange('a', 'b', 60)).toEqual(['a', 'b']);
    expect(showChange(undefined, 3, 60)).toEqual(['(none)', '3']);
  });

  it('long values are cut around their first difference, so the change is visible', () => {
    const prefix = `{"log_level": "INFO", "datacenter": "prod", "server": true, "ui_config": {"enabled": true}, `;
    const [before, after] = showChange(`${prefix}"bootstrap_expect": 5}`, `${prefix}"bootstrap_expect": 7}`, 40);
    expect(before).toBe(`...rap_expect": 5}`);
    expect(after).toBe(`...rap_expect": 7}`);
    expect(before).not.toBe(after);
  });

  it('a long value that changes early keeps its start and marks the cut end', () => {
    const tail = 'x'.repeat(200);
    const [before, after] = showChange(`a${tail}`, `b${tail}`, 40);
    expect(before).toBe(`a${'x'.repeat(39)}...`);
    expect(after).toBe(`b${'x'.repeat(39)}...`);
  });
});
