/** unresolved-reference: what an environment's externalPrerequisites resolve, on a fixture's render; then its fixtures (tests/fixtures/rules/unresolved-reference/). */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Spec } from '../../../tools/src/environments/types.js';
import { runPolicies } from '../../../tools/src/validate/run-policies.js';
import { unresolvedReference } from '../../../tools/src/validate/rules/unresolved-reference.js';
import { renderResources, REPO_ROOT, repoSpec } from '../../helpers/repo.js';
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
