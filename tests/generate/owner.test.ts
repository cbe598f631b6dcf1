/** Lock and worktree records: whether the process a record names still runs, PID reuse included. */
import { readFileSync } from 'node:fs';
import { execa } from 'execa';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { currentOwner, formatOwner, isRunning, parseOwner } from '../../tools/src/owner.js';

/** A PID whose /proc entry reads as denied while set (as under hidepid=2); /proc reads as it is otherwise. */
const hidden = vi.hoisted(() => ({ pid: 0 }));
vi.mock('node:fs', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:fs')>();
  const readFileSync = ((path: Parameters<typeof original.readFileSync>[0], ...rest: unknown[]) => {
    if (hidden.pid !== 0 && String(path) === `/proc/${hidden.pid}/stat`)
      throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    return (original.readFileSync as (...args: unknown[]) => unknown)(path, ...rest);
  }) as typeof original.readFileSync;
  return { ...original, readFileSync, default: { ...original, readFileSync } };
});
afterEach(() => {
  hidden.pid = 0;
});

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

  it('a running PID whose /proc entry cannot be read runs: its start time cannot be compared', () => {
    const started = currentOwner().started ?? 0;
    hidden.pid = process.pid;
    expect(isRunning({ pid: process.pid, started: started + 1 })).toBe(true);
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
