/**
 * Limits of the kustomize child: a timeout, and a memory cap, so that a hostile kustomization (an
 * alias bomb: 10 aliases of 10 aliases ...) fails its own overlay in bounded memory instead of taking
 * the machine, while the other overlays are still rendered and reported.
 *
 * The cap is RLIMIT_DATA, set by `sh -c 'ulimit -d KiB; exec "$0" "$@"'` around the binary (an argument
 * array; nothing is interpolated into the script). Not RLIMIT_AS (`ulimit -v`): a Go binary reserves
 * address space up front, and kustomize 5.8.1 cannot even start under 1 GiB of it while it renders this
 * repository in about 60 MiB of resident memory. RLIMIT_DATA counts the heap it really maps.
 */
import { existsSync } from 'node:fs';
import { UsageError } from '../model/errors.js';

export interface RenderLimits {
  timeoutMs: number;
  /** RLIMIT_DATA of the child in MiB; 0 for none. */
  memoryMiB: number;
}

export const DEFAULT_RENDER_TIMEOUT_SECONDS = 120;
/** Generous for a real render (this repository's largest overlay peaks near 60 MiB), far below a bomb's 9.5 GB. */
export const DEFAULT_RENDER_MEMORY_MIB = 2048;
export const RENDER_TIMEOUT_ENV = 'CONSUL_GITOPS_RENDER_TIMEOUT';
export const RENDER_MEMORY_ENV = 'CONSUL_GITOPS_RENDER_MEMORY_MB';

function whole(value: string, name: string, minimum: number, maximum: number, unit: string): number {
  const trimmed = value.trim();
  if (!/^\d+$/.test(trimmed) || Number(trimmed) < minimum || Number(trimmed) > maximum) {
    throw new UsageError(`${name} must be a whole number of ${unit} from ${minimum} to ${maximum} (got "${value}")`);
  }
  return Number(trimmed);
}

/** --render-timeout SECONDS, else CONSUL_GITOPS_RENDER_TIMEOUT, else 120 s; CONSUL_GITOPS_RENDER_MEMORY_MB, else 2048 (0: no cap). */
export function renderLimits(timeoutFlag: string | undefined, env: NodeJS.ProcessEnv): RenderLimits {
  const timeout =
    timeoutFlag !== undefined
      ? whole(timeoutFlag, '--render-timeout', 1, 86_400, 'seconds')
      : env[RENDER_TIMEOUT_ENV]
        ? whole(env[RENDER_TIMEOUT_ENV], RENDER_TIMEOUT_ENV, 1, 86_400, 'seconds')
        : DEFAULT_RENDER_TIMEOUT_SECONDS;
  const memory = env[RENDER_MEMORY_ENV] ? whole(env[RENDER_MEMORY_ENV], RENDER_MEMORY_ENV, 0, 1_048_576, 'MiB') : DEFAULT_RENDER_MEMORY_MIB;
  return { timeoutMs: timeout * 1000, memoryMiB: memory };
}

/** The command and arguments that run `command args` under the memory cap (unchanged without a cap or a POSIX shell). */
export function cappedCommand(command: string, args: readonly string[], limits: RenderLimits): { command: string; args: string[] } {
  if (limits.memoryMiB <= 0 || process.platform === 'win32' || !existsSync('/bin/sh')) return { command, args: [...args] };
  return { command: '/bin/sh', args: ['-c', `ulimit -d ${limits.memoryMiB * 1024} && exec "$0" "$@"`, command, ...args] };
}

/**
 * A Go runtime's last words when the cap stopped it. Besides its out-of-memory errors, a Go 1.26 build can end with a
 * segmentation fault inside the garbage collector's mark phase when an allocation of its own fails under the cap: a
 * nil span queue, `SIGSEGV ... addr=0x0` with the faulting frame in the mark code (runtime/mgcmark*.go). It is
 * reached from `runtime.gcDrain` (1 alias-bomb build in about 24 on 2 cores) or from a write barrier's flush
 * (`wbBufFlush`, 1 in 30); the other builds said `fatal error: runtime: out of memory` or `cannot allocate memory`.
 */
export function outOfMemory(stderr: string): boolean {
  return (
    /fatal error: (runtime: )?(out of memory|cannot allocate memory)|failed to reserve page summary memory|pthread_create failed/.test(
      stderr,
    ) ||
    /^SIGSEGV: segmentation violation\nPC=\S+ m=\d+ sigcode=\d+ addr=0x0\n\ngoroutine \d+ [^\n]*\n[^\n]*\n\truntime\/mgcmark\w*\.go:/m.test(
      stderr,
    )
  );
}
