/**
 * Edge: every child process the tools start (kustomize build and its `version` probe, kubeconform, git,
 * go) goes through `runChild`. Each child
 * - runs with a time limit, and when it is reached the whole process group is killed;
 * - leads its own process group, so a timeout or a signal stops what it started too (exec plugins,
 *   helm, the `git fetch` of a remote base), not only the first process;
 * - dies with this process: SIGINT, SIGTERM and SIGHUP handlers and the exit hook kill every group
 *   still running, and a watchdog covers what no handler sees (SIGKILL, a crash of Node itself).
 *
 * The watchdog is one small shell process per run, started with the first child in a session of its
 * own. This process tells it each group that starts and ends on a pipe; when the pipe closes without
 * a goodbye (this process died, however), it kills the groups still listed. Linux has
 * PR_SET_PDEATHSIG for this, but Node cannot call prctl, and a child would lose it on exec anyway.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { execa } from 'execa';
import { errnoCode } from './model/errors.js';

export interface ChildOptions {
  /** Milliseconds until the group is killed. Required: nothing runs unbounded. */
  timeoutMs: number;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  maxBuffer?: number;
  stripFinalNewline?: boolean;
}

export interface ChildResult {
  exitCode?: number;
  signal?: string;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** Did not start, exited non-zero, was killed, or timed out. */
  failed: boolean;
  /** The program was not found (ENOENT at spawn). */
  notFound: boolean;
  /** execa's one-line message, for a failure without stderr. */
  message: string;
}

const running = new Set<number>();
let installed = false;
let watchdog: ChildProcess | undefined;

/**
 * The watchdog: a POSIX shell loop (builtins only, about 1 ms of CPU against some 40 ms for a Node process, which
 * every run would pay). `+PID` lists a group, `-PID` takes it off (a finished group's id may be reused), `bye` says
 * this process ended as it should; when its stdin closes without `bye`, it kills every group still listed.
 */
const WATCHDOG = `
groups=' '
bye=
while IFS= read -r line; do
  case $line in
    bye) bye=1 ;;
    +*) groups="$groups\${line#+} " ;;
    -*) case $groups in *" \${line#-} "*) groups="\${groups%%" \${line#-} "*} \${groups#*" \${line#-} "}" ;; esac ;;
  esac
done
if [ -z "$bye" ]; then for pid in $groups; do kill -KILL "-$pid" 2>/dev/null; done; fi
`;

function tellWatchdog(line: string): void {
  if (process.platform === 'win32') return;
  if (!watchdog) {
    try {
      watchdog = spawn('/bin/sh', ['-c', WATCHDOG], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
      watchdog.on('error', () => undefined);
      watchdog.stdin?.on('error', () => undefined);
      watchdog.unref();
      (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    } catch {
      return; // without a watchdog the handlers below still cover every ordinary end
    }
  }
  watchdog.stdin?.write(`${line}\n`);
}

/** Kill a process group; quietly, when it is already gone. */
function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function killAll(): void {
  for (const pid of running) killGroup(pid);
  running.clear();
}

const EXIT_ON: Record<string, number> = { SIGINT: 130, SIGHUP: 129, SIGTERM: 143 };

/** Synchronous clean-ups to run when a signal ends the run (diff's temporary worktree), newest last. */
const cleanups = new Set<(signal: NodeJS.Signals) => void>();

function onSignal(signal: NodeJS.Signals): void {
  killAll();
  for (const cleanup of [...cleanups].reverse()) {
    try {
      cleanup(signal);
    } catch {
      // one failed clean-up does not keep the others from running, nor the process from ending
    }
  }
  process.exit(EXIT_ON[signal] ?? 143);
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', () => {
    killAll();
    if (watchdog) watchdog.stdin?.write('bye\n');
  });
  for (const signal of Object.keys(EXIT_ON)) process.on(signal, onSignal);
}

/**
 * The one signal regime of the tools: on SIGINT, SIGTERM or SIGHUP every child group is killed, then each
 * registered `cleanup` runs (synchronously, the newest first), then the process exits as the signal would
 * have (130, 143, 129). Returns the function that unregisters `cleanup` (call it once the work is done).
 */
export function onTermination(cleanup: (signal: NodeJS.Signals) => void): () => void {
  install();
  cleanups.add(cleanup);
  return () => {
    cleanups.delete(cleanup);
  };
}

/**
 * Run `command args` (an argument vector; never a shell string) in its own process group under
 * `timeoutMs`. Never throws for a failing child: the result says what happened.
 */
export async function runChild(command: string, args: readonly string[], options: ChildOptions): Promise<ChildResult> {
  const detached = process.platform !== 'win32';
  if (detached) install();
  const child = execa(command, [...args], {
    reject: false,
    detached,
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(options.env ? { env: options.env, extendEnv: false } : {}),
    stdin: 'ignore',
    stripFinalNewline: options.stripFinalNewline ?? true,
    maxBuffer: options.maxBuffer ?? 64 * 1024 * 1024,
  });
  const pid = child.pid;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    if (detached && pid !== undefined) killGroup(pid);
    else child.kill('SIGKILL');
  }, options.timeoutMs);
  if (detached && pid !== undefined) {
    running.add(pid);
    tellWatchdog(`+${pid}`);
  }
  try {
    const result = await child;
    return {
      ...(result.exitCode !== undefined ? { exitCode: result.exitCode } : {}),
      ...(result.signal ? { signal: result.signal } : {}),
      stdout: String(result.stdout ?? ''),
      stderr: String(result.stderr ?? ''),
      timedOut,
      failed: Boolean(result.failed) || timedOut,
      notFound: errnoCode(result) === 'ENOENT',
      message: result.shortMessage ?? result.message ?? '',
    };
  } finally {
    clearTimeout(timer);
    if (detached && pid !== undefined) {
      // a group leader that exited can leave children behind (a daemonising exec plugin): stop them too
      killGroup(pid);
      running.delete(pid);
      tellWatchdog(`-${pid}`);
    }
  }
}

/** A long-lived child that is talked to through its pipes (`startChild`). */
export interface StreamingChild {
  stdin: NodeJS.WritableStream;
  stdout: NodeJS.ReadableStream;
  stderr: NodeJS.ReadableStream;
  /** Settles once the process is gone, however it ended (never rejects). */
  exited: Promise<{ exitCode?: number; signal?: string; notFound: boolean }>;
  /**
   * Kill its whole process group now; false, and no signal, once the process has ended: its group id is free
   * then, and may already name another program's group.
   */
  kill(): boolean;
  /** Keep this process alive while the child has work (`true`), or let it exit while the child idles (`false`). */
  hold(busy: boolean): void;
}

/**
 * Start `command args` (an argument vector, never a shell string) as a long-lived child in its own
 * process group, for a caller that sends it work on stdin and reads answers on stdout. The same regime
 * as `runChild`: the group is killed on exit, on SIGINT/SIGTERM/SIGHUP and by the watchdog. There is no
 * time limit of the whole life here, so the caller must put one on every piece of work and `kill()` at
 * it (render/krusty.ts does, per build).
 */
export function startChild(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): StreamingChild {
  const detached = process.platform !== 'win32';
  if (detached) install();
  const child = spawn(command, [...args], {
    detached,
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
  const pid = child.pid;
  if (detached && pid !== undefined) {
    running.add(pid);
    tellWatchdog(`+${pid}`);
  }
  let notFound = false;
  let gone = false;
  const exited = new Promise<{ exitCode?: number; signal?: string; notFound: boolean }>((resolve) => {
    child.on('error', (error) => {
      if (errnoCode(error) === 'ENOENT') notFound = true;
      if (pid === undefined) resolve({ notFound });
    });
    child.on('close', (code, signal) => resolve({ ...(code !== null ? { exitCode: code } : {}), ...(signal ? { signal } : {}), notFound }));
  }).finally(() => {
    gone = true;
    if (detached && pid !== undefined) {
      killGroup(pid);
      running.delete(pid);
      tellWatchdog(`-${pid}`);
    }
  });
  child.stdin.on('error', () => undefined);
  const handles = [child, child.stdin, child.stdout, child.stderr] as unknown as { ref?: () => void; unref?: () => void }[];
  return {
    stdin: child.stdin,
    stdout: child.stdout,
    stderr: child.stderr,
    exited,
    kill: () => {
      if (gone) return false;
      if (detached && pid !== undefined) killGroup(pid);
      else child.kill('SIGKILL');
      return true;
    },
    hold: (busy) => {
      for (const handle of handles) (busy ? handle.ref : handle.unref)?.call(handle);
    },
  };
}
