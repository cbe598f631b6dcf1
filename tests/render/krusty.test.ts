/**
 * The krusty server protocol as render/krusty.ts speaks it: one request line (the directory and cwd as JSON) in, one
 * answer out (`krusty <exit> <stdout bytes> <stderr bytes>`, then both texts). Small shell servers stand in for
 * tools/go/krusty (which Stryker's sandbox does not have, and which cannot be made to die, hang or talk nonsense on
 * demand); the real server is held equal to the kustomize CLI by the parity tests of tests/render.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildWithKrusty } from '../../tools/src/render/krusty.js';

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'krusty-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let count = 0;
/** A server: a shell script that runs `body` for each request line in $line (each test its own, so its own pool). */
function server(body: string, before = ''): string {
  const path = join(scratch, `server-${(count += 1)}`);
  writeFileSync(path, `#!/bin/sh\n${before}\nwhile IFS= read -r line; do\n${body}\ndone\n`);
  chmodSync(path, 0o755);
  return path;
}

const NO_CAP = { timeoutMs: 10_000, memoryMiB: 0 };
/** Answer `out` on stdout and `err` on stderr with exit code `code`. */
const answer = (code: number, out: string, err: string): string =>
  `out="${out}"; err="${err}"; printf 'krusty ${code} %d %d\\n%s%s' "\${#out}" "\${#err}" "$out" "$err"`;

/** The promise's value, or a failure naming the wait when it takes longer than `ms`. */
const within = <T>(ms: number, promise: Promise<T>): Promise<T> =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms))]);

describe('buildWithKrusty', () => {
  it("returns the server's answer as the CLI's result: its output, its request, the collector setting", async () => {
    const echo = server(answer(0, '$$ $GOGC $line', ''));
    const result = await buildWithKrusty(echo, '/some/overlay', NO_CAP);
    const [pid, gogc, ...request] = (result?.stdout ?? '').split(' ');
    expect(result).toMatchObject({ exitCode: 0, stderr: '', timedOut: false, failed: false, notFound: false, message: '' });
    expect(Number(pid)).toBeGreaterThan(0);
    expect(gogc).toBe(process.env.GOGC ?? '200');
    expect(JSON.parse(request.join(' '))).toEqual({ dir: '/some/overlay', cwd: process.cwd() });
  });

  it('keeps a server for the next build, up to one per core at once, each building one at a time', async () => {
    const slow = server(`sleep 0.2; ${answer(0, '$$', '')}`);
    const first = await buildWithKrusty(slow, 'a', NO_CAP);
    const second = await buildWithKrusty(slow, 'b', NO_CAP);
    expect(second?.stdout).toBe(first?.stdout);
    const many = await Promise.all(
      Array.from({ length: availableParallelism() + 2 }, (_, index) => buildWithKrusty(slow, String(index), NO_CAP)),
    );
    expect(many.every((result) => result?.exitCode === 0)).toBe(true);
    expect(new Set(many.map((result) => result?.stdout)).size).toBeLessThanOrEqual(Math.max(1, availableParallelism()));
  });

  it("a failed build is the CLI's failure: exit code, stderr, and the message of a failed command", async () => {
    const failing = server(answer(1, '', 'Error: accumulating resources'));
    expect(await buildWithKrusty(failing, 'a', NO_CAP)).toEqual({
      exitCode: 1,
      stdout: '',
      stderr: 'Error: accumulating resources',
      timedOut: false,
      failed: true,
      notFound: false,
      message: 'Command failed with exit code 1',
    });
  });

  it('reads an answer that arrives in pieces, and both texts of it', async () => {
    const pieces = server(`printf 'krusty 0 5 '; sleep 0.1; printf '4\\nhel'; sleep 0.1; printf 'lowarn'`);
    expect(await buildWithKrusty(pieces, 'a', NO_CAP)).toMatchObject({ exitCode: 0, stdout: 'hello', stderr: 'warn', failed: false });
  });

  it('two answers in one piece each go to their own build', async () => {
    const pipelined = server(answer(0, 'one', ''), `read -r first; ${answer(0, 'zero', '')}`);
    expect((await buildWithKrusty(pipelined, 'a', NO_CAP))?.stdout).toBe('zero');
    expect((await buildWithKrusty(pipelined, 'b', NO_CAP))?.stdout).toBe('one');
  });

  it('a server that does not speak the protocol, or dies, answers nothing (the CLI builds instead); the next build starts a new one', async () => {
    const nonsense = server(`echo "hello from $$"`);
    expect(await buildWithKrusty(nonsense, 'a', NO_CAP)).toBeUndefined();
    const dies = server('exit 0', `echo "$$" >> ${join(scratch, 'started')}`);
    expect(await buildWithKrusty(dies, 'a', NO_CAP)).toBeUndefined();
    expect(await buildWithKrusty(dies, 'b', NO_CAP)).toBeUndefined();
    expect(readFileSync(join(scratch, 'started'), 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('a build past the time limit is a timeout, and that server is not used again', async () => {
    const hangs = server('sleep 30', `echo "$$" >> ${join(scratch, 'hanging')}`);
    const started = performance.now();
    expect(await buildWithKrusty(hangs, 'a', { timeoutMs: 200, memoryMiB: 0 })).toEqual({
      exitCode: undefined,
      stdout: '',
      stderr: '',
      timedOut: true,
      failed: true,
      notFound: false,
      message: 'timed out',
    });
    expect(performance.now() - started).toBeLessThan(5000);
    await buildWithKrusty(hangs, 'b', { timeoutMs: 200, memoryMiB: 0 });
    expect(readFileSync(join(scratch, 'hanging'), 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('runs the server under the memory cap', async () => {
    const limit = server(answer(0, '$(ulimit -d)', ''));
    expect((await buildWithKrusty(limit, 'a', { timeoutMs: 10_000, memoryMiB: 64 }))?.stdout).toBe('65536');
  });

  it('servers that ended while idle are not used again, nor counted: the next build starts a new one and gets its answer', async () => {
    const once = join(scratch, `server-${(count += 1)}`);
    writeFileSync(once, `#!/bin/sh\nIFS= read -r line\n${answer(0, '$$', '')}\n`);
    chmodSync(once, 0o755);
    // as many as may run at once, each answering one build and ending
    const first = await Promise.all(Array.from({ length: Math.max(1, availableParallelism()) }, () => buildWithKrusty(once, 'a', NO_CAP)));
    expect(first.every((result) => result?.exitCode === 0)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const second = await within(3000, buildWithKrusty(once, 'b', NO_CAP));
    expect(second).toMatchObject({ exitCode: 0 });
    expect(first.map((result) => result?.stdout)).not.toContain(second?.stdout);
  });

  it('a build waiting for a server gets a new one when a busy server times out', async () => {
    const log = join(scratch, 'waiting');
    const mixed = server(`case $line in *hang*) sleep 30 ;; *) ${answer(0, 'built', '')} ;; esac`, `echo "$$" >> ${log}`);
    const servers = Math.max(1, availableParallelism());
    const results = await within(
      5000,
      Promise.all([
        ...Array.from({ length: servers }, () => buildWithKrusty(mixed, 'hang', { timeoutMs: 300, memoryMiB: 0 })),
        buildWithKrusty(mixed, 'waits', NO_CAP),
      ]),
    );
    expect(results.slice(0, servers).every((result) => result?.timedOut)).toBe(true);
    expect(results[servers]).toMatchObject({ exitCode: 0, stdout: 'built' });
    expect(readFileSync(log, 'utf8').trim().split('\n')).toHaveLength(servers + 1);
  });
});

describe('the collector setting of a server', () => {
  afterEach(() => vi.unstubAllEnvs());

  it("GOGC of the environment wins over the server's default", async () => {
    vi.stubEnv('GOGC', '50');
    const echo = server(answer(0, '$GOGC', ''));
    expect((await buildWithKrusty(echo, 'a', NO_CAP))?.stdout).toBe('50');
  });

  it('without GOGC in the environment, 200', async () => {
    vi.stubEnv('GOGC', undefined);
    const echo = server(answer(0, '${GOGC-unset}', ''));
    expect((await buildWithKrusty(echo, 'a', NO_CAP))?.stdout).toBe('200');
  });
});

/** How many child processes keep this process (or worker thread) alive: a server holds it only while it builds. */
const holding = (): number => process.getActiveResourcesInfo().filter((resource) => resource === 'ProcessWrap').length;

/** Resolves once no child process holds this one (the servers other tests killed are gone), or fails after `ms`. */
async function released(ms = 3000): Promise<void> {
  for (const until = performance.now() + ms; holding() > 0; await new Promise((resolve) => setTimeout(resolve, 20)))
    if (performance.now() > until) throw new Error(`${holding()} child processes still hold this one after ${ms} ms`);
}

/** Resolves once `file` holds `lines` lines, or fails after `ms`. */
async function lines(file: string, count: number, ms = 3000): Promise<string[]> {
  const until = performance.now() + ms;
  for (;;) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      // not written yet
    }
    const found = text.trim() === '' ? [] : text.trim().split('\n');
    if (found.length >= count) return found;
    if (performance.now() > until) throw new Error(`${file}: ${found.length} of ${count} lines after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the life of a server', () => {
  it('holds this process while it builds, and lets it exit while it idles', async () => {
    const slow = server(`sleep 0.3; ${answer(0, 'built', '')}`);
    await released();
    const build = buildWithKrusty(slow, 'a', NO_CAP);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(holding()).toBe(1);
    expect((await build)?.stdout).toBe('built');
    expect(holding()).toBe(0);
  });

  it('starts the server with no arguments, with the memory cap and without', async () => {
    const args = server(answer(0, '$#', ''));
    expect((await buildWithKrusty(args, 'a', NO_CAP))?.stdout).toBe('0');
    expect((await buildWithKrusty(args, 'a', { timeoutMs: 10_000, memoryMiB: 64 }))?.stdout).toBe('0');
  });

  it('an idle server that says something outside the protocol is not used again, even while its output is still open', async () => {
    // a process of another session keeps the server's output open for 3 s after the server is killed
    const chatty = server(`${answer(0, '$$', '')}; (sleep 0.2; echo garbage) &`, 'setsid sleep 3 &');
    const first = await buildWithKrusty(chatty, 'a', NO_CAP);
    expect(first).toMatchObject({ exitCode: 0 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const second = await within(1500, buildWithKrusty(chatty, 'b', NO_CAP));
    expect(second).toMatchObject({ exitCode: 0 });
    expect(second?.stdout).not.toBe(first?.stdout);
  });

  it('the next answer of the same server is read after one with both texts', async () => {
    const both = server(answer(0, 'out', 'warn'));
    expect(await buildWithKrusty(both, 'a', NO_CAP)).toMatchObject({ exitCode: 0, stdout: 'out', stderr: 'warn' });
    expect(await buildWithKrusty(both, 'b', NO_CAP)).toMatchObject({ exitCode: 0, stdout: 'out', stderr: 'warn' });
  });

  it('an answer that starts with an empty line is not the protocol: no result at once, not at the time limit', async () => {
    const blank = server(`echo; sleep 30`);
    const started = performance.now();
    expect(await buildWithKrusty(blank, 'a', { timeoutMs: 5000, memoryMiB: 0 })).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('when the run has nothing left to do (beforeExit), the idle servers end through their stdin, held for until they are gone, and no longer count', async () => {
    const log = join(scratch, 'ended');
    const path = join(scratch, `server-${(count += 1)}`);
    writeFileSync(path, `#!/bin/sh\nwhile IFS= read -r line; do\n${answer(0, '$$', '')}\ndone\necho "$$" >> ${log}\n`);
    chmodSync(path, 0o755);
    const servers = Math.max(1, availableParallelism());
    await released();
    const first = await Promise.all(Array.from({ length: servers }, () => buildWithKrusty(path, 'a', NO_CAP)));
    expect(new Set(first.map((result) => result?.stdout)).size).toBe(servers);
    // one listener for the whole process, however many servers and pools
    const listeners = process.listeners('beforeExit').filter((listener) => listener.name === 'closeIdleServers');
    expect(listeners).toHaveLength(1);
    expect(holding()).toBe(0);
    // it ends every idle server of every pool, the other tests' too
    listeners[0]!(0);
    expect(holding()).toBeGreaterThanOrEqual(servers);
    expect((await lines(log, servers)).sort()).toEqual(first.map((result) => result?.stdout).sort());
    await released();
    // the ended servers no longer count against the limit: a new one builds at once
    const next = await within(3000, buildWithKrusty(path, 'b', NO_CAP));
    expect(first.map((result) => result?.stdout)).not.toContain(next?.stdout);
  });
});
