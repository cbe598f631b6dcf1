import { resolve } from 'node:path';
import { EXIT } from '../../model/exit-code.js';
import { validateOverlays } from '../../pipeline.js';
import { resolveKustomize } from '../../render/kustomize-binary.js';
import { renderLimits } from '../../render/limits.js';
import { getReporter } from '../../report/reporter.js';
import { summarize } from '../../report/summary.js';
import { selectSchemaEngine } from '../../validate/schema/select.js';
import { schemaBackend, type CliArgs } from '../args.js';
import type { CommandIo } from '../io.js';

export async function validateCommand(args: CliArgs, io: CommandIo): Promise<number> {
  const reporter = getReporter(args.values.format ?? 'text');
  const backend = schemaBackend(args.values['schema-backend'], 'auto');
  const kustomize = { ...(await resolveKustomize({ ...(args.values.kustomize ? { flag: args.values.kustomize } : {}), env: io.env })), limits: renderLimits(args.values['render-timeout'], io.env) };
  const schema = await selectSchemaEngine(backend, io.env);
  const schemaDirs = (args.values.schemas ?? []).map((dir) => resolve(io.cwd, dir));
  const progress = io.isTty && args.values.output === undefined && reporter.name === 'text';
  const result = await validateOverlays({
    repoRoot: io.cwd,
    dirs: args.positionals.map((dir) => resolve(io.cwd, dir)),
    kustomize,
    schema: schema.engine,
    schemaOptions: { schemaDirs, ignoreMissingSchemas: args.values['ignore-missing-schemas'] ?? false },
    kubernetesVersion: schema.kubernetesVersion,
    ...(progress ? { onOverlay: (overlay) => io.err(`  checked ${overlay.path}: ${overlay.ok ? 'ok' : 'FAILED'}\n`) } : {}),
  });
  const summary = summarize(result);
  const report = reporter.render(result, summary);
  if (args.values.output) await io.writeFile(resolve(io.cwd, args.values.output), report);
  else io.out(report);
  return summary.errors > 0 ? EXIT.findings : EXIT.clean;
}
