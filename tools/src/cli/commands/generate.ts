import { resolve } from 'node:path';
import { EXIT } from '../../model/exit-code.js';
import { generate } from '../../generate/index.js';
import { writeTree } from '../../generate/write.js';
import { loadSpec, SPEC_FILE } from '../../spec/load.js';
import type { CliArgs } from '../args.js';
import type { CommandIo } from '../io.js';

export async function generateCommand(args: CliArgs, io: CommandIo): Promise<number> {
  const spec = await loadSpec(resolve(io.cwd, SPEC_FILE));
  const files = generate(spec);
  const changed = await writeTree(io.cwd, files);
  io.out(changed.length === 0 ? `generate: ${files.size} files, all current\n` : `generate: wrote ${changed.length} of ${files.size} files:\n${changed.map((path) => `  ${path}`).join('\n')}\n`);
  return EXIT.clean;
}
