/**
 * The tests `npm run mutate` (StrykerJS) runs against each mutant: the unit tests of the folders it mutates
 * (stryker.config.mjs), not the whole suite, so a run fits a shared 2-core machine. A folder added to Stryker's
 * `mutate` brings its unit tests here.
 *
 * Left out, and why:
 * - tests that render with kustomize (tests/validate/policies/rules.test.ts and its fixtures, credential-sources,
 *   references): every one of them runs every rule, so each mutant would pay their renders (about a second each
 *   on a loaded machine); the tests/validate/policies/*-branches.test.ts state each rule branch on inline objects instead;
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
      'tests/environments/load.test.ts',
      'tests/environments/schema-file.test.ts',
    ],
    exclude: [
      'tests/validate/policies/rules.test.ts',
      'tests/validate/policies/credential-sources.test.ts',
      'tests/validate/policies/references.test.ts',
    ],
  },
});
