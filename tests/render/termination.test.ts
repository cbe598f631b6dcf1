/**
 * child-process.ts's one signal regime: on SIGINT, SIGTERM or SIGHUP the registered clean-ups run (newest
 * first, a failing one not stopping the rest, an unregistered one not at all), then the process exits as the
 * signal would have. Runs the built module in a real Node process and signals it.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/repo.js';

const MODULE = pathToFileURL(join(REPO_ROOT, 'tools/dist/child-process.js')).href;

const SCRIPT = `
const { onTermination } = await import(${JSON.stringify(MODULE)});
onTermination((signal) => process.stdout.write('first ' + signal + '\\n'));
onTermination(() => { throw new Error('a failing clean-up'); });
const release = onTermination(() => process.stdout.write('released, never run\\n'));
onTermination(() => process.stdout.write('last\\n'));
release();
process.stdout.write('ready\\n');
setInterval(() => undefined, 1000);
`;

describe('onTermination', () => {
  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
    ['SIGHUP', 129],
  ] as const)('on %s runs the clean-ups newest first, skips a released one, survives a failing one, and exits %i', async (signal, code) => {
    const child = execa(process.execPath, ['--input-type=module', '-e', SCRIPT], { reject: false });
    await new Promise<void>((resolve) => child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve()));
    child.kill(signal);
    const result = await child;
    expect(result.exitCode).toBe(code);
    expect(result.stdout).toBe(`ready\nlast\nfirst ${signal}`);
  });
});
