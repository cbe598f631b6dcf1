/** sync-order: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/sync-order/). */
import { describe, expect, it } from 'vitest';
import type { ParsedResource } from '../../../tools/src/parse/resource.js';
import { syncOrder } from '../../../tools/src/validate/rules/sync-order.js';
import { type Body, command, found, object, workload } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

function annotated(resource: ParsedResource, annotations: Record<string, string>): ParsedResource {
  (resource.object.metadata as Body).annotations = annotations;
  return resource;
}
const wave = (resource: ParsedResource, value: string) => annotated(resource, { 'argocd.argoproj.io/sync-wave': value });
const CFG = object('v1', 'ConfigMap', 'cfg');
const mounting = (kind: string, name: string) =>
  workload(kind, name, { containers: [{ name: 'c' }], volumes: [{ name: 'v', configMap: { name: 'cfg' } }] });
/** A control-plane Deployment labelled app=<name> that talks to the servers behind Service `service`. */
function talking(name: string, service: string): ParsedResource {
  const resource = command(['sync-catalog'], { kind: 'Deployment', name, env: [{ name: 'CONSUL_ADDRESSES', value: service }] });
  ((resource.object.spec as Body).template as { metadata: Body }).metadata.labels = { app: name };
  return resource;
}
const service = (name: string, app: string) => object('v1', 'Service', name, { spec: { selector: { app } } });

describe('sync-order', () => {
  it('a workload waiting on an object of a later wave is an error at its metadata', () => {
    expect(found(syncOrder, [wave(object('v1', 'ConfigMap', 'cfg'), '1'), mounting('Deployment', 'a')])).toEqual([
      {
        severity: 'error',
        at: 'Deployment/a /metadata',
        message:
          'Deployment/a (Sync wave 0) waits on ConfigMap cfg, which comes only in Sync wave 1: Argo CD waits for Sync wave 0 to finish first, so the first sync never completes',
      },
    ]);
  });

  it('an object of an earlier wave, or of the same wave, is there in time', () => {
    expect(found(syncOrder, [wave(object('v1', 'ConfigMap', 'cfg'), '-1'), mounting('Deployment', 'a')])).toEqual([]);
    expect(found(syncOrder, [CFG, mounting('Deployment', 'a')])).toEqual([]);
  });

  it('a PreSync hook waiting on an object of the Sync phase is an error, whatever the waves', () => {
    const job = annotated(mounting('Job', 'j'), { 'argocd.argoproj.io/hook': 'PreSync', 'argocd.argoproj.io/sync-wave': '5' });
    expect(found(syncOrder, [CFG, job]).map((finding) => finding.message)).toEqual([
      'Job/j (PreSync wave 5) waits on ConfigMap cfg, which comes only in Sync wave 0: Argo CD waits for PreSync wave 5 to finish first, so the first sync never completes',
    ]);
  });

  it('two workloads of one wave waiting on each other through the servers they talk to are one circular wait', () => {
    const resources = [service('svc-a', 'a'), service('svc-b', 'b'), talking('a', 'svc-b'), talking('b', 'svc-a')];
    expect(found(syncOrder, resources)).toEqual([
      {
        severity: 'error',
        at: 'Deployment/a /metadata',
        message:
          'circular wait in Sync wave 0: Deployment/a → waits on the servers (Deployment/b Ready) → waits on the servers (Deployment/a Ready): none of them can finish first',
      },
    ]);
  });

  it('in different waves, the same waits are one late wait; a workload does not wait on itself', () => {
    const resources = [service('svc-a', 'a'), service('svc-b', 'b'), talking('a', 'svc-b'), wave(talking('b', 'svc-a'), '1')];
    expect(found(syncOrder, resources).map((finding) => finding.message)).toEqual([
      'Deployment/a (Sync wave 0) waits on the servers (Deployment/b Ready), which comes only in Sync wave 1: Argo CD waits for Sync wave 0 to finish first, so the first sync never completes',
    ]);
    expect(found(syncOrder, [service('svc-a', 'a'), talking('a', 'svc-a')])).toEqual([]);
  });

  it('a pod template whose labels are null or not a map is matched by no selector, without an error (found by the fuzz test)', () => {
    for (const labels of [null, 'app=b', ['app', 'b']]) {
      const b = talking('b', 'svc-a');
      ((b.object.spec as Body).template as { metadata: Body }).metadata.labels = labels;
      const resources = [service('svc-a', 'a'), service('svc-b', 'b'), talking('a', 'svc-b'), wave(b, '1')];
      expect(found(syncOrder, resources), JSON.stringify(labels)).toEqual([]);
    }
  });

  it('a wait on a later auth method names the Job that creates it', () => {
    const acl = wave(command(['server-acl-init', '-resource-prefix=consul'], { name: 'acl' }), '1');
    const login = command(['sync-catalog'], {
      kind: 'Deployment',
      name: 'a',
      env: [{ name: 'CONSUL_LOGIN_AUTH_METHOD', value: 'consul-k8s-component-auth-method' }],
    });
    expect(found(syncOrder, [acl, login]).map((finding) => finding.message)).toEqual([
      'Deployment/a (Sync wave 0) waits on auth method consul-k8s-component-auth-method (created by Job/acl), which comes only in Sync wave 1: Argo CD waits for Sync wave 0 to finish first, so the first sync never completes',
    ]);
  });

  it('an optional volume, a missing object and an unknown server Service are no waits', () => {
    const optional = workload('Deployment', 'a', {
      containers: [{ name: 'c' }],
      volumes: [{ name: 'v', configMap: { name: 'cfg', optional: true } }],
    });
    expect(found(syncOrder, [wave(object('v1', 'ConfigMap', 'cfg'), '1'), optional])).toEqual([]);
    expect(found(syncOrder, [mounting('Deployment', 'a')])).toEqual([]);
    expect(found(syncOrder, [talking('a', 'missing'), talking('b', 'missing')])).toEqual([]);
  });

  it('agents joining through retry_join do not wait for the servers of a later wave: they retry', () => {
    const agent = workload('DaemonSet', 'consul-client', {
      containers: [{ name: 'consul', command: ['consul', 'agent', '-retry-join=consul-server'] }],
    });
    const servers = wave(workload('StatefulSet', 'consul-server', { containers: [{ name: 'consul' }] }), '1');
    ((servers.object.spec as Body).template as { metadata: Body }).metadata.labels = { app: 'server' };
    expect(found(syncOrder, [wave(service('consul-server', 'server'), '1'), servers, agent])).toEqual([]);
  });

  it('a ConfigMap named like a Service is not a wait on the servers that Service selects', () => {
    const b = wave(talking('b', 'nothing'), '1');
    const a = workload('Deployment', 'a', { containers: [{ name: 'c' }], volumes: [{ name: 'v', configMap: { name: 'svc-b' } }] });
    expect(found(syncOrder, [object('v1', 'ConfigMap', 'svc-b'), service('svc-b', 'b'), a, b])).toEqual([]);
  });

  it('waits across phases in one wave are one late wait, not a circular one', () => {
    const job = annotated(command(['sync-catalog'], { name: 'a', env: [{ name: 'CONSUL_ADDRESSES', value: 'svc-b' }] }), {
      'argocd.argoproj.io/hook': 'PreSync',
    });
    ((job.object.spec as Body).template as { metadata: Body }).metadata.labels = { app: 'a' };
    expect(
      found(syncOrder, [service('svc-a', 'a'), service('svc-b', 'b'), job, talking('b', 'svc-a')]).map((finding) => finding.message),
    ).toEqual([
      'Job/a (PreSync wave 0) waits on Service svc-b, which comes only in Sync wave 0: Argo CD waits for PreSync wave 0 to finish first, so the first sync never completes',
      'Job/a (PreSync wave 0) waits on the servers (Deployment/b Ready), which comes only in Sync wave 0: Argo CD waits for PreSync wave 0 to finish first, so the first sync never completes',
    ]);
  });

  it('a Job that reads the Secret it creates does not wait on itself', () => {
    const job = command(['gossip-encryption-autogenerate', '-secret-name=gossip'], {
      name: 'gossip',
      env: [{ name: 'KEY', valueFrom: { secretKeyRef: { name: 'gossip', key: 'key' } } }],
    });
    expect(found(syncOrder, [job])).toEqual([]);
  });

  it('two separate circular waits are each reported once', () => {
    const resources = [
      ...['a', 'b', 'c', 'd'].map((name) => service(`svc-${name}`, name)),
      talking('a', 'svc-b'),
      talking('b', 'svc-a'),
      talking('c', 'svc-d'),
      talking('d', 'svc-c'),
    ];
    expect(found(syncOrder, resources).map((finding) => finding.at)).toEqual(['Deployment/a /metadata', 'Deployment/c /metadata']);
  });

  it('a circular wait that the start only leads into is reported from its own members, once', () => {
    const resources = [service('svc-b', 'b'), service('svc-c', 'c'), talking('a', 'svc-b'), talking('b', 'svc-c'), talking('c', 'svc-b')];
    expect(found(syncOrder, resources).map((finding) => finding.message)).toEqual([
      'circular wait in Sync wave 0: Deployment/b → waits on the servers (Deployment/c Ready) → waits on the servers (Deployment/b Ready): none of them can finish first',
    ]);
  });
});

describeRuleFixtures('sync-order');
