import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { discoverOverlays } from '../../discover.js';
import { UsageError } from '../../model/errors.js';
import { EXIT } from '../../model/exit-code.js';
import { resolveKustomize } from '../../render/kustomize-binary.js';
import { renderLimits } from '../../render/limits.js';
import { renderKustomization } from '../../render/render.js';
import type { CliArgs } from '../args.js';
import type { CommandIo } from '../io.js';
import { outputPath } from '../output-path.js';

/** Print one render exactly as kustomize produces it (no origin annotations: those are only for checks). */
export async function renderCommand(args: CliArgs, io: CommandIo): Promise<number> {
  const [dir, ...extra] = args.positionals;
  if (!dir || extra.length > 0) throw new UsageError('usage: consul-gitops render DIR [--output FILE]');
  const file = args.values.output === undefined ? undefined : outputPath(io.cwd, args.values.output, { createFolders: true });
  const [target = dir] = await discoverOverlays(io.cwd, [resolve(io.cwd, dir)]);
  const kustomize = { ...(await resolveKustomize({ ...(args.values.kustomize ? { flag: args.values.kustomize } : {}), env: io.env })), limits: renderLimits(args.values['render-timeout'], io.env) };
  const rendered = await renderKustomization(kustomize, target);
  if (file) {
    await mkdir(dirname(file), { recursive: true });
    await io.writeFile(file, rendered.yaml);
  } else io.out(rendered.yaml);
  return EXIT.clean;
}
