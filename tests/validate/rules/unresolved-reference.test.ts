/** unresolved-reference: its branches on inline objects, what an environment's externalPrerequisites resolve on a fixture's render, then its fixtures (tests/fixtures/rules/unresolved-reference/). */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Spec } from '../../../tools/src/environments/types.js';
import { runPolicies } from '../../../tools/src/validate/run-policies.js';
import { unresolvedReference } from '../../../tools/src/validate/rules/unresolved-reference.js';
import { renderResources, REPO_ROOT, repoSpec } from '../../helpers/repo.js';
import { command, found, object, tierSpec, workload } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

const FIXTURE = join(REPO_ROOT, 'tests/fixtures/rules/unresolved-reference/fail-token-secret');
function withPrerequisite(spec: Spec, name: string): Spec {
  return {
    ...spec,
    environments: spec.environments.map((env) =>
      env.name === 'prod'
        ? {
            ...env,
            externalPrerequisites: [
              {
                kind: 'Secret',
                name,
                reason: 'issued by the platform vault',
                create: `kubectl -n consul-prod create secret generic ${name} --from-literal=token=...`,
              },
            ],
          }
        : env,
    ),
  };
}

const mounting = (configMap: Record<string, unknown>) =>
  workload('Deployment', 'a', { containers: [{ name: 'c' }], volumes: [{ name: 'v', configMap }] });
const NOTHING =
  'which nothing creates: it is not in the render, no bootstrap Job writes it, it is not built in, and externalPrerequisites does not list it';

describe('unresolved-reference', () => {
  it('a ConfigMap that nothing creates is an error at the reference', () => {
    expect(found(unresolvedReference, [mounting({ name: 'cfg' })])).toEqual([
      {
        severity: 'error',
        at: 'Deployment/a /spec/template/spec/volumes/0/configMap/name',
        message: `Deployment/a references ConfigMap cfg, ${NOTHING}`,
      },
    ]);
  });

  it('a rendered object, an optional reference and a declared prerequisite resolve', () => {
    expect(found(unresolvedReference, [object('v1', 'ConfigMap', 'cfg'), mounting({ name: 'cfg' })])).toEqual([]);
    expect(found(unresolvedReference, [mounting({ name: 'cfg', optional: true })])).toEqual([]);
    const declared = tierSpec('development', {
      externalPrerequisites: [{ kind: 'ConfigMap', name: 'cfg', reason: 'the platform team', create: 'kubectl create configmap cfg' }],
    });
    expect(found(unresolvedReference, [mounting({ name: 'cfg' })], declared)).toEqual([]);
  });

  it('an auth method no Job creates is named as a Consul auth method; one that server-acl-init creates resolves', () => {
    const login = command(['sync-catalog'], {
      kind: 'Deployment',
      name: 'a',
      env: [{ name: 'CONSUL_LOGIN_AUTH_METHOD', value: 'consul-k8s-component-auth-method' }],
    });
    expect(found(unresolvedReference, [login])).toEqual([
      {
        severity: 'error',
        at: 'Deployment/a /spec/template/spec/containers/0/env/1/value',
        message: `Deployment/a references Consul auth method consul-k8s-component-auth-method, ${NOTHING}`,
      },
    ]);
    expect(found(unresolvedReference, [command(['server-acl-init', '-resource-prefix=consul'], { name: 'acl' }), login])).toEqual([]);
  });
});

// It renders a fixture that stands on overlays/prod: left out with the fixtures under `npm run mutate`
// (CONSUL_GITOPS_TEST_FIXTURES=off), whose sandbox has no overlays/.
describe.skipIf(process.env.CONSUL_GITOPS_TEST_FIXTURES === 'off')('externalPrerequisites', () => {
  it('a declared prerequisite resolves the reference', async () => {
    const resources = await renderResources(FIXTURE);
    const spec = await repoSpec();
    expect(runPolicies(resources, spec, [unresolvedReference]).map((finding) => finding.message)).toEqual([
      expect.stringMatching(/references Secret consul-sync-catalog-acl-token, which nothing creates/),
    ]);
    expect(runPolicies(resources, withPrerequisite(spec, 'consul-sync-catalog-acl-token'), [unresolvedReference])).toEqual([]);
    expect(runPolicies(resources, withPrerequisite(spec, 'another-secret'), [unresolvedReference])).toHaveLength(1);
  });
});

describeRuleFixtures('unresolved-reference');
