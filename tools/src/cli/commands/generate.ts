import { resolve } from 'node:path';
import { SpecError, UsageError } from '../../model/errors.js';
import { EXIT } from '../../model/exit-code.js';
import { unifiedDiff } from '../../generate/diff.js';
import { generate } from '../../generate/index.js';
import { findLocalComponents, LocalComponentError } from '../../generate/local-components.js';
import { planTree, type TreeChange } from '../../generate/tree.js';
import { applyTree } from '../../generate/write.js';
import { loadSpec, SPEC_FILE } from '../../spec/load.js';
import type { CliArgs } from '../args.js';
import type { CommandIo } from '../io.js';

const VERB = { create: 'created', update: 'updated', remove: 'removed' } as const;
const WOULD = { create: 'would be created', update: 'differs', remove: 'would be removed' } as const;

function counts(changes: readonly TreeChange[], words: Record<TreeChange['kind'], string>): string {
  return (['update', 'create', 'remove'] as const).map((kind) => `${changes.filter((change) => change.kind === kind).length} ${words[kind]}`).join(', ');
}

/** `generate`: write the tree from environments.yaml; `generate --check`: write nothing, print the diff, exit 1 on drift. */
export async function generateCommand(args: CliArgs, io: CommandIo): Promise<number> {
  if (args.positionals.length > 0) {
    throw new UsageError(`generate takes no arguments (got "${args.positionals.join(' ')}"): run it from the repository root, where ${SPEC_FILE} is`);
  }
  const spec = await loadSpec(resolve(io.cwd, SPEC_FILE)).catch((error: unknown) => {
    const missing = error instanceof SpecError && error.problems.length === 1 && error.problems[0]?.path === '(file)' && error.problems[0].message.startsWith('not found');
    if (missing) throw new UsageError(`no ${SPEC_FILE} in ${io.cwd}: run generate from the repository root (see README, "Adding an environment")`);
    throw error;
  });
  let localComponents: Set<string>;
  try {
    localComponents = await findLocalComponents(io.cwd, spec.environments.map((env) => env.name));
  } catch (error) {
    if (!(error instanceof LocalComponentError)) throw error;
    io.err(`consul-gitops: ${error.message}\n`);
    return EXIT.findings;
  }
  const files = generate(spec, { localComponents });
  const changes = await planTree(io.cwd, files);

  if (args.values.check) {
    if (changes.length === 0) {
      io.out(`generate --check: all ${files.size} generated files are current with ${SPEC_FILE}\n`);
      return EXIT.clean;
    }
    io.out(changes.map((change) => unifiedDiff(change.path, change.before, change.after)).join(''));
    io.err(
      `generate --check: ${changes.length} file(s) out of date with ${SPEC_FILE} (${counts(changes, WOULD)}): run \`npx consul-gitops generate\` and commit the result\n`,
    );
    return EXIT.findings;
  }

  await applyTree(io.cwd, changes);
  if (changes.length === 0) io.out(`generate: all ${files.size} generated files are current, nothing written\n`);
  else io.out(`generate: ${counts(changes, VERB)} (of ${files.size} generated files):\n${changes.map((change) => `  ${VERB[change.kind]} ${change.path}`).join('\n')}\n`);
  return EXIT.clean;
}
