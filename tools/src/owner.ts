/**
 * Edge: which process owns a lock file or a leftover, and whether it still runs. A record names the
 * PID and the process's start time (field 22 of /proc/PID/stat, clock ticks since boot), so a PID the
 * kernel has since handed to another process reads as gone, not as the old owner.
 */
import { readFileSync } from 'node:fs';
import { errnoCode } from './model/errors.js';

export interface Owner {
  pid: number;
  /** Start time in clock ticks since boot, where /proc has it; undefined elsewhere. */
  started?: number;
}

function startTime(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name (field 2) is in parentheses and may hold spaces: count fields after its end
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const value = Number(fields[19]);
    return Number.isSafeInteger(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** This process, as a record to write into a lock file. */
export function currentOwner(): Owner {
  const started = startTime(process.pid);
  return started === undefined ? { pid: process.pid } : { pid: process.pid, started };
}

/** Whether the process a record names still runs (the same process: same PID and start time). */
export function isRunning(owner: Owner): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if (errnoCode(error) !== 'EPERM') return false;
  }
  if (owner.started === undefined) return true;
  const started = startTime(owner.pid);
  return started === undefined || started === owner.started;
}

/** A record read back from text; undefined when it is not one (an empty or torn file). */
export function parseOwner(text: string): Owner | undefined {
  try {
    const value = JSON.parse(text) as { pid?: unknown; started?: unknown };
    if (!Number.isSafeInteger(value.pid) || (value.pid as number) <= 0) return undefined;
    const started = Number.isSafeInteger(value.started) ? (value.started as number) : undefined;
    return started === undefined ? { pid: value.pid as number } : { pid: value.pid as number, started };
  } catch {
    return undefined;
  }
}

export function formatOwner(owner: Owner): string {
  return `${JSON.stringify(owner)}\n`;
}
