/**
 * Many `kustomize build` runs without a process start each: tools/go/krusty (kustomize's own Go API,
 * `sigs.k8s.io/kustomize/api/krusty` at the version the pinned CLI links, with the CLI's default build
 * options) kept running and sent one kustomization path per line. Up to one server per core, each
 * building one kustomization at a time; idle servers never keep Node alive, and they die with it.
 *
 * The answer is what the CLI would have printed (its stdout, its stderr with `Error: ...`, its exit
 * code), so render.ts turns it into the same result or the same RenderError. Limits are the CLI's:
 * each server runs under the same memory cap, and every build under the same time limit, at which the
 * server's process group is killed. Whatever the CLI would only report by crashing (out of memory under
 * the cap, a panic, log.Fatal) ends the server: that build alone is then run by the CLI itself, which
 * reports it as it always did, and the next build starts a new server.
 *
 * Go's collector runs each server at GOGC=200 unless the environment sets GOGC: a server's live heap is small
 * and every build allocates much more than it keeps, so at Go's default (100) collecting was a large share of
 * its CPU. One server building the 100 overlays of a generated fleet, 4 interleaved runs each (loaded machine):
 * CPU 8.7-12.1 s at 100, 7.8-9.3 s at 200, 6.9-7.7 s at 400; peak resident memory 60-65, 67-72 and 98-113 MB.
 * The output does not depend on it, and the memory cap above stays the limit.
 */
import { availableParallelism } from 'node:os';
import { startChild, type ChildResult, type StreamingChild } from '../child-process.js';
import { cappedCommand, type RenderLimits } from './limits.js';

interface Pending {
  resolve: (result: ChildResult | undefined) => void;
  timer: NodeJS.Timeout;
}

const HEADER = /^krusty (\d+) (\d+) (\d+)\n/;
const KRUSTY_GOGC = '200';

class KrustyServer {
  private readonly child: StreamingChild;
  private buffer: Buffer = Buffer.alloc(0);
  private pending: Pending | undefined;
  dead = false;

  constructor(command: string, limits: RenderLimits) {
    const run = cappedCommand(command, [], limits);
    this.child = startChild(run.command, run.args, { env: { ...process.env, GOGC: process.env.GOGC ?? KRUSTY_GOGC } });
    this.child.hold(false);
    this.child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    this.child.stderr.resume();
    void this.child.exited.then(() => this.gone());
  }

  /** Build one kustomization: the CLI's result, or undefined when the server died first (run the CLI instead). */
  build(dir: string, timeoutMs: number): Promise<ChildResult | undefined> {
    return new Promise((resolve) => {
      if (this.dead) return resolve(undefined);
      const timer = setTimeout(() => {
        // the CLI's own time limit: the build is over, and so is this server
        this.finish({ exitCode: undefined, stdout: '', stderr: '', timedOut: true, failed: true, notFound: false, message: 'timed out' });
        this.dead = true;
        this.child.kill();
      }, timeoutMs);
      this.pending = { resolve, timer };
      this.child.hold(true);
      this.child.stdin.write(`${JSON.stringify({ dir, cwd: process.cwd() })}\n`);
    });
  }

  /** End the server through its stdin (it exits at end of input), and keep this process until it is gone. */
  close(): void {
    this.dead = true;
    this.child.stdin.end();
    this.child.hold(true);
  }

  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const newline = this.buffer.indexOf(10);
    if (newline < 0) return;
    const header = HEADER.exec(this.buffer.subarray(0, newline + 1).toString('latin1'));
    if (!header) {
      // not this program's protocol: stop it; the build runs on the CLI
      this.dead = true;
      this.child.kill();
      return;
    }
    const [exit, outBytes, errBytes] = [Number(header[1]), Number(header[2]), Number(header[3])];
    const start = newline + 1;
    if (this.buffer.length < start + outBytes + errBytes) return;
    const stdout = this.buffer.subarray(start, start + outBytes).toString('utf8');
    const stderr = this.buffer.subarray(start + outBytes, start + outBytes + errBytes).toString('utf8');
    this.buffer = this.buffer.subarray(start + outBytes + errBytes);
    this.finish({
      exitCode: exit,
      stdout,
      stderr,
      timedOut: false,
      failed: exit !== 0,
      notFound: false,
      message: exit !== 0 ? `Command failed with exit code ${exit}` : '',
    });
  }

  private finish(result: ChildResult | undefined): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    clearTimeout(pending.timer);
    this.child.hold(false);
    pending.resolve(result);
  }

  private gone(): void {
    this.dead = true;
    this.finish(undefined);
  }
}

interface Pool {
  idle: KrustyServer[];
  started: number;
  waiting: ((server: KrustyServer) => void)[];
}

const pools = new Map<string, Pool>();
let closing = false;

/**
 * When the run has nothing left to do, end the idle servers and wait for them: each is reaped like any
 * other child, so its CPU time counts where a `kustomize build` child's does (GNU time, rusage). Without
 * this they would be killed on exit, unreaped. A run that ends by process.exit skips it; the exit hook of
 * child-process.ts still kills them.
 */
function closeIdleServers(): void {
  for (const pool of pools.values()) {
    for (const server of pool.idle.splice(0)) {
      server.close();
      pool.started--;
    }
  }
}

/** How many servers one krusty binary may run at once. */
const MAX_SERVERS = Math.max(1, availableParallelism());

function acquire(command: string, limits: RenderLimits): Promise<KrustyServer> {
  const key = `${command}\0${limits.memoryMiB}`;
  let pool = pools.get(key);
  if (!pool) pools.set(key, (pool = { idle: [], started: 0, waiting: [] }));
  const current = pool;
  for (let server = current.idle.pop(); server; server = current.idle.pop()) {
    if (!server.dead) return Promise.resolve(server);
    current.started--;
  }
  if (current.started < MAX_SERVERS) {
    current.started++;
    if (!closing) {
      closing = true;
      process.on('beforeExit', closeIdleServers);
    }
    return Promise.resolve(new KrustyServer(command, limits));
  }
  return new Promise((resolve) => current.waiting.push(resolve));
}

function release(command: string, limits: RenderLimits, server: KrustyServer): void {
  const pool = pools.get(`${command}\0${limits.memoryMiB}`)!;
  if (server.dead) {
    const next = pool.waiting.shift();
    if (next) next(new KrustyServer(command, limits));
    else pool.started--;
    return;
  }
  const next = pool.waiting.shift();
  if (next) next(server);
  else pool.idle.push(server);
}

/**
 * `kustomize build dir` through the krusty server at `command`: what the CLI would have printed and its
 * exit code, or a timeout, as a ChildResult; undefined when the server could not answer (it died or did
 * not start), and then the caller runs the CLI for this build.
 */
export async function buildWithKrusty(command: string, dir: string, limits: RenderLimits): Promise<ChildResult | undefined> {
  const server = await acquire(command, limits);
  try {
    return await server.build(dir, limits.timeoutMs);
  } finally {
    release(command, limits, server);
  }
}
