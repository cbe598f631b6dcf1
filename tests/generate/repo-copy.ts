/** A temporary copy of the generated tree (spec, base/, overlays/, argocd/) to run the CLI in. */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { CLI_ARGV, REPO_ROOT } from '../helpers/repo.js';

export const COPIED = ['environments.yaml', 'environments.schema.json', 'base', 'overlays', 'argocd'] as const;

export interface RepoCopy {
  dir: string;
  read(path: string): Promise<string>;
  write(path: string, text: string): Promise<void>;
  run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  remove(): Promise<void>;
}

export async function repoCopy(): Promise<RepoCopy> {
  const dir = await mkdtemp(join(tmpdir(), 'consul-gitops-generate-'));
  for (const path of COPIED) await cp(join(REPO_ROOT, path), join(dir, path), { recursive: true }).catch(() => undefined);
  return {
    dir,
    read: (path) => readFile(join(dir, path), 'utf8'),
    write: (path, text) => writeFile(join(dir, path), text),
    async run(args) {
      // the CLI finds environments.yaml, base/ and overlays/ in its working directory
      const result = await execa('node', [...CLI_ARGV, ...args], {
        cwd: dir,
        reject: false,
        stripFinalNewline: false,
        env: { CI: 'true' },
      });
      return { code: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
