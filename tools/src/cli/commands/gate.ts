/**
 * The Argo CD sync gate (the config management plugin's generate command): the library's `gate` renders the
 * overlay once and checks that render; this prints findings to stderr, and the manifests to stdout only when
 * there is no error finding. A failed build, an empty render or any error exits non-zero with nothing on
 * stdout: with prune on, an empty manifest set would delete Consul.
 */
import { EXIT, gate, kustomizeFor, report, selectSchemaEngine, SPEC_FILE, UsageError } from '../../index.js';
import { schemaBackend, type CliArgs } from '../args.js';
import type { CommandIo } from '../io.js';

export async function gateCommand(args: CliArgs, io: CommandIo): Promise<number> {
  const [dir = '.', ...extra] = args.positionals;
  if (extra.length > 0)
    throw new UsageError('usage: consul-gitops gate [DIR] (one kustomization directory; default: the current one, as Argo CD runs it)');
  const backend = schemaBackend(args.values['schema-backend'], 'offline');
  const kustomize = await kustomizeFor({
    ...(args.values.kustomize ? { kustomize: args.values.kustomize } : {}),
    ...(args.values['render-timeout'] ? { renderTimeout: args.values['render-timeout'] } : {}),
    env: io.env,
  });
  const schema = await selectSchemaEngine(backend, io.env, (line) => io.err(`${line}\n`));
  const result = await gate(dir, { cwd: io.cwd, kustomize, schema }).finally(() => schema.engine.close?.());
  io.err(report(result.run).text);
  if (result.verdict !== 'synced') {
    const why = result.verdict === 'spec-invalid' ? `${SPEC_FILE} is invalid (errors above)` : 'fix the error finding(s) above';
    io.err(`consul-gitops gate: ${result.path} is NOT synced: ${why}. No manifests were written, so Argo CD keeps what runs.\n`);
    return EXIT.findings;
  }
  io.out(result.manifests ?? '');
  return EXIT.clean;
}
