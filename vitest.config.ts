import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const ROOT = fileURLToPath(new URL('.', import.meta.url));

/** Seconds each test file took in the last recorded suite run (docs/figures.json, tools/scripts/record-figures.mjs). */
const recorded: Record<string, number> =
  (JSON.parse(readFileSync(new URL('docs/figures.json', import.meta.url), 'utf8')) as { suite?: { fileSeconds?: Record<string, number> } })
    .suite?.fileSeconds ?? {};

/**
 * The slowest files start first, so that no minute-long file (a real kube-apiserver, real Nx) begins while the other
 * worker sits idle at the end. Vitest orders by its own cache of durations, which a clean clone (CI) does not have:
 * there it would order by file size. Files without a recorded figure keep vitest's order, after the recorded ones.
 */
class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const seconds = (spec: TestSpecification): number => recorded[relative(ROOT, spec.moduleId).split('\\').join('/')] ?? 0;
    return (await super.sort(files))
      .map((spec, index) => ({ spec, index, seconds: seconds(spec) }))
      .sort((a, b) => b.seconds - a.seconds || a.index - b.index)
      .map(({ spec }) => spec);
  }
}

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // A hang guard, not a speed target (those live in npm run bench): a test takes a few seconds at most, under
    // 20 s on a loaded 2-core machine. The exceptions name their own limit beside the test, with the reason: the
    // tests that start a real kube-apiserver, real Nx, hundreds of CLI runs (the SIGKILL fault test, the
    // property tests) or wait out a render timeout.
    testTimeout: 30_000,
    // beforeAll hooks copy workspaces and render the repository; those that start a server name a longer limit.
    hookTimeout: 60_000,
    pool: 'forks',
    // One worker per core. Vitest's default is one fewer, which on the 2-core CI machine ran the files one at a time,
    // while most of them wait on a child process (kustomize, the CLI, git, Nx, kube-apiserver).
    maxWorkers: availableParallelism(),
    minWorkers: 1,
    sequence: { sequencer: SlowestFirst },
  },
});
