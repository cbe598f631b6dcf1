/**
 * actionlint (pinned in tools/go/actionlint/go.mod, built from the Go module proxy) over the workflows, as
 * `npm run lint` runs it: the repository's workflows are clean, and a broken workflow is reported with
 * its file, line, column and actionlint's rule, exit 1. Skipped where Go is missing, unless
 * CONSUL_GITOPS_REQUIRE_GO_TOOLS=1 (CI), which makes a missing actionlint a failure.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildActionlint } from '../../tools/src/render/actionlint-build.js';
import { GO_TOOLS_REQUIRED } from '../helpers/go-tools.js';
import { REPO_ROOT } from '../helpers/repo.js';

const built = await buildActionlint();
if (!built.ok) {
  if (GO_TOOLS_REQUIRED)
    throw new Error(`actionlint is not built (${built.reason}); CONSUL_GITOPS_REQUIRE_GO_TOOLS=1 makes this a failure`);
  console.info(`skipped: actionlint is not built (${built.reason}): install Go >= 1.25`);
}

const lint = (...files: string[]) =>
  execa('node', ['tools/scripts/actionlint.mjs', ...files], {
    cwd: REPO_ROOT,
    reject: false,
    env: { CONSUL_GITOPS_REQUIRE_GO_TOOLS: '1' },
  });

const BROKEN = `name: broken
on: push
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    needs: build
    steps:
      - run: echo "\${{ matrix.node }}"
`;

describe.skipIf(!built.ok)('actionlint', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'consul-gitops-actionlint-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it("passes the repository's workflows", async () => {
    const result = await lint();
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(result.stderr).toMatch(/^actionlint v\d+\.\d+\.\d+: \d+ workflow file\(s\) clean$/m);
  }, 120_000);

  it('reports a broken workflow with file, line, column and rule, and exits 1', async () => {
    const file = join(dir, 'broken.yml');
    await writeFile(file, BROKEN);
    const result = await lint(file);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/broken\.yml:6:3: job "test" needs job "build" which does not exist in this workflow \[job-needs\]/);
    expect(result.stdout).toMatch(/broken\.yml:10:24: property "node" is not defined in object type \{\} \[expression\]/);
  }, 120_000);
});
