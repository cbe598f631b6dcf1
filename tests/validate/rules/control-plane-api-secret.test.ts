/** control-plane-api-secret: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/control-plane-api-secret/). */
import { describe, expect, it } from 'vitest';
import { controlPlaneApiSecret } from '../../../tools/src/validate/rules/control-plane-api-secret.js';
import { command, found, inNamespace, object, type Body } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';
import { pinnedFacts } from '../../../tools/src/facts/pinned.js';
import type { Facts } from '../../../tools/src/model/facts.js';

describe('control-plane-api-secret', () => {
  const reader = (annotations?: Body) =>
    command(['server-acl-init', '-resource-prefix=consul', '-k8s-namespace=$(NAMESPACE)'], {
      account: 'acl',
      name: 'acl',
      namespace: 'ns',
      ...(annotations ? { annotations } : {}),
    });
  const secret = (name: string, namespace = 'ns') => inNamespace(object('v1', 'Secret', name), namespace);

  it('the auth-method Secret declared: nothing (the bootstrap token is created by the reader itself)', () => {
    expect(found(controlPlaneApiSecret, [reader(), secret('consul-auth-method')])).toEqual([]);
  });

  it('not declared (or in another namespace): an error at the flag that names it', () => {
    for (const resources of [[reader()], [reader(), secret('consul-auth-method', 'other')]])
      expect(found(controlPlaneApiSecret, resources)).toEqual([
        {
          severity: 'error',
          at: 'Job/acl /spec/template/spec/containers/0/args/1',
          message: expect.stringMatching(
            /^server-acl-init \(Job\/acl c, Sync wave 0\) reads Secret consul-auth-method through the Kubernetes API \(tools\/facts\/.*\), but the render declares no such Secret and no bootstrap Job creates it: the command fails when it reads it$/,
          ),
        },
      ]);
  });

  it('created by a bootstrap Job: fine when it runs earlier, an error when it runs only later', () => {
    const acl = command(['acl-init', '-secret-name=consul-bootstrap-acl-token', '-k8s-namespace=$(NAMESPACE)'], {
      kind: 'Deployment',
      name: 'consumer',
      namespace: 'ns',
      annotations: { 'argocd.argoproj.io/sync-wave': '2' },
    });
    const creator = (annotations: Body) =>
      command(['server-acl-init', '-resource-prefix=consul', '-k8s-namespace=$(NAMESPACE)'], {
        name: 'creator',
        namespace: 'ns',
        annotations,
      });
    const base = [acl, secret('consul-auth-method')];
    expect(found(controlPlaneApiSecret, [...base, creator({ 'argocd.argoproj.io/sync-wave': '1' })])).toEqual([]);
    const late = found(controlPlaneApiSecret, [...base, creator({ 'argocd.argoproj.io/hook': 'PostSync' })]);
    expect(late.map((finding) => finding.message)).toEqual([
      expect.stringMatching(
        /^acl-init \(Deployment\/consumer c, Sync wave 2\) reads Secret consul-bootstrap-acl-token .*, but Job\/creator creates it only in PostSync wave 0, not before: /,
      ),
    ]);
    expect(late[0]!.at).toBe('Deployment/consumer /spec/template/spec/containers/0/args/1');
  });

  it('only a Secret a Job makes counts (not its auth method of the same name); two late creators are both named', () => {
    const acl = (name: string) =>
      command(['acl-init', `-secret-name=${name}`, '-k8s-namespace=$(NAMESPACE)'], {
        kind: 'Deployment',
        name: 'consumer',
        namespace: 'ns',
        annotations: { 'argocd.argoproj.io/sync-wave': '2' },
      });
    const creator = (name: string, annotations: Body) =>
      command(['server-acl-init', '-resource-prefix=consul', '-k8s-namespace=$(NAMESPACE)'], { name, namespace: 'ns', annotations });
    const early = creator('creator', { 'argocd.argoproj.io/sync-wave': '1' });
    expect(
      found(controlPlaneApiSecret, [acl('consul-k8s-component-auth-method'), secret('consul-auth-method'), early]).map(
        (finding) => finding.message,
      ),
    ).toEqual([
      expect.stringMatching(
        /reads Secret consul-k8s-component-auth-method .*, but the render declares no such Secret and no bootstrap Job creates it/,
      ),
    ]);
    const late = (name: string) => creator(name, { 'argocd.argoproj.io/hook': 'PostSync' });
    expect(
      found(controlPlaneApiSecret, [acl('consul-bootstrap-acl-token'), secret('consul-auth-method'), late('first'), late('second')]).map(
        (finding) => finding.message,
      ),
    ).toEqual([
      expect.stringMatching(
        /, but Job\/first creates it only in PostSync wave 0; Job\/second creates it only in PostSync wave 0, not before: the command fails when it reads it$/,
      ),
    ]);
  });

  it('a read whose name is set at run time is not checked (control-plane-rbac says it is asked without a name)', () => {
    expect(
      found(controlPlaneApiSecret, [
        command(['acl-init', '-secret-name=$(TOKEN)'], { env: [{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'a', key: 'b' } } }] }),
      ]),
    ).toEqual([]);
  });
});

describe('control-plane-api-secret: which API calls count as reading a Secret', () => {
  /** The pinned facts, with acl-init's named Secret get (its -secret-name) changed by `change`. */
  const aclInitCall = (change: { resource?: string; verb?: string }): Facts => {
    const pinned = pinnedFacts();
    const aclInit = pinned.controlPlane.commands['acl-init']!;
    const writes = aclInit.writes as { kubernetesApi: { resource: string; verb: string }[] };
    expect(writes.kubernetesApi[0]).toMatchObject({ resource: 'secrets', verb: 'get' });
    const kubernetesApi = writes.kubernetesApi.map((call, index) => (index === 0 ? { ...call, ...change } : call));
    return {
      ...pinned,
      controlPlane: {
        ...pinned.controlPlane,
        commands: { ...pinned.controlPlane.commands, 'acl-init': { ...aclInit, writes: { ...writes, kubernetesApi } } },
      },
    };
  };
  const reader = [command(['acl-init', '-secret-name=x'])];

  it('a get of core secrets is a read (the pinned facts)', () => {
    expect(found(controlPlaneApiSecret, reader)).toHaveLength(1);
  });

  it("a get of another API group's secrets is no Secret read", () => {
    expect(found(controlPlaneApiSecret, reader, undefined, aclInitCall({ resource: 'secrets (example.com/v1)' }))).toEqual([]);
  });

  it('an update or a patch of a named Secret is no read', () => {
    for (const verb of ['update', 'patch']) expect(found(controlPlaneApiSecret, reader, undefined, aclInitCall({ verb }))).toEqual([]);
  });
});

describeRuleFixtures('control-plane-api-secret');
