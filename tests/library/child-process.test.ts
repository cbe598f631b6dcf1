/**
 * The one way the tools start a child (tools/src/child-process.ts), in process on small real commands: what a
 * result says for success, failure, a missing program and a timeout, and a streaming child's pipes and end.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { runChild, startChild } from '../../tools/src/child-process.js';

const sh = (script: string): [string, string[]] => ['/bin/sh', ['-c', script]];

describe('runChild', () => {
  it('returns the output of a child that succeeds, the final newline stripped', async () => {
    expect(await runChild(...sh('echo out; echo err >&2'), { timeoutMs: 10_000 })).toEqual({
      exitCode: 0,
      stdout: 'out',
      stderr: 'err',
      timedOut: false,
      failed: false,
      notFound: false,
      message: expect.any(String) as unknown,
    });
  });

  it('keeps the final newline when asked', async () => {
    expect((await runChild(...sh('echo out'), { timeoutMs: 10_000, stripFinalNewline: false })).stdout).toBe('out\n');
  });

  it('says a child that exits non-zero failed, with its exit code and a message naming the command', async () => {
    const result = await runChild(...sh('echo partial; exit 3'), { timeoutMs: 10_000 });
    expect(result).toMatchObject({ exitCode: 3, stdout: 'partial', failed: true, timedOut: false, notFound: false });
    expect(result.signal).toBeUndefined();
    expect(result.message).toMatch(/exit code 3/);
  });

  it('says a program that does not exist was not found, without throwing', async () => {
    const result = await runChild('/nonexistent/consul-gitops-no-such-program', [], { timeoutMs: 10_000 });
    expect(result).toMatchObject({ failed: true, notFound: true, timedOut: false, stdout: '', stderr: '' });
    expect(result.message).toMatch(/ENOENT/);
  });

  it('kills a child at its time limit and says it timed out', async () => {
    const started = Date.now();
    const result = await runChild(...sh('echo started; sleep 20'), { timeoutMs: 200 });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result).toMatchObject({ timedOut: true, failed: true, notFound: false, signal: 'SIGKILL' });
    expect(result.exitCode).toBeUndefined();
  });

  it('runs in the given folder with exactly the given environment', async () => {
    const result = await runChild(...sh('pwd; echo "[$ONLY][$HOME]"'), { timeoutMs: 10_000, cwd: '/tmp', env: { ONLY: 'this' } });
    expect(result.stdout).toBe('/tmp\n[this][]');
  });

  it('inherits the environment and folder of this process when none is given', async () => {
    const result = await runChild(...sh('pwd; echo "$PATH"'), { timeoutMs: 10_000 });
    expect(result.stdout).toBe(`${process.cwd()}\n${process.env.PATH}`);
  });

  it('fails a child whose output exceeds maxBuffer', async () => {
    const result = await runChild(...sh('head -c 5000 /dev/zero'), { timeoutMs: 10_000, maxBuffer: 1000 });
    expect(result.failed).toBe(true);
  });

  it('kills what the child left running in its group when it ends', async () => {
    const result = await runChild(...sh('sleep 30 >/dev/null 2>&1 & echo $!'), { timeoutMs: 10_000 });
    const pid = Number(result.stdout);
    // gone, or a zombie waiting for whoever adopted it
    const state = async (): Promise<string> =>
      readFile(`/proc/${pid}/stat`, 'utf8').then(
        (stat) => stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3),
        () => 'gone',
      );
    for (let tries = 0; tries < 50 && !['gone', 'Z'].includes(await state()); tries++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(['gone', 'Z']).toContain(await state());
  });
});

describe('startChild', () => {
  it('talks to a child through its pipes and reports its exit code', async () => {
    const child = startChild('/bin/sh', ['-c', 'read line; echo "got $line"; echo done >&2; exit 4'], {
      cwd: '/tmp',
      env: { PATH: '/usr/bin:/bin' },
    });
    child.hold(true);
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdin.write('hello\n');
    expect(await child.exited).toEqual({ exitCode: 4, notFound: false });
    expect(out).toBe('got hello\n');
    expect(err).toBe('done\n');
    child.hold(false);
  });

  it('says a missing program was not found', async () => {
    const child = startChild('/nonexistent/consul-gitops-no-such-program', []);
    expect(await child.exited).toMatchObject({ notFound: true });
  });

  it('kills the child and its group on kill()', async () => {
    const child = startChild('/bin/sh', ['-c', 'sleep 30']);
    expect(child.kill()).toBe(true);
    expect(await child.exited).toEqual({ signal: 'SIGKILL', notFound: false });
  });

  it('sends no signal on kill() once the child has ended: its group id may name another program by then', async () => {
    // with pid_max at 32768 and thousands of processes a minute (a test run), a freed group id is soon reused
    const child = startChild('/bin/sh', ['-c', 'exit 0']);
    expect(await child.exited).toEqual({ exitCode: 0, notFound: false });
    expect(child.kill()).toBe(false);
    expect(child.kill()).toBe(false);
  });
});
