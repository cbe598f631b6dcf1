/**
 * `npm run test:quick`: the tests that run no kustomize build, no Nx, no git and no CLI process:
 * pure rules, models, parsers, reporters, the spec loader, the Argo CD cross-checks on parsed
 * objects. Under a minute on 2 cores; `npm test` (the whole suite) is what CI runs.
 * A quick test is a file here; a test that starts building or spawning belongs to the full suite.
 */
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

export default defineConfig({
  test: {
    ...base.test,
    // The files of each worker share one module graph instead of loading the tools again per file (about 40% of the
    // CPU time of this run): these tests read and build objects only, and none mocks a module or changes a global.
    // A test that needs a fresh module state belongs to the full suite, which isolates every file.
    isolate: false,
    include: [
      'tests/architecture/*.test.ts',
      'tests/validate/argocd/project-match.test.ts',
      'tests/validate/argocd/run.test.ts',
      'tests/deps/*.test.ts',
      'tests/diff/field-diff.test.ts',
      'tests/docs/*.test.ts',
      'tests/facts/facts.test.ts',
      'tests/generate/{drift,tree}.test.ts',
      'tests/model/*.test.ts',
      'tests/parse/*.test.ts',
      'tests/report/*.test.ts',
      'tests/environments/load.test.ts',
      'tests/environments/schema-file.test.ts',
      'tests/validate/consul/*.test.ts',
      'tests/validate/policies/{helpers,kustomization,messages,robustness,tier-severities}.test.ts',
      'tests/validate/schema/crd.test.ts',
      'tests/validate/schema/walker-keywords.test.ts',
    ],
  },
});
