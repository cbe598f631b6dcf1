import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { EXIT, render, kustomizeFor, UsageError } from '../../index.js';
import type { CliArgs } from '../args.js';
import type { CommandIo } from '../io.js';
import { outputPath } from '../output-path.js';

/** Print one render exactly as kustomize produces it (no origin annotations: those are only for checks). */
export async function renderCommand(args: CliArgs, io: CommandIo): Promise<number> {
  const [dir, ...extra] = args.positionals;
  if (!dir || extra.length > 0) throw new UsageError('usage: consul-gitops render DIR [--output FILE]');
  const file = args.values.output === undefined ? undefined : outputPath(io.cwd, args.values.output, { createFolders: true });
  const kustomize = await kustomizeFor({
    ...(args.values.kustomize ? { kustomize: args.values.kustomize } : {}),
    ...(args.values['render-timeout'] ? { renderTimeout: args.values['render-timeout'] } : {}),
    env: io.env,
  });
  const yaml = await render(dir, { cwd: io.cwd, kustomize });
  if (file) {
    await mkdir(dirname(file), { recursive: true });
    await io.writeFile(file, yaml);
  } else io.out(yaml);
  return EXIT.clean;
}
