/** Lock and worktree records: whether the process a record names still runs, PID reuse included. */
import { readFileSync } from 'node:fs';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { currentOwner, formatOwner, isRunning, parseOwner } from '../../tools/src/owner.js';

describe('process owner records', () => {
  it('round-trips this process, which runs', () => {
    const owner = currentOwner();
    expect(owner.pid).toBe(process.pid);
    expect(owner.started).toEqual(expect.any(Number));
    expect(parseOwner(formatOwner(owner))).toEqual(owner);
    expect(isRunning(owner)).toBe(true);
  });

  it('a PID that has exited does not run', async () => {
    const child = execa('node', ['-e', '']);
    await child;
    expect(isRunning({ pid: child.pid as number })).toBe(false);
  });

  it('a running PID with another start time is another process (the PID was reused)', () => {
    expect(isRunning({ pid: process.pid, started: (currentOwner().started ?? 0) + 1 })).toBe(false);
  });

  it.each(['', '{"pid":', '{"pid":0}', '{"pid":-1}', '{"pid":"12"}', 'null', '[]'])('%j is not a record (torn or foreign)', (text) => {
    expect(parseOwner(text)).toBeUndefined();
  });

  it('writes a record as one line of JSON', () => {
    expect(formatOwner({ pid: 12, started: 34 })).toBe('{"pid":12,"started":34}\n');
    expect(formatOwner({ pid: 12 })).toBe('{"pid":12}\n');
  });

  it('reads a record back, leaving out a start time that is not a whole number', () => {
    expect(parseOwner('{"pid":12,"started":34}')).toStrictEqual({ pid: 12, started: 34 });
    expect(parseOwner('{"pid":12,"started":"34"}')).toStrictEqual({ pid: 12 });
    expect(parseOwner('{"pid":12,"started":1.5}')).toStrictEqual({ pid: 12 });
    expect(parseOwner('{"pid":12}')).toStrictEqual({ pid: 12 });
    expect(parseOwner('{"pid":1}')).toStrictEqual({ pid: 1 });
    expect(parseOwner('{"pid":1.5}')).toBeUndefined();
  });

  it('reads its own start time from /proc, the same on every read', () => {
    const stat = readFileSync(`/proc/${process.pid}/stat`, 'utf8');
    const started = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    expect(currentOwner()).toStrictEqual({ pid: process.pid, started });
  });

  it('a record without a start time runs while its PID does', () => {
    expect(isRunning({ pid: process.pid })).toBe(true);
  });

  it('init runs, whether or not this process may signal it (EPERM)', () => {
    expect(isRunning({ pid: 1 })).toBe(true);
    expect(isRunning({ pid: 1, started: -1 })).toBe(false);
  });
});
