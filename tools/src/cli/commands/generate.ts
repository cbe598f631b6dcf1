import { resolve } from 'node:path';
import { SpecFileMissingError, UsageError } from '../../model/errors.js';
import { EXIT } from '../../model/exit-code.js';
import { unifiedDiff } from '../../generate/diff.js';
import { generate } from '../../generate/index.js';
import { findLocalComponents, LocalComponentError } from '../../generate/local-components.js';
import { handWrittenConflicts, planTree, type TreeChange } from '../../generate/tree.js';
import { acquireLock, busyError, findLeftovers, LOCK_FILE, readLock, removeLeftovers } from '../../generate/workspace.js';
import { applyTree } from '../../generate/write.js';
import { loadSpec, SPEC_FILE } from '../../environments/load.js';
import type { Spec } from '../../environments/types.js';
import { displayFile, isBlocking } from '../../model/finding.js';
import { kustomizeFor, localComponentFindings } from '../../index.js';
import type { CliArgs } from '../args.js';
import type { CommandIo } from '../io.js';

const VERB = { create: 'created', update: 'updated', remove: 'removed' } as const;
const WOULD = { create: 'would be created', update: 'differs', remove: 'would be removed' } as const;

function counts(changes: readonly TreeChange[], words: Record<TreeChange['kind'], string>): string {
  return (['update', 'create', 'remove'] as const)
    .map((kind) => `${changes.filter((change) => change.kind === kind).length} ${words[kind]}`)
    .join(', ');
}

function listed(paths: readonly string[], max = 5): string {
  return `${paths.slice(0, max).join(', ')}${paths.length > max ? `, and ${paths.length - max} more` : ''}`;
}

/**
 * `generate`: write the tree from environments.yaml, holding the lock; `generate --check`: write
 * nothing, print the diff, exit 1 on drift or on leftovers of an interrupted run.
 * Either way a hand-written file where generate writes stops the run with exit 1.
 */
export async function generateCommand(args: CliArgs, io: CommandIo): Promise<number> {
  if (args.positionals.length > 0) {
    throw new UsageError(
      `generate takes no arguments (got "${args.positionals.join(' ')}"): run it from the repository root, where ${SPEC_FILE} is`,
    );
  }
  const spec = await loadSpec(resolve(io.cwd, SPEC_FILE)).catch((error: unknown) => {
    if (error instanceof SpecFileMissingError)
      throw new UsageError(
        `no ${SPEC_FILE} in ${io.cwd}: run generate from the repository root (see docs/guide.md, "Adding an environment")`,
      );
    throw error;
  });
  let localComponents: Set<string>;
  try {
    localComponents = await findLocalComponents(
      io.cwd,
      spec.environments.map((env) => env.name),
    );
  } catch (error) {
    if (!(error instanceof LocalComponentError)) throw error;
    io.err(`consul-gitops: ${error.message}\n`);
    return EXIT.findings;
  }
  const files = generate(spec, { localComponents });
  if (args.values.check) {
    const code = await check(io, files);
    return (await checkLocalComponents(args, io, spec, localComponents)) ? code : EXIT.findings;
  }

  const lock = await acquireLock(io.cwd);
  try {
    if (lock.note) io.err(`generate: ${lock.note}\n`);
    const leftovers = await findLeftovers(io.cwd);
    await removeLeftovers(io.cwd, leftovers);
    if (leftovers.length > 0) {
      io.err(`generate: removed ${leftovers.length} temporary file(s) left by an interrupted generate (${listed(leftovers)})\n`);
    }
    const changes = await planTree(io.cwd, files);
    const conflicts = handWrittenConflicts(changes);
    if (conflicts.length > 0) {
      io.err(conflicts.map((line) => `consul-gitops: ${line}\n`).join(''));
      return EXIT.findings;
    }
    await applyTree(io.cwd, changes);
    if (changes.length === 0) io.out(`generate: all ${files.size} generated files are current, nothing written\n`);
    else
      io.out(
        `generate: ${counts(changes, VERB)} (of ${files.size} generated files):\n${changes.map((change) => `  ${VERB[change.kind]} ${change.path}`).join('\n')}\n`,
      );
    return EXIT.clean;
  } finally {
    await lock.release();
  }
}

/**
 * The overlays with a hand-written local/ component, rendered and held to their environment's model:
 * a component may add and change fields, never delete, relabel or re-image a generated object.
 * True when every one passes (or there is none).
 */
async function checkLocalComponents(args: CliArgs, io: CommandIo, spec: Spec, environments: ReadonlySet<string>): Promise<boolean> {
  if (environments.size === 0) return true;
  const kustomize = await kustomizeFor({
    ...(args.values.kustomize ? { kustomize: args.values.kustomize } : {}),
    ...(args.values['render-timeout'] ? { renderTimeout: args.values['render-timeout'] } : {}),
    env: io.env,
  });
  const findings = (await localComponentFindings(io.cwd, spec, environments, kustomize)).filter(isBlocking);
  for (const finding of findings) {
    const where = finding.resource ? ` ${finding.resource.kind}/${finding.resource.name}` : '';
    io.err(
      `generate --check: ${finding.location ? displayFile(finding.location) : 'overlays'}: ${finding.rule}${where}: ${finding.message}\n`,
    );
  }
  if (findings.length > 0)
    io.err(
      `generate --check: ${findings.length} problem(s) in hand-written local/ components: a component may add objects and change fields, never delete, relabel or re-image what environments.yaml generates\n`,
    );
  return findings.length === 0;
}

async function check(io: CommandIo, files: ReadonlyMap<string, string>): Promise<number> {
  const lock = await readLock(io.cwd);
  if (lock.live && lock.owner) throw busyError(lock.owner);
  const changes = await planTree(io.cwd, files);
  const conflicts = handWrittenConflicts(changes);
  if (conflicts.length > 0) {
    io.err(conflicts.map((line) => `consul-gitops: ${line}\n`).join(''));
    return EXIT.findings;
  }
  const leftovers = [...(lock.present ? [LOCK_FILE] : []), ...(await findLeftovers(io.cwd))];
  if (leftovers.length > 0) {
    io.err(
      `generate --check: ${leftovers.length} file(s) left by an interrupted generate (${listed(leftovers)}): run \`npx consul-gitops generate\`, which removes them and finishes the job\n`,
    );
  }
  if (changes.length === 0 && leftovers.length === 0) {
    io.out(`generate --check: all ${files.size} generated files are current with ${SPEC_FILE}\n`);
    return EXIT.clean;
  }
  if (changes.length === 0) return EXIT.findings;
  io.out(changes.map((change) => unifiedDiff(change.path, change.before, change.after)).join(''));
  io.err(
    `generate --check: ${changes.length} file(s) out of date with ${SPEC_FILE} (${counts(changes, WOULD)}): run \`npx consul-gitops generate\` and commit the result\n`,
  );
  return EXIT.findings;
}
