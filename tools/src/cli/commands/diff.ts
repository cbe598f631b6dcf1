import { relative, resolve } from 'node:path';
import { compareOverlays } from '../../diff/compare.js';
import { allFindings, DIFF_FORMATS, formatDiff, type DiffFormat } from '../../diff/report.js';
import { gitCheckoutOf, resolveCommit, withWorktree } from '../../diff/worktree.js';
import { UsageError } from '../../model/errors.js';
import { EXIT, exitCodeFor } from '../../model/exit-code.js';
import { parseRendered } from '../../parse/documents.js';
import { resolveKustomize } from '../../render/kustomize-binary.js';
import { renderLimits } from '../../render/limits.js';
import { renderKustomization } from '../../render/render.js';
import type { CliArgs } from '../args.js';
import type { CommandIo } from '../io.js';
import { outputPath } from '../output-path.js';

const USAGE_LINE = 'usage: consul-gitops diff --base <git-ref> [--format text|markdown|json] [DIR...]';

/** Render every overlay at --base (a temporary git worktree) and in the working tree; print the Consul impact and a semantic diff. */
export async function diffCommand(args: CliArgs, io: CommandIo): Promise<number> {
  const ref = args.values.base;
  if (!ref) throw new UsageError(`--base is required\n${USAGE_LINE}`);
  const format = (args.values.format ?? 'text') as DiffFormat;
  if (!DIFF_FORMATS.includes(format)) throw new UsageError(`unknown --format "${format}" for diff: use ${DIFF_FORMATS.join(', ')}`);
  const output = args.values.output === undefined ? undefined : outputPath(io.cwd, args.values.output);
  const dirs = args.positionals.map((dir) => {
    const path = relative(io.cwd, resolve(io.cwd, dir)).split('\\').join('/');
    if (path === '' || path.startsWith('..')) throw new UsageError(`${dir}: pass a kustomization directory inside the repository, for example overlays/prod`);
    return path;
  });
  const checkout = await gitCheckoutOf(io.cwd);
  const commit = await resolveCommit(checkout.root, ref);
  const kustomize = { ...(await resolveKustomize({ ...(args.values.kustomize ? { flag: args.values.kustomize } : {}), env: io.env })), limits: renderLimits(args.values['render-timeout'], io.env) };
  const environments = await withWorktree(checkout.root, commit, (worktree) =>
    compareOverlays({
      headRoot: io.cwd,
      baseRoot: resolve(worktree, checkout.prefix),
      dirs,
      render: async (dir, display) => parseRendered({ yaml: (await renderKustomization(kustomize, dir)).yaml, file: `${display} (rendered)` }).resources,
    }),
    { note: (text) => io.err(`diff: ${text}\n`) },
  );
  const report = { base: { ref, commit }, environments };
  const text = formatDiff(report, format);
  if (output) await io.writeFile(output, text);
  else io.out(text);
  return exitCodeFor(allFindings(report)) === EXIT.findings ? EXIT.findings : EXIT.clean;
}
