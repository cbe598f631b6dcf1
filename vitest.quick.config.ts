/**
 * `npm run test:quick`: the tests that run no kustomize build, no Nx, no git and no CLI process:
 * pure rules, models, parsers, reporters, the spec loader, the Argo CD cross-checks on parsed
 * objects. Under a minute on 2 cores; `npm test` (the whole suite) is what CI runs.
 * A quick test is a file in QUICK_FILES (vitest.files.mjs); a test that starts building or spawning belongs
 * to the full suite.
 */
import { defineConfig } from 'vitest/config';
import shared from './vitest.shared.config.js';
import { NOT_QUICK_FILES, QUICK_FILES } from './vitest.files.mjs';

export default defineConfig({
  test: {
    ...shared.test,
    // The files of each worker share one module graph instead of loading the tools again per file (about 40% of the
    // CPU time of this run): these tests read and build objects only, and none mocks a module or changes a global.
    include: QUICK_FILES,
    // every include is a file under tests/, so vitest's default exclude (node_modules, dist) has nothing to leave out
    exclude: NOT_QUICK_FILES,
  },
});
