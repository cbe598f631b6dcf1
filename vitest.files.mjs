// @ts-check
// Which test files share one module graph per worker: read by vitest.shared.config.ts, vitest.quick.config.ts and
// tools/scripts/test-suite.mjs (plain JavaScript, so that the suite script reads it without a TypeScript loader).

/**
 * `npm run test:quick`: no kustomize build, no Nx, git or CLI process (vitest.quick.config.ts).
 * @type {string[]}
 */
export const QUICK_FILES = [
  'tests/architecture/*.test.ts',
  'tests/validate/argocd/project-match.test.ts',
  'tests/validate/argocd/run.test.ts',
  'tests/deps/*.test.ts',
  'tests/diff/field-diff.test.ts',
  'tests/docs/*.test.ts',
  'tests/facts/facts.test.ts',
  'tests/generate/{drift,emit-yaml,tree}.test.ts',
  'tests/model/*.test.ts',
  'tests/parse/*.test.ts',
  'tests/report/*.test.ts',
  'tests/environments/load.test.ts',
  'tests/environments/schema-file.test.ts',
  'tests/validate/policies/{helpers,kustomization,messages,robustness,tier-severities}.test.ts',
  'tests/validate/schema/crd.test.ts',
  'tests/validate/schema/walker-keywords.test.ts',
];

/**
 * The quick files and one test file per rule (tests/validate/rules/, kustomization/rules/, argocd/rules/).
 * @type {string[]}
 */
export const SHARED_FILES = [
  ...QUICK_FILES,
  'tests/validate/rules/*.test.ts',
  'tests/validate/kustomization/rules/*.test.ts',
  'tests/validate/argocd/rules/*.test.ts',
];
