/** Lock and worktree records: whether the process a record names still runs, PID reuse included. */
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
});
