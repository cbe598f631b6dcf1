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
 * - tests that run the Go tools (the kubeconform parity corpus, the api-server backend), except
 *   tests/validate/schema/kubeconform.test.ts: the pinned kubeconform answers in milliseconds, and the sandbox keeps
 *   that one binary (stryker.config.mjs);
 * - tests that render every overlay (tests/parse/fast-path.test.ts, tests/render/render, limits, children, termination:
 *   their in-process parts are in tests/render/render-unit and limits-unit) or spawn the CLI or Nx
 *   (tests/diff/diff-cli, day2-cli, tests/generate/golden, accepted-risks, faults, check, new-environment,
 *   trust-boundary, tests/nx/*: 20 to 50 s a file);
 * - tests that read the committed base/, overlays/ and argocd/, which the sandbox does not copy
 *   (tests/generate/drift, disk-full), or the build in tools/dist, which it does not copy either
 *   (the build's describe of tests/environments/compiled-schema skips under CONSUL_GITOPS_TEST_FIXTURES=off; its
 *   unit cases, on module files it writes, run).
 */
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

export default defineConfig({
  test: {
    ...base.test,
    include: [
      'tests/model/*.test.ts',
      'tests/validate/consul/*.test.ts',
      'tests/validate/policies/*.test.ts',
      'tests/validate/argocd/**/*.test.ts',
      'tests/validate/kustomization/**/*.test.ts',
      'tests/validate/schema/{api-server-status,crd,cross-field,json-schema,kubeconform,kubeconform-report,kubeconform-schemas,name-checks,names,offline,ranges,select,served-schema,server-enums,walker,walker-keywords}.test.ts',
      'tests/validate/rules/*.test.ts',
      'tests/validate/scale-steps-unit.test.ts',
      'tests/environments/capture.test.ts',
      'tests/environments/checks.test.ts',
      'tests/environments/cluster-read.test.ts',
      'tests/environments/clusters.test.ts',
      'tests/environments/compiled-schema.test.ts',
      'tests/environments/load.test.ts',
      'tests/environments/resolved.test.ts',
      'tests/environments/schema-file.test.ts',
      'tests/facts/pinned.test.ts',
      'tests/parse/*.test.ts',
      'tests/render/actionlint-build.test.ts',
      'tests/render/go-tools.test.ts',
      'tests/render/krusty.test.ts',
      'tests/render/kustomize-binary.test.ts',
      'tests/render/limits-unit.test.ts',
      'tests/render/render-unit.test.ts',
      'tests/report/*.test.ts',
      'tests/diff/compare.test.ts',
      'tests/diff/consul-impact.test.ts',
      'tests/diff/consul-state.test.ts',
      'tests/diff/environment-change.test.ts',
      'tests/diff/field-diff.test.ts',
      'tests/diff/immutable.test.ts',
      'tests/diff/report.test.ts',
      'tests/diff/resource-diff.test.ts',
      'tests/diff/rollout.test.ts',
      'tests/diff/runtime-settings.test.ts',
      'tests/diff/scale-step.test.ts',
      'tests/diff/security-transition.test.ts',
      'tests/diff/server-change.test.ts',
      'tests/diff/show-value.test.ts',
      'tests/diff/storage-resize.test.ts',
      'tests/diff/worktree.test.ts',
      'tests/generate/autopilot-hook.test.ts',
      'tests/generate/base/*.test.ts',
      'tests/generate/accepted-risk-patches.test.ts',
      'tests/generate/argocd.test.ts',
      'tests/generate/environment-model.test.ts',
      'tests/generate/index.test.ts',
      'tests/generate/local-components.test.ts',
      'tests/generate/overlay.test.ts',
      'tests/generate/patch.test.ts',
      'tests/generate/resolved-environment.test.ts',
      'tests/generate/schema-file.test.ts',
      'tests/generate/serialize.test.ts',
      'tests/generate/diff.test.ts',
      'tests/generate/drift-check.test.ts',
      'tests/generate/generate-cache.test.ts',
      'tests/generate/owner.test.ts',
      'tests/generate/tree.test.ts',
      'tests/nx/kustomize-inputs.test.ts',
      'tests/nx/plugin-projects.test.ts',
      'tests/cli/args.test.ts',
      'tests/cli/main.test.ts',
      'tests/cli/io.test.ts',
      'tests/cli/output-path.test.ts',
      'tests/cli/version.test.ts',
      'tests/cli/commands/*.test.ts',
      'tests/pipeline/{diff,file-share,file-threads,files,gate,gate-manifests,overlay,render,run,spec,targets,validate}.test.ts',
      'tests/library/{boundary,child-process,committed-outputs,discover,discover-files,pool}.test.ts',
    ],
    exclude: ['tests/validate/rules/index.test.ts', 'tests/validate/policies/credential-sources.test.ts', 'tests/parse/fast-path.test.ts'],
    env: { ...base.test?.env, CONSUL_GITOPS_TEST_FIXTURES: 'off' },
  },
});
