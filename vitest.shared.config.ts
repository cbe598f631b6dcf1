/**
 * The half of `npm test` whose files share one module graph per worker (`isolate: false`) instead of loading the
 * tools again for each file: the `test:quick` files (rules, models, parsers, reports, the spec) and the per-rule test
 * files, which render their fixtures with kustomize through tests/helpers/repo.ts. None of them mocks a module,
 * changes a global or process.env, or changes folder; a test that does belongs to the isolated half. Isolating
 * these files took about 85% of their CPU time (34 s against 5 s for the rule files on 2 cores).
 *
 * `npm test` (tools/scripts/test-suite.mjs) runs this config, then vitest.config.ts without these files.
 * `npx vitest run <file>` runs any file isolated, as before.
 */
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';
import { SHARED_FILES } from './vitest.files.mjs';

export default defineConfig({
  test: {
    ...base.test,
    isolate: false,
    include: SHARED_FILES,
  },
});
