/**
 * Issue 23, attack 9: a remote base on a server that accepts and never answers. The gate must end at
 * its render timeout, and no `git` that kustomize started may outlive it (child-process.ts kills the
 * kustomize process group, which holds git). The base is allowed by remoteBases, so kustomize runs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoCopy, type RepoCopy } from '../generate/repo-copy.js';
import { pinnedKustomize } from '../helpers/go-tools.js';
import { CLI, unwrapped } from '../helpers/repo.js';

const pinned = await pinnedKustomize();
let server: Server;
let port: number;
const sockets: Socket[] = [];
let repo: RepoCopy;

/** Processes whose command line names the silent server. */
function processesNaming(text: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const command = readFileSync(join('/proc', pid, 'cmdline'), 'utf8')
        .split('\0')
        .join(' ');
      if (command.includes(text)) found.push(`${pid}: ${command}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

beforeAll(async () => {
  server = createServer((socket) => void sockets.push(socket)); // accept, never answer
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
  repo = await repoCopy();
  await repo.write('environments.yaml', `${await repo.read('environments.yaml')}remoteBases:\n  - https://127.0.0.1:${port}/org/\n`);
  const file = 'overlays/dev/kustomization.yaml';
  const remote = `https://127.0.0.1:${port}/org/repo//base?ref=3f2c8a1d9b7e6f5a4c3b2a1908f7e6d5c4b3a291`;
  await repo.write(file, (await repo.read(file)).replace(/^resources:\n/m, `resources:\n  - ${remote}\n`));
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  server?.close();
  await repo?.remove();
});

describe.skipIf(!pinned || process.platform !== 'linux')('a remote base on a silent server', () => {
  it('ends the gate at the render timeout and leaves no git behind', async () => {
    const started = performance.now();
    const result = await execa('node', [CLI, 'gate'], {
      cwd: join(repo.dir, 'overlays/dev'),
      reject: false,
      timeout: 60_000,
      env: { CI: 'true', CONSUL_GITOPS_RENDER_TIMEOUT: '3', GIT_TERMINAL_PROMPT: '0' },
    });
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(result.exitCode).not.toBe(0);
    expect(String(result.stdout)).toBe('');
    expect(unwrapped(String(result.stderr))).toMatch(/timed out after 3 s .*a remote base on a server that does not answer/);
    let left = processesNaming(`127.0.0.1:${port}`);
    for (let waited = 0; left.length > 0 && waited < 3000; waited += 100) {
      await sleep(100);
      left = processesNaming(`127.0.0.1:${port}`);
    }
    expect(left).toEqual([]);
  }, 70_000);
});
