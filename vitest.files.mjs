// @ts-check
// Which test files share one module graph per worker: read by vitest.shared.config.ts, vitest.quick.config.ts and
// tools/scripts/test-suite.mjs (plain JavaScript, so that the suite script reads it without a TypeScript loader).

/**
 * `npm run test:quick`: no kustomize build, no Nx, git or CLI process (vitest.quick.config.ts). The architecture
 * checks that run dependency-cruiser and knip are in SHARED_FILES below: they start a process, and `npm run lint`
 * runs both tools on every change anyway.
 * @type {string[]}
 */
export const QUICK_FILES = [
  'tests/architecture/yaml-reader.test.ts',
  'tests/validate/argocd/project-match.test.ts',
  'tests/validate/argocd/run.test.ts',
  'tests/deps/*.test.ts',
  'tests/diff/field-diff.test.ts',
  'tests/docs/*.test.ts',
  'tests/facts/facts.test.ts',
  'tests/generate/{drift,emit-yaml}.test.ts',
  'tests/model/*.test.ts',
  'tests/parse/*.test.ts',
  'tests/report/*.test.ts',
  'tests/environments/load.test.ts',
  'tests/environments/schema-file.test.ts',
  'tests/validate/consul/*.test.ts',
  'tests/validate/policies/{agents,context,control-plane-permissions,helpers,kustomization,messages,references,robustness,tier-severities,token-sources}.test.ts',
  'tests/validate/schema/crd.test.ts',
  'tests/validate/schema/walker-keywords.test.ts',
];

/**
 * Files the globs of QUICK_FILES match that `npm run test:quick` leaves to the whole suite: they render every overlay.
 * They still share a module graph in `npm test`.
 * @type {string[]}
 */
export const NOT_QUICK_FILES = ['tests/parse/fast-path.test.ts'];

/**
 * The quick files, one test file per rule (tests/validate/rules/, kustomization/rules/, argocd/rules/), and the short
 * files of the rest of the suite that change no global either (they may build, spawn the CLI or git, and read or
 * write temporary folders). Sharing the module graph halved their CPU time (35 s against 67 s for these 53 files).
 * The long files stay isolated: their time is in their child processes, not in loading the tools.
 * @type {string[]}
 */
export const SHARED_FILES = [
  ...QUICK_FILES,
  'tests/architecture/{layers,test-only-exports}.test.ts',
  'tests/validate/rules/*.test.ts',
  'tests/validate/kustomization/rules/*.test.ts',
  'tests/validate/kustomization/boundary.test.ts',
  'tests/validate/schema/json-schema.test.ts',
  'tests/validate/schema/kubeconform-report.test.ts',
  'tests/validate/argocd/rules/*.test.ts',
  'tests/argocd/generate.test.ts',
  'tests/cli/args.test.ts',
  'tests/cli/commands/{cluster,diff,gate,generate,quorum,render,rules,validate}.test.ts',
  'tests/cli/main.test.ts',
  'tests/cli/output-path.test.ts',
  'tests/cli/version.test.ts',
  'tests/cli/trust-boundary.test.ts',
  'tests/cmp/render-count.test.ts',
  'tests/cmp/silent-remote.test.ts',
  'tests/datacenter/chart-parity.test.ts',
  'tests/diff/compare.test.ts',
  'tests/diff/consul-impact.test.ts',
  'tests/diff/consul-state.test.ts',
  'tests/diff/environment-change.test.ts',
  'tests/diff/git-messages.test.ts',
  'tests/diff/report.test.ts',
  'tests/diff/resource-diff.test.ts',
  'tests/diff/rollout.test.ts',
  'tests/diff/runtime-settings.test.ts',
  'tests/diff/scale-step.test.ts',
  'tests/diff/server-change.test.ts',
  'tests/diff/show-value.test.ts',
  'tests/diff/storage-resize.test.ts',
  'tests/environments/capture.test.ts',
  'tests/environments/cli.test.ts',
  'tests/environments/cluster-read.test.ts',
  'tests/environments/clusters.test.ts',
  'tests/environments/compiled-schema.test.ts',
  'tests/facts/chart-facts.test.ts',
  'tests/facts/keys-used.test.ts',
  'tests/generate/accepted-risk-patches.test.ts',
  'tests/generate/accepted-risks.test.ts',
  'tests/generate/autopilot-hook.test.ts',
  'tests/generate/base/*.test.ts',
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
  'tests/generate/disk-full.test.ts',
  'tests/generate/golden.test.ts',
  'tests/generate/image-digest.test.ts',
  'tests/generate/local-component.test.ts',
  'tests/generate/overlay-model.test.ts',
  'tests/library/{boundary,child-process,discover,discover-files,pool}.test.ts',
  'tests/library/package-entry.test.ts',
  'tests/nx/kustomize-inputs.test.ts',
  'tests/nx/plugin-projects.test.ts',
  'tests/render/actionlint-build.test.ts',
  'tests/pipeline/{diff,file-share,file-threads,files,gate,gate-manifests,overlay,render,run,spec,targets,validate}.test.ts',
  'tests/render/go-tools.test.ts',
  'tests/render/limits-unit.test.ts',
  'tests/render/render-unit.test.ts',
  'tests/render/termination.test.ts',
  'tests/scripts/mutate.test.ts',
  'tests/scripts/parity-verdicts.test.ts',
  'tests/scripts/rule-mutants.test.ts',
  'tests/scripts/sharding.test.ts',
  'tests/validate/policies/consul-objects.test.ts',
  'tests/validate/policies/credential-sources.test.ts',
  'tests/validate/policies/deprecated-api.test.ts',
  'tests/validate/policies/rbac-grants.test.ts',
  'tests/validate/policies/rule-kinds.test.ts',
  'tests/validate/policies/run.test.ts',
  'tests/validate/rejected-inputs.test.ts',
  'tests/validate/rule-catalog.test.ts',
  'tests/validate/schema/cross-field.test.ts',
  'tests/validate/schema/name-checks.test.ts',
  'tests/validate/schema/names.test.ts',
  'tests/validate/schema/ranges.test.ts',
  'tests/validate/schema/schema-data.test.ts',
  'tests/validate/schema/served-schema.test.ts',
  'tests/validate/schema/server-enums.test.ts',
  'tests/validate/suppressions.test.ts',
  'tests/workflows/actionlint.test.ts',
  'tests/workflows/workflows.test.ts',
];
