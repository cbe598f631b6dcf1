/**
 * The lifecycle of the throw-away API server: start the supervisor (tools/go/apiserver/main.go: etcd and
 * kube-apiserver in one process, on 127.0.0.1, in its own temporary folder), wait for its ready line, and
 * stop it. Nothing outlives the run: `stop` closes the supervisor's stdin (it removes its folder and
 * exits), and should this process die by any means, SIGKILL included, the kernel closes that pipe too and
 * delivers the supervisor's parent-death signal (PR_SET_PDEATHSIG, SIGTERM): either way it removes its
 * folder and exits. The child is unref'd: a caller that forgets `stop` does not hang, the pipe closes at exit.
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { EnvironmentError } from '../../model/errors.js';

export interface ApiServerProcess {
  /** https://127.0.0.1:<port> */
  url: string;
  /** A bearer token of a system:masters user, random per start; never printed. */
  token: string;
  /** The PEM of the serving certificate (self-signed, its own CA). */
  ca: string;
  /** The supervisor's temporary folder (removed when it stops). */
  dir: string;
  pid: number;
  /** Seconds from spawn to the ready line. */
  startSeconds: number;
  /** Resident memory of the server process, now and its peak, in bytes (Linux /proc), if readable. */
  memory(): { rss?: number; peak?: number };
  /** Close stdin and wait for the exit (SIGKILL after `graceMs`), then make sure the folder is gone. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartOptions {
  /** The supervisor binary. */
  binary: string;
  /** The Kubernetes version, echoed back in the ready line. */
  version: string;
  /** Where the temporary folder is made (default: the system's). */
  tmpRoot?: string;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

const TAIL_LINES = 20;

interface ReadyLine {
  url: string;
  token: string;
  ca: string;
  dir: string;
  pid: number;
}

/** Start the supervisor and resolve when kube-apiserver answers /readyz; an EnvironmentError with its last log lines otherwise. */
export async function startApiServer(options: StartOptions): Promise<ApiServerProcess> {
  const started = performance.now();
  const args = [
    '-parent-pid',
    String(process.pid),
    '-version',
    options.version,
    ...(options.tmpRoot ? ['-tmp-root', options.tmpRoot] : []),
  ];
  const child = spawn(options.binary, args, { stdio: ['pipe', 'pipe', 'pipe'], env: options.env ?? process.env });
  const tail: string[] = [];
  let partial = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    tail.push(...lines.filter(Boolean));
    tail.splice(0, Math.max(0, tail.length - TAIL_LINES));
  });
  child.stdin.on('error', () => undefined);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lastLog = (): string => tail.filter((line) => line.startsWith('kube-apiserver-supervised:')).pop() ?? tail.at(-1) ?? '';

  const ready = await new Promise<ReadyLine>((resolve, reject) => {
    let stdout = '';
    const fail = (reason: string): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new EnvironmentError(`kube-apiserver did not start: ${reason}`));
    };
    const timeoutMs = options.timeoutMs ?? 120_000;
    const timer = setTimeout(() => fail(`not ready within ${timeoutMs / 1000} s (${lastLog() || 'no output'})`), timeoutMs);
    child.once('error', (error) => fail(`${options.binary}: ${error.message}`));
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void =>
      fail(`the supervisor exited with ${String(code ?? signal)}: ${lastLog() || 'no output'}`);
    child.once('exit', onExit);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      const end = stdout.indexOf('\n');
      if (end < 0) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      try {
        resolve(JSON.parse(stdout.slice(0, end)) as ReadyLine);
      } catch {
        fail('its ready line is not JSON');
      }
    });
  }).catch(async (error: unknown) => {
    await exited;
    throw error;
  });
  const folder = ready.dir;
  for (const stream of [child.stdout, child.stderr, child.stdin]) (stream as { unref?: () => void }).unref?.();
  child.unref();
  let stopping: Promise<void> | undefined;
  return {
    url: ready.url,
    token: ready.token,
    ca: ready.ca,
    dir: ready.dir,
    pid: ready.pid,
    startSeconds: Math.round((performance.now() - started) / 10) / 100,
    memory: () => {
      const rss = procBytes(ready.pid, 'VmRSS');
      const peak = procBytes(ready.pid, 'VmHWM');
      return { ...(rss === undefined ? {} : { rss }), ...(peak === undefined ? {} : { peak }) };
    },
    stop(graceMs = 10_000) {
      stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.stdin.end();
          const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
          await exited;
          clearTimeout(timer);
        }
        rmSync(folder, { recursive: true, force: true });
      })();
      return stopping;
    },
  };
}

/** A field of /proc/<pid>/status in bytes (VmRSS now, VmHWM the peak), if readable (Linux). */
function procBytes(pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}
