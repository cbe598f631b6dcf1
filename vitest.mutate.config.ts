/**
 * The tests `npm run mutate` (StrykerJS) runs against each mutant: the unit tests of the folders it mutates
 * (stryker.config.mjs), not the whole suite, so a run fits a shared 2-core machine. A folder added to Stryker's
 * `mutate` brings its unit tests here.
 *
 * Left out, and why:
 * - the rule fixtures (tests/fixtures/rules/, run from each rule's test file, tests/validate/rules/<rule-id>.test.ts)
 *   and credential-sources: they render with kustomize and every one of them runs every rule, so each mutant would
 *   pay their renders (about a second each on a loaded machine); CONSUL_GITOPS_TEST_FIXTURES=off leaves the fixtures
 *   out of the rule files, whose inline branch cases state each rule branch instead;
 * - tests that spawn the CLI (tests/environments/cli.test.ts, tests/cli/): the CLI runs the build in tools/dist, never
 *   the mutated sources, so they cannot kill a mutant;
 * - tests that run the Go tools (tests/validate/schema/kubeconform*, corpus).
 */
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

export default defineConfig({
  test: {
    ...base.test,
    include: [
      'tests/model/*.test.ts',
      'tests/validate/policies/*.test.ts',
      'tests/validate/rules/*.test.ts',
      'tests/environments/load.test.ts',
      'tests/environments/schema-file.test.ts',
    ],
    exclude: ['tests/validate/rules/index.test.ts', 'tests/validate/policies/credential-sources.test.ts'],
    env: { ...base.test?.env, CONSUL_GITOPS_TEST_FIXTURES: 'off' },
  },
});
