/** A temporary git repository for in-process tests of diff (tests/pipeline/diff, tests/cli/commands/diff). */
import { execFileSync } from 'node:child_process';
import { tempRepo } from './pipeline-repo.js';

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};

/** Run git in `cwd`; its stdout, trimmed. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    env: { ...process.env, ...GIT_ENV },
  })
    .toString()
    .trim();
}

/** A repository holding `files` in one commit. */
export async function committedRepo(files: Record<string, string>): Promise<string> {
  const root = await tempRepo(files);
  git(root, 'init', '-q');
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'base');
  return root;
}
