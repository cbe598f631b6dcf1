/**
 * The kustomize child runs as the leader of its own process group, so that a timeout stops it and
 * everything it started (exec plugins, helm), not only the first process: a grandchild that kept the
 * output pipes open would otherwise hold the run until it ended by itself. Since a group of its own
 * no longer receives the terminal's Ctrl-C, the groups still running are stopped when this process
 * exits or is interrupted.
 */
const running = new Set<number>();
let installed = false;

export function killGroup(pid: number): void {
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

function onSignal(signal: NodeJS.Signals): void {
  killAll();
  // Another handler (diff's worktree cleanup) decides how to exit; alone, exit as the signal would have.
  if (process.listenerCount(signal) === 1) process.exit(signal === 'SIGINT' ? 130 : 143);
}

/** Track a running group leader until `done` settles. */
export function trackGroup<T>(pid: number | undefined, done: Promise<T>): Promise<T> {
  if (pid === undefined || process.platform === 'win32') return done;
  if (!installed) {
    installed = true;
    process.on('exit', killAll);
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  running.add(pid);
  return done.finally(() => running.delete(pid));
}
