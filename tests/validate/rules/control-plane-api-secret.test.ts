/** control-plane-api-secret: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/control-plane-api-secret/). */
import { describe, expect, it } from 'vitest';
import { controlPlaneApiSecret } from '../../../tools/src/validate/rules/control-plane-api-secret.js';
import { command, found, inNamespace, object, type Body } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

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

describeRuleFixtures('control-plane-api-secret');
