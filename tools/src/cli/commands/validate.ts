import { resolve } from 'node:path';
import {
  EXIT,
  findRepoRoot,
  getReporter,
  hasKustomization,
  kustomizeFor,
  readManifestInputs,
  renderLimits,
  report,
  RULE_SELECTIONS,
  schemaFolders,
  selectSchemaEngine,
  UsageError,
  validate,
  type RuleSelection,
  type SchemaChoice,
} from '../../index.js';
import { schemaBackend, type CliArgs } from '../args.js';
import type { CommandIo } from '../io.js';
import { outputPath } from '../output-path.js';
import { toolsPackage } from '../version.js';

function ruleSelection(value: string | undefined): RuleSelection {
  if (value === undefined) return 'all';
  const selection = RULE_SELECTIONS.find((candidate) => candidate === value);
  if (!selection)
    throw new UsageError(
      `unknown --rules "${value}": use ${RULE_SELECTIONS.join(', ')} (see \`consul-gitops rules\` for each rule's group)`,
    );
  return selection;
}

/** `validate`: the flags read and checked (every usage error before anything runs), one library call, its report. */
export async function validateCommand(args: CliArgs, io: CommandIo): Promise<number> {
  const format = getReporter(args.values.format ?? 'text').name;
  const backend = schemaBackend(args.values['schema-backend'], 'auto');
  const rules = ruleSelection(args.values.rules);
  const output = args.values.output === undefined ? undefined : outputPath(io.cwd, args.values.output);
  const schemaDirs = schemaFolders(io.cwd, args.values.schemas ?? []);
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
  renderLimits(args.values['render-timeout'], io.env); // a bad --render-timeout is a usage error before anything runs
  const schema = await selectSchemaEngine(backend, io.env, (line) => io.err(`${line}\n`));
  try {
    return await runValidate(args, io, { format, rules, output, schemaDirs, files, schema });
  } finally {
    await schema.engine.close?.();
  }
}

interface ValidateRun {
  format: string;
  rules: RuleSelection;
  output: string | undefined;
  schemaDirs: string[];
  files: string[];
  schema: SchemaChoice;
}

async function runValidate(args: CliArgs, io: CommandIo, run: ValidateRun): Promise<number> {
  const { format, rules, output, schemaDirs, files, schema } = run;
  // One line per kustomization as it finishes, on stderr (terminal or CI log alike): a long run is never silent.
  const progress = !args.values.quiet;
  // Like gate: the repository is where environments.yaml is, searching up; run inside an overlay
  // folder without arguments, validate checks that overlay. Files mode reads a spec only beside it.
  const repoRoot = files.length > 0 ? io.cwd : (findRepoRoot(io.cwd) ?? io.cwd);
  for (const file of files) {
    // -f overlays/prod checks the overlay's patches as whole objects, which they are not: say what renders it
    if (file !== '-' && (await hasKustomization(resolve(io.cwd, file))))
      io.err(
        `note: -f ${file} holds a kustomization: files mode checks each of its files as a whole object, so a patch in it fails as one; \`consul-gitops validate ${file}\` renders the kustomization first\n`,
      );
  }
  const here =
    files.length === 0 && args.positionals.length === 0 && resolve(io.cwd) !== resolve(repoRoot) && (await hasKustomization(io.cwd))
      ? [io.cwd]
      : [];
  const result = await validate({
    repoRoot,
    schema,
    schemaOptions: { schemaDirs, ignoreMissingSchemas: args.values['ignore-missing-schemas'] ?? false },
    rules,
    ...(io.generateCache ? { generateCache: io.generateCache } : {}),
    ...(progress
      ? { onOverlay: (overlay: { path: string; ok: boolean }) => io.err(`  checked ${overlay.path}: ${overlay.ok ? 'ok' : 'FAILED'}\n`) }
      : {}),
    ...(files.length > 0
      ? { files: await readManifestInputs(io.cwd, files, io.readStdin ?? readProcessStdin) }
      : {
          dirs: [...here, ...args.positionals.map((dir) => resolve(io.cwd, dir))],
          kustomize: await kustomizeFor({
            ...(args.values.kustomize ? { kustomize: args.values.kustomize } : {}),
            ...(args.values['render-timeout'] ? { renderTimeout: args.values['render-timeout'] } : {}),
            env: io.env,
          }),
        }),
  });
  const columns = Number(io.env.COLUMNS);
  const width = Number.isInteger(columns) && columns >= 60 && columns <= 400 ? { width: columns } : {};
  const { text, summary } = report(result, format, { ...width, tool: toolsPackage() });
  if (output) await io.writeFile(output, text);
  else io.out(text);
  return summary.errors > 0 ? EXIT.findings : EXIT.clean;
}

async function readProcessStdin(): Promise<string> {
  if (process.stdin.isTTY)
    throw new UsageError(
      '-f - reads manifests from standard input, but it is a terminal: pipe them in (kubectl get ... -o yaml | consul-gitops validate -f -)',
    );
  const idleMs = stdinTimeoutMs(process.env);
  return new Promise<string>((resolvePromise, rejectPromise) => {
    const chunks: Buffer[] = [];
    let timer: NodeJS.Timeout | undefined;
    const finish = (error?: Error): void => {
      clearTimeout(timer);
      process.stdin.removeAllListeners('data').removeAllListeners('end').removeAllListeners('error');
      if (error) {
        // the stream stays open otherwise and keeps the process alive after the message
        process.stdin.destroy();
        rejectPromise(error);
      } else resolvePromise(Buffer.concat(chunks).toString('utf8'));
    };
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(
        () =>
          finish(
            new UsageError(
              `-f -: standard input sent nothing for ${idleMs / 1000} s and was not closed; pipe a finished stream in, or save it to a file (${STDIN_TIMEOUT_ENV} sets the limit in seconds)`,
            ),
          ),
        idleMs,
      );
    };
    arm();
    process.stdin.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      arm();
    });
    process.stdin.on('end', () => finish());
    process.stdin.on('error', (error) => finish(new UsageError(`-f -: standard input cannot be read (${error.message})`)));
  });
}

const STDIN_TIMEOUT_ENV = 'CONSUL_GITOPS_STDIN_TIMEOUT';

/** How long standard input may stay silent: CONSUL_GITOPS_STDIN_TIMEOUT seconds, else 60. */
function stdinTimeoutMs(env: NodeJS.ProcessEnv): number {
  const value = env[STDIN_TIMEOUT_ENV]?.trim();
  if (value === undefined || value === '') return 60_000;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 86_400)
    throw new UsageError(`${STDIN_TIMEOUT_ENV} must be a whole number of seconds from 1 to 86400 (got "${value}")`);
  return Number(value) * 1000;
}
