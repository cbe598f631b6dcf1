#!/usr/bin/env node
// `npm run lint` (after ESLint and Prettier): actionlint, pinned in tools/go/actionlint/go.mod and built
// from the Go module proxy into tools/go/bin (a stamp skips the build when nothing changed), over the
// workflows: .github/workflows/*.{yml,yaml}, or the files given as arguments.
// Without Go, or when the build fails: one line saying so, exit 0; with CONSUL_GITOPS_REQUIRE_GO_TOOLS=1
// (CI) or --require: exit 2. actionlint's own findings: its output (file:line:col: message [rule]), exit 1.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const require = args.includes('--require') || process.env.CONSUL_GITOPS_REQUIRE_GO_TOOLS === '1';
let build;
try {
  build = await import(new URL('../dist/render/actionlint-build.js', import.meta.url).href);
} catch {
  process.stderr.write('actionlint: the tools are not built (no tools/dist). Run `npm run build` first (`npm ci` runs it).\n');
  process.exit(2);
}

const result = await build.buildActionlint();
if (!result.ok) {
  process.stderr.write(
    `actionlint: not built (${result.reason}); the workflows are not linted. Install Go >= 1.25, then run \`npm run lint\` again.\n`,
  );
  process.exit(require ? 2 : 0);
}

const given = args.filter((arg) => !arg.startsWith('--'));
const folder = '.github/workflows';
const files =
  given.length > 0
    ? given
    : existsSync(folder)
      ? readdirSync(folder)
          .filter((name) => /\.ya?ml$/.test(name))
          .sort()
          .map((name) => join(folder, name))
      : [];
if (files.length === 0) {
  process.stderr.write('actionlint: no workflow files\n');
  process.exit(0);
}
try {
  // A time limit like every other child: a hung linter must not hold CI until its job limit.
  execFileSync(build.actionlintBinary(), ['-no-color', ...files], { stdio: 'inherit', timeout: 120_000, killSignal: 'SIGKILL' });
  process.stderr.write(`actionlint ${result.versions.actionlint}: ${files.length} workflow file(s) clean\n`);
} catch (error) {
  // actionlint exits 1 with findings (already printed), 2 on bad usage, 3 on a fatal error
  if (error.signal === 'SIGKILL') process.stderr.write('actionlint: no answer in 120 s, stopped\n');
  process.exit(error.status === 1 ? 1 : 2);
}
