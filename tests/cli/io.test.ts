/**
 * The io seam of the commands (tools/src/cli/io.ts): what the redaction covers, the report writer, and stdout and
 * stderr going quiet once their reader is gone. Stubs process.stdout.write and process.stderr.write for that (so
 * it is not in vitest.files.mjs SHARED_FILES).
 */
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { processIo, redactingIo, type CommandIo } from '../../tools/src/cli/io.js';

const SECRET = 'CONSUL_HTTP_TOKEN=12345678-1234-1234-1234-123456789012';
const REDACTED = 'CONSUL_HTTP_TOKEN=[redacted]';

function recording(): { io: CommandIo; out: string[]; err: string[]; files: [string, string][] } {
  const out: string[] = [];
  const err: string[] = [];
  const files: [string, string][] = [];
  return {
    out,
    err,
    files,
    io: {
      cwd: '/',
      env: {},
      isTty: false,
      out: (text) => out.push(text),
      err: (text) => err.push(text),
      writeFile: (path, text) => {
        files.push([path, text]);
        return Promise.resolve();
      },
    },
  };
}

describe('redactingIo', () => {
  it('redacts stdout, stderr and report files of a command whose output is a report', async () => {
    const raw = recording();
    const io = redactingIo(raw.io, { stdoutIsData: false });
    io.out(SECRET);
    io.err(SECRET);
    await io.writeFile('r.txt', SECRET);
    expect(raw.out).toEqual([REDACTED]);
    expect(raw.err).toEqual([REDACTED]);
    expect(raw.files).toEqual([['r.txt', REDACTED]]);
    expect(io.cwd).toBe('/');
  });

  it('keeps the data of a command whose stdout is data, and still redacts its stderr', async () => {
    const raw = recording();
    const io = redactingIo(raw.io, { stdoutIsData: true });
    io.out(SECRET);
    io.err(SECRET);
    await io.writeFile('r.yaml', SECRET);
    expect(raw.out).toEqual([SECRET]);
    expect(raw.err).toEqual([REDACTED]);
    expect(raw.files).toEqual([['r.yaml', SECRET]]);
  });
});

describe('processIo', () => {
  it("is this process's folder and environment", () => {
    const io = processIo();
    expect(io.cwd).toBe(process.cwd());
    expect(io.env).toBe(process.env);
    expect(io.isTty).toBe(Boolean(process.stderr.isTTY) && !process.env.CI);
  });

  it('writes a report file, replacing what was there', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'consul-gitops-io-'));
    try {
      const file = join(dir, 'r.txt');
      await writeFile(file, 'a much longer old report');
      await processIo().writeFile(file, 'new');
      expect(await readFile(file, 'utf8')).toBe('new');
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it('never writes through a symbolic link at the path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'consul-gitops-io-'));
    try {
      await writeFile(join(dir, 'target.txt'), 'kept');
      await symlink(join(dir, 'target.txt'), join(dir, 'r.txt'));
      await expect(processIo().writeFile(join(dir, 'r.txt'), 'new')).rejects.toThrow(/ELOOP/);
      expect(await readFile(join(dir, 'target.txt'), 'utf8')).toBe('kept');
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it.each(['stdout', 'stderr'] as const)(
    'stops writing to %s once its reader is gone (EPIPE), and rethrows other stream errors',
    (name) => {
      const stream = process[name];
      const written: string[] = [];
      const write = stream.write.bind(stream);
      const io = processIo();
      const print = (text: string): void => (name === 'stdout' ? io.out(text) : io.err(text));
      try {
        stream.write = (text: string) => written.push(text) > 0;
        print('before');
        const other = Object.assign(new Error('disk on fire'), { code: 'EIO' });
        expect(() => stream.emit('error', other)).toThrow(other);
        print('still open');
        stream.emit('error', Object.assign(new Error('reader gone'), { code: 'EPIPE' }));
        print('after');
        expect(written).toEqual(['before', 'still open']);
        const second = processIo();
        stream.emit('error', Object.assign(new Error('destroyed'), { code: 'ERR_STREAM_DESTROYED' }));
        if (name === 'stdout') second.out('never');
        else second.err('never');
        expect(written).toEqual(['before', 'still open']);
      } finally {
        stream.write = write;
      }
    },
  );
});
