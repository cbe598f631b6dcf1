// One process timed by GNU time: wall seconds, CPU seconds (user + sys of the process and every child it
// waited for, so kustomize builds count on the side that starts them) and the largest resident set.
// CPU time does not depend on how busy the machine's other cores are; wall time does, so both sides of
// a comparison run in alternation, in the same bench run.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Exit codes 0 and, when `findingsOk`, 1 (findings) are both a run; anything else throws. */
export async function timedProcess(command, args, { findingsOk = true, ...options } = {}) {
  const outcome = await run('/usr/bin/time', ['-f', '@@ %e %U %S %M', command, ...args], {
    maxBuffer: 512 * 1024 * 1024,
    ...options,
  }).catch((error) => {
    if (findingsOk && error.code === 1) return error;
    throw new Error(`${command} ${args.slice(0, 3).join(' ')} exited ${error.code}: ${String(error.stderr).slice(-500)}`);
  });
  const match = /@@ ([\d.]+) ([\d.]+) ([\d.]+) (\d+)\s*$/.exec(String(outcome.stderr));
  if (!match) throw new Error(`no timing from /usr/bin/time: ${String(outcome.stderr).slice(-300)}`);
  return { wallS: Number(match[1]), cpuS: Number(match[2]) + Number(match[3]), maxRssMb: Number(match[4]) / 1024 };
}

/** `kustomize build` of every directory, one after another, in one timed shell: the bare render. */
export function timedBareBuilds(kustomize, dirs) {
  return timedProcess('/bin/sh', ['-c', 'for dir do "$KUSTOMIZE_BENCH" build "$dir" >/dev/null || exit 2; done', 'bare-builds', ...dirs], {
    findingsOk: false,
    env: { ...process.env, KUSTOMIZE_BENCH: kustomize },
  });
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
