import { resolve } from 'node:path';
import { EXIT } from '../../model/exit-code.js';
import { findRepoRoot, hasKustomization } from '../../discover.js';
import { validateOverlays } from '../../pipeline.js';
import { resolveKustomize } from '../../render/kustomize-binary.js';
import { getReporter } from '../../report/reporter.js';
import { summarize } from '../../report/summary.js';
import { DEFAULT_WIDTH } from '../../report/text.js';
import { selectSchemaEngine } from '../../validate/schema/select.js';
import { schemaBackend, type CliArgs } from '../args.js';
import type { CommandIo } from '../io.js';

export async function validateCommand(args: CliArgs, io: CommandIo): Promise<number> {
  const reporter = getReporter(args.values.format ?? 'text');
  const backend = schemaBackend(args.values['schema-backend'], 'auto');
  const kustomize = await resolveKustomize({ ...(args.values.kustomize ? { flag: args.values.kustomize } : {}), env: io.env });
  const schema = await selectSchemaEngine(backend, io.env);
  const schemaDirs = (args.values.schemas ?? []).map((dir) => resolve(io.cwd, dir));
  // One line per kustomization as it finishes, on stderr (terminal or CI log alike): a long run is never silent.
  const progress = !args.values.quiet;
  // Like gate: the repository is where environments.yaml is, searching up; run inside an overlay
  // folder without arguments, validate checks that overlay.
  const repoRoot = findRepoRoot(io.cwd) ?? io.cwd;
  const here = args.positionals.length === 0 && resolve(io.cwd) !== resolve(repoRoot) && (await hasKustomization(io.cwd)) ? [io.cwd] : [];
  const result = await validateOverlays({
    repoRoot,
    dirs: [...here, ...args.positionals.map((dir) => resolve(io.cwd, dir))],
    kustomize,
    schema: schema.engine,
    schemaOptions: { schemaDirs, ignoreMissingSchemas: args.values['ignore-missing-schemas'] ?? false },
    kubernetesVersion: schema.kubernetesVersion,
    ...(progress ? { onOverlay: (overlay) => io.err(`  checked ${overlay.path}: ${overlay.ok ? 'ok' : 'FAILED'}\n`) } : {}),
  });
  const summary = summarize(result);
  const columns = Number(io.env.COLUMNS);
  const report = reporter.render(result, summary, { width: Number.isInteger(columns) && columns >= 60 && columns <= 400 ? columns : DEFAULT_WIDTH });
  if (args.values.output) await io.writeFile(resolve(io.cwd, args.values.output), report);
  else io.out(report);
  return summary.errors > 0 ? EXIT.findings : EXIT.clean;
}
