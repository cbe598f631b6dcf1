import { relative, resolve } from 'node:path';
import {
  allFindings,
  apiServerForDiff,
  diff,
  DIFF_REPORTERS,
  EXIT,
  exitCodeFor,
  kustomizeFor,
  pickReporter,
  RULE_CATALOG,
  UsageError,
} from '../../index.js';
import type { CliArgs } from '../args.js';
import type { CommandIo } from '../io.js';
import { outputPath } from '../output-path.js';
import { toolsPackage } from '../version.js';

const USAGE_LINE = 'usage: consul-gitops diff --base <git-ref> [--format text|markdown|json|sarif] [DIR...]';

/** Render every overlay at --base (a temporary git worktree) and in the working tree; print the Consul impact and a semantic diff. */
export async function diffCommand(args: CliArgs, io: CommandIo): Promise<number> {
  const ref = args.values.base;
  if (!ref) throw new UsageError(`--base is required\n${USAGE_LINE}`);
  const reporter = pickReporter('diff', DIFF_REPORTERS, args.values.format);
  const output = args.values.output === undefined ? undefined : outputPath(io.cwd, args.values.output);
  const dirs = args.positionals.map((dir) => {
    const path = relative(io.cwd, resolve(io.cwd, dir)).split('\\').join('/');
    if (path === '' || path.startsWith('..'))
      throw new UsageError(`${dir}: pass a kustomization directory inside the repository, for example overlays/prod`);
    return path;
  });
  const kustomize = await kustomizeFor({
    ...(args.values.kustomize ? { kustomize: args.values.kustomize } : {}),
    ...(args.values['render-timeout'] ? { renderTimeout: args.values['render-timeout'] } : {}),
    env: io.env,
  });
  const apiServer = args.values['api-server'] ? await apiServerForDiff(io.env, (line) => io.err(`diff: ${line}\n`)) : undefined;
  const report = await diff({
    cwd: io.cwd,
    base: ref,
    dirs,
    kustomize,
    note: (text) => io.err(`diff: ${text}\n`),
    ...(apiServer ? { apiServer } : {}),
  }).finally(() => apiServer?.close());
  const tool = { kustomize: kustomize.version, schemaBackend: apiServer ? 'api-server' : 'none', kubernetesVersion: '' };
  const text = reporter.render({ report, tool }, { rules: RULE_CATALOG, tool: toolsPackage() });
  if (output) await io.writeFile(output, text);
  else io.out(text);
  return exitCodeFor(allFindings(report)) === EXIT.findings ? EXIT.findings : EXIT.clean;
}
