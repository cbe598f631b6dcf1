/**
 * `validate -f -` reading the process's own standard input (tools/src/cli/commands/validate.ts, when the io gives
 * no reader): the text piped in, a terminal refused, a stream that stays silent timed out, a read error. Replaces
 * process.stdin and writes process.env, so it is not in vitest.files.mjs SHARED_FILES.
 */
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCli } from '../../../tools/src/cli/args.js';
import { validateCommand } from '../../../tools/src/cli/commands/validate.js';
import { UsageError } from '../../../tools/src/model/errors.js';
import { recordedIo } from '../../helpers/command-io.js';
import { configMap } from '../../helpers/pipeline-repo.js';

const original = Object.getOwnPropertyDescriptor(process, 'stdin')!;
const TIMEOUT_ENV = 'CONSUL_GITOPS_STDIN_TIMEOUT';
const savedTimeout = process.env[TIMEOUT_ENV];

afterEach(() => {
  Object.defineProperty(process, 'stdin', original);
  if (savedTimeout === undefined) delete process.env[TIMEOUT_ENV];
  else process.env[TIMEOUT_ENV] = savedTimeout;
});

/** A fake standard input; `tty` marks it as a terminal. */
function fakeStdin(tty = false): PassThrough {
  const stream = new PassThrough();
  Object.assign(stream, { isTTY: tty });
  Object.defineProperty(process, 'stdin', { configurable: true, get: () => stream });
  return stream;
}

async function validateStdin(): Promise<{ code: number; out: string } | { error: unknown }> {
  const recorded = recordedIo('/nonexistent-consul-gitops-cwd');
  try {
    const code = await validateCommand(parseCli(['validate', '-f', '-', '--format', 'json', '-q']), recorded.io);
    return { code, out: recorded.out() };
  } catch (error) {
    return { error };
  }
}

describe('validate -f - on the process standard input', () => {
  it('reads what is piped in, in chunks, up to its end', async () => {
    const stdin = fakeStdin();
    const text = `${configMap('a')}---\n${configMap('b')}`;
    const result = validateStdin();
    stdin.write(text.slice(0, 20));
    stdin.end(text.slice(20));
    const done = await result;
    expect(done).toMatchObject({ code: 0 });
    expect(JSON.parse((done as { out: string }).out)).toMatchObject({ overlays: [{ path: '(stdin)', resources: 2 }] });
    expect(stdin.listenerCount('data')).toBe(0);
    expect(stdin.listenerCount('end')).toBe(0);
  });

  it('refuses a terminal', async () => {
    fakeStdin(true);
    const { error } = (await validateStdin()) as { error: unknown };
    expect(error).toEqual(
      new UsageError(
        '-f - reads manifests from standard input, but it is a terminal: pipe them in (kubectl get ... -o yaml | consul-gitops validate -f -)',
      ),
    );
  });

  it(`gives up on a stream that stays silent for ${TIMEOUT_ENV} seconds, and lets it go`, async () => {
    process.env[TIMEOUT_ENV] = ' 1 ';
    const stdin = fakeStdin();
    const started = Date.now();
    const result = validateStdin();
    // data keeps it waiting: the limit is on silence, not on the whole read
    setTimeout(() => stdin.write('# a comment\n'), 600);
    const { error } = (await result) as { error: unknown };
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
    expect(error).toEqual(
      new UsageError(
        `-f -: standard input sent nothing for 1 s and was not closed; pipe a finished stream in, or save it to a file (${TIMEOUT_ENV} sets the limit in seconds)`,
      ),
    );
    expect(stdin.destroyed).toBe(true);
  });

  it('names a read error', async () => {
    const stdin = fakeStdin();
    const result = validateStdin();
    setTimeout(() => stdin.emit('error', new Error('EIO: i/o error')), 10);
    const { error } = (await result) as { error: unknown };
    expect(error).toEqual(new UsageError('-f -: standard input cannot be read (EIO: i/o error)'));
  });

  it.each(['0', '86401', 'x', '1.5'])(`refuses ${TIMEOUT_ENV}=%j`, async (value) => {
    process.env[TIMEOUT_ENV] = value;
    fakeStdin();
    const { error } = (await validateStdin()) as { error: unknown };
    expect(error).toEqual(new UsageError(`${TIMEOUT_ENV} must be a whole number of seconds from 1 to 86400 (got "${value}")`));
  });

  it(`takes 86400 and an empty ${TIMEOUT_ENV} (the default)`, async () => {
    for (const value of ['86400', '', '   ']) {
      process.env[TIMEOUT_ENV] = value;
      const stdin = fakeStdin();
      const result = validateStdin();
      stdin.end(configMap('a'));
      expect(await result).toMatchObject({ code: 0 });
    }
  });
});
