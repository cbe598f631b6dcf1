/** host-port-collision: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/host-port-collision/). */
import { describe, expect, it } from 'vitest';
import { hostPortCollision } from '../../../tools/src/validate/rules/host-port-collision.js';
import { found, onCluster, workload, type Body } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

describe('host-port-collision', () => {
  const ports = (kind: string, name: string, ...entries: Body[]) =>
    workload(kind, name, { containers: [{ name: 'c', image: 'x:1', ports: entries }] });
  const CLIENT = ports('DaemonSet', 'consul-client', { containerPort: 8501, hostPort: 8501 }, { containerPort: 8502, hostPort: 8502 });

  it('a workload claiming a DaemonSet host port is an error at its hostPort; the DaemonSet is not reported again', () => {
    expect(found(hostPortCollision, [CLIENT, ports('StatefulSet', 'consul-server', { containerPort: 8501, hostPort: 8501 })])).toEqual([
      {
        severity: 'error',
        at: 'StatefulSet/consul-server /spec/template/spec/containers/0/ports/0/hostPort',
        message:
          'hostPort 8501/TCP is also claimed by DaemonSet/consul-client (/spec/template/spec/containers/0/ports/0/hostPort), which runs on every node: pods of StatefulSet/consul-server find no node with the port free ("didn\'t have free ports for the requested pod ports")',
      },
    ]);
  });

  it('two DaemonSets on one port: the later one is reported, once', () => {
    const other = ports('DaemonSet', 'agent', { containerPort: 1, hostPort: 8502 });
    expect(found(hostPortCollision, [CLIENT, other]).map((entry) => entry.at)).toEqual([
      'DaemonSet/agent /spec/template/spec/containers/0/ports/0/hostPort',
    ]);
  });

  it('another protocol, another host address, two non-DaemonSet workloads, or no hostPort do not collide', () => {
    expect(
      found(hostPortCollision, [
        CLIENT,
        ports('Deployment', 'udp', { containerPort: 8501, hostPort: 8501, protocol: 'UDP' }),
        ports('Deployment', 'a', { containerPort: 9000, hostPort: 9000, hostIP: '10.0.0.1' }),
        ports('Deployment', 'b', { containerPort: 9000, hostPort: 9000 }),
        ports('Deployment', 'c', { containerPort: 8502 }),
      ]),
    ).toEqual([]);
  });

  it('host addresses overlap when equal or when either is every address (empty or 0.0.0.0)', () => {
    const daemon = ports('DaemonSet', 'agent', { containerPort: 1, hostPort: 7000, hostIP: '10.0.0.1' });
    for (const hostIP of ['10.0.0.1', '0.0.0.0', undefined])
      expect(
        found(hostPortCollision, [daemon, ports('Deployment', 'app', { containerPort: 1, hostPort: 7000, ...(hostIP ? { hostIP } : {}) })]),
      ).toHaveLength(1);
    expect(
      found(hostPortCollision, [daemon, ports('Deployment', 'app', { containerPort: 1, hostPort: 7000, hostIP: '10.0.0.2' })]),
    ).toEqual([]);
  });

  it('a host port another DaemonSet of the cluster holds is an error on whatever claims it, naming the holder', () => {
    const exporter = ports('DaemonSet', 'consul-client', { containerPort: 9100, hostPort: 9100 });
    expect(found(hostPortCollision, [exporter], onCluster('production'))).toEqual([
      {
        severity: 'error',
        at: 'DaemonSet/consul-client /spec/template/spec/containers/0/ports/0/hostPort',
        message:
          'hostPort 9100/TCP is already taken on every node of cluster "c" by monitoring/node-exporter: no pod of DaemonSet/consul-client could be scheduled',
      },
    ]);
    expect(
      found(
        hostPortCollision,
        [ports('DaemonSet', 'x', { containerPort: 9100, hostPort: 9100, protocol: 'UDP' })],
        onCluster('production'),
      ),
    ).toEqual([]);
  });
});

describe('host-port-collision: what is a claim (inline)', () => {
  const ports = (kind: string, name: string, ...entries: Body[]) =>
    workload(kind, name, { containers: [{ name: 'c', image: 'x:1', ports: entries }] });

  it('hostPort 0, or one that is not a number, claims nothing', () => {
    for (const hostPort of [0, '8500'])
      expect(
        found(hostPortCollision, [
          ports('DaemonSet', 'consul-client', { containerPort: 8500, hostPort }),
          ports('Deployment', 'app', { containerPort: 8500, hostPort }),
        ]),
      ).toEqual([]);
  });

  it('a port the cluster has taken collides whatever host address the claim names', () => {
    expect(
      found(
        hostPortCollision,
        [ports('DaemonSet', 'consul-client', { containerPort: 9100, hostPort: 9100, hostIP: '10.0.0.1' })],
        onCluster('production'),
      ).map((finding) => finding.message),
    ).toEqual([
      'hostPort 9100/TCP is already taken on every node of cluster "c" by monitoring/node-exporter: no pod of DaemonSet/consul-client could be scheduled',
    ]);
  });

  it('one workload claiming a port twice is not a collision between workloads', () => {
    const twice = workload('DaemonSet', 'consul-client', {
      containers: [
        { name: 'a', image: 'x:1', ports: [{ containerPort: 8500, hostPort: 8500 }] },
        { name: 'b', image: 'x:1', ports: [{ containerPort: 8500, hostPort: 8500 }] },
      ],
    });
    expect(found(hostPortCollision, [twice])).toEqual([]);
  });
});

describeRuleFixtures('host-port-collision');
