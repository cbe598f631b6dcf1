/**
 * A stand-in for `go` (GoToolsOptions.run): answers `go env GOVERSION`, and for `go build` writes an empty binary
 * where `-o` says, recording each call. A build aimed outside the test's bin folder throws before anything is
 * written, so a mutant that loses the test's binDir fails the test instead of touching tools/go/bin.
 */
import { writeFileSync } from 'node:fs';
import { basename, dirname, sep } from 'node:path';
import type { ChildResult, runChild } from '../../tools/src/child-process.js';

export interface GoCall {
  args: readonly string[];
  cwd?: string;
  timeoutMs: number;
  /** GOFLAGS of a build. */
  goflags?: string;
}

const ANSWER: ChildResult = { exitCode: 0, stdout: '', stderr: '', timedOut: false, failed: false, notFound: false, message: '' };
const NOT_FOUND: ChildResult = { stdout: '', stderr: '', timedOut: false, failed: true, notFound: true, message: 'spawn go ENOENT' };

/**
 * `go` of `goVersion` (or none at all: `missing`) building into `binDir`; `probe` and `build` replace the answers to
 * `go env` and `go build` (a failure). `calls` lists each run, `-o` as the binary's name.
 */
export function goStandIn(
  binDir: string,
  {
    goVersion = 'go1.26.8',
    missing = false,
    probe,
    build,
  }: { goVersion?: string; missing?: boolean; probe?: ChildResult; build?: ChildResult } = {},
): { calls: GoCall[]; run: typeof runChild } {
  const calls: GoCall[] = [];
  const run: typeof runChild = (command, args, options) => {
    if (command !== 'go') throw new Error(`not go: ${command}`);
    const out = args.indexOf('-o');
    const target = out < 0 ? undefined : args[out + 1]!;
    calls.push({
      args: target === undefined ? args : args.map((arg, index) => (index === out + 1 ? basename(arg) : arg)),
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      timeoutMs: options.timeoutMs,
      ...(args[0] === 'build' ? { goflags: options.env?.GOFLAGS } : {}),
    });
    if (missing) return Promise.resolve(NOT_FOUND);
    if (args[0] === 'env') return Promise.resolve(probe ?? { ...ANSWER, stdout: `${goVersion}\n` });
    if (target === undefined || !dirname(target).startsWith(`${binDir}${sep}.build-`))
      throw new Error(`go build into ${target}, not into ${binDir}`);
    if (build) return Promise.resolve(build);
    writeFileSync(target, '');
    return Promise.resolve(ANSWER);
  };
  return { calls, run };
}
