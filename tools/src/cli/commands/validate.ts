import { resolve } from 'node:path';
import { readManifestInputs } from '../../discover-files.js';
import { UsageError } from '../../model/errors.js';
import { EXIT } from '../../model/exit-code.js';
import { validate } from '../../index.js';
import { resolveKustomize } from '../../render/kustomize-binary.js';
import { renderLimits } from '../../render/limits.js';
import { RULE_CATALOG } from '../../rule-catalog.js';
import { getReporter } from '../../report/reporter.js';
import { summarize } from '../../report/summary.js';
import { DEFAULT_WIDTH } from '../../report/text.js';
import { findRepoRoot, hasKustomization } from '../../discover.js';
import { RULE_SELECTIONS, type RuleSelection } from '../../model/rule-groups.js';
import { loadCrdTypes, SchemaFolderError } from '../../validate/schema/crd.js';
import { selectSchemaEngine } from '../../validate/schema/select.js';
import { schemaBackend, type CliArgs } from '../args.js';
import type { CommandIo } from '../io.js';
import { outputPath } from '../output-path.js';

function ruleSelection(value: string | undefined): RuleSelection {
  if (value === undefined) return 'all';
  const selection = RULE_SELECTIONS.find((candidate) => candidate === value);
  if (!selection)
    throw new UsageError(
      `unknown --rules "${value}": use ${RULE_SELECTIONS.join(', ')} (see \`consul-gitops rules\` for each rule's group)`,
    );
  return selection;
}

/** --schemas folders that cannot be read are a usage problem, named before anything runs. */
function schemaFolders(io: CommandIo, dirs: readonly string[]): string[] {
  const resolved = dirs.map((dir) => resolve(io.cwd, dir));
  try {
    loadCrdTypes(resolved);
  } catch (error) {
    if (error instanceof SchemaFolderError) throw new UsageError(error.message);
    throw error;
  }
  return resolved;
}

export async function validateCommand(args: CliArgs, io: CommandIo): Promise<number> {
  const reporter = getReporter(args.values.format ?? 'text');
  const backend = schemaBackend(args.values['schema-backend'], 'auto');
  const rules = ruleSelection(args.values.rules);
  const output = args.values.output === undefined ? undefined : outputPath(io.cwd, args.values.output);
  const schemaDirs = schemaFolders(io, args.values.schemas ?? []);
  const files = args.values.file ?? [];
  if (files.length > 0 && args.positionals.length > 0) {
    throw new UsageError(
      `pass either kustomization directories (${args.positionals.join(' ')}) or -f manifests, not both: kustomizations are rendered, -f files are checked as they are`,
    );
  }
  if (files.length > 0 && args.values.kustomize)
    throw new UsageError('--kustomize has no effect with -f: plain manifests are checked as they are, without a render');
  if (files.length > 0 && args.values['render-timeout'])
    throw new UsageError('--render-timeout has no effect with -f: plain manifests are checked as they are, without a render');
  const limits = renderLimits(args.values['render-timeout'], io.env);
  const schema = await selectSchemaEngine(backend, io.env, (line) => io.err(`${line}\n`));
  try {
    return await runValidate(args, io, { reporter, rules, output, schemaDirs, files, limits, schema });
  } finally {
    await schema.engine.close?.();
  }
}

interface ValidateRun {
  reporter: ReturnType<typeof getReporter>;
  rules: RuleSelection;
  output: string | undefined;
  schemaDirs: string[];
  files: string[];
  limits: ReturnType<typeof renderLimits>;
  schema: Awaited<ReturnType<typeof selectSchemaEngine>>;
}

async function runValidate(args: CliArgs, io: CommandIo, run: ValidateRun): Promise<number> {
  const { reporter, rules, output, schemaDirs, files, limits, schema } = run;
  // One line per kustomization as it finishes, on stderr (terminal or CI log alike): a long run is never silent.
  const progress = !args.values.quiet;
  // Like gate: the repository is where environments.yaml is, searching up; run inside an overlay
  // folder without arguments, validate checks that overlay. Files mode reads a spec only beside it.
  const repoRoot = files.length > 0 ? io.cwd : (findRepoRoot(io.cwd) ?? io.cwd);
  const here =
    files.length === 0 && args.positionals.length === 0 && resolve(io.cwd) !== resolve(repoRoot) && (await hasKustomization(io.cwd))
      ? [io.cwd]
      : [];
  const result = await validate({
    repoRoot,
    schema,
    schemaOptions: { schemaDirs, ignoreMissingSchemas: args.values['ignore-missing-schemas'] ?? false },
    rules,
    ...(progress
      ? { onOverlay: (overlay: { path: string; ok: boolean }) => io.err(`  checked ${overlay.path}: ${overlay.ok ? 'ok' : 'FAILED'}\n`) }
      : {}),
    ...(files.length > 0
      ? { files: await readManifestInputs(io.cwd, files, io.readStdin ?? readProcessStdin) }
      : {
          dirs: [...here, ...args.positionals.map((dir) => resolve(io.cwd, dir))],
          kustomize: {
            ...(await resolveKustomize({ ...(args.values.kustomize ? { flag: args.values.kustomize } : {}), env: io.env })),
            limits,
          },
        }),
  });
  const summary = summarize(result);
  const columns = Number(io.env.COLUMNS);
  const width = Number.isInteger(columns) && columns >= 60 && columns <= 400 ? columns : DEFAULT_WIDTH;
  const report = reporter.render(result, summary, { width, rules: RULE_CATALOG });
  if (output) await io.writeFile(output, report);
  else io.out(report);
  return summary.errors > 0 ? EXIT.findings : EXIT.clean;
}

async function readProcessStdin(): Promise<string> {
  if (process.stdin.isTTY)
    throw new UsageError(
      '-f - reads manifests from standard input, but it is a terminal: pipe them in (kubectl get ... -o yaml | consul-gitops validate -f -)',
    );
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
