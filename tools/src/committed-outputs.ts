/**
 * Edge: build outputs and caches never come from the repository. The folders below are written by the build and the
 * runs and then trusted as they are: the Go tools and their stamp (tools/go/bin: a stamp that matches skips the
 * build, and the CLI runs the kustomize found there), kubeconform's schema layout (tools/.cache), the compiled tools
 * (tools/dist) and Nx's cache (.nx, whose entries Nx replays instead of running a target). They are git-ignored, but a
 * pull request can still commit files there (`git add -f`), and a change that only adds files must not be able to
 * run a program in CI or replay a passing result. `npm ci` (go-tools, through `prepare`) refuses such a checkout.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runChild } from './child-process.js';
import { EnvironmentError } from './model/errors.js';

/** Folders of build outputs and caches, relative to the repository root. */
export const OUTPUT_FOLDERS = ['tools/dist', 'tools/go/bin', 'tools/.cache', '.nx'] as const;

/**
 * The files git tracks under the output folders of the repository at `root`, root-relative. None outside a git
 * checkout (no `.git` at the root: an npm package or a copied tree has no pull request to come from). A checkout git
 * cannot read is an EnvironmentError, never a pass.
 */
export async function committedOutputs(root: string): Promise<string[]> {
  if (!existsSync(join(root, '.git'))) return [];
  const listed = await runChild('git', ['ls-files', '-z', '--', ...OUTPUT_FOLDERS], { cwd: root, timeoutMs: 60_000 });
  if (listed.failed) {
    const detail = listed.stderr.trim().split('\n')[0] || listed.message;
    throw new EnvironmentError(
      `cannot list the files git tracks in ${root} (git ls-files: ${detail}); the build outputs of a checkout must be checked`,
    );
  }
  return listed.stdout.split('\0').filter(Boolean).sort();
}

/** The message for committed output files: each file, and what to do. */
export function committedOutputsMessage(files: readonly string[]): string {
  const shown = files.slice(0, 10).map((file) => `  ${file}`);
  if (files.length > shown.length) shown.push(`  ... and ${files.length - shown.length} more`);
  return [
    `${files.length} file(s) under the build output and cache folders (${OUTPUT_FOLDERS.join(', ')}) are committed to the repository:`,
    ...shown,
    'The tools write and trust these folders, so they are never taken from a checkout (a committed kustomize or stamp would run in CI).',
    `Remove them from git: git rm -r --cached ${OUTPUT_FOLDERS.join(' ')}`,
  ].join('\n');
}
