/**
 * The CLI entry in process (tools/src/cli/main.ts) through its io seam: what each outcome prints and which exit
 * code it maps to. tests/cli/ spawns the built CLI for the same behaviour end to end.
 */
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { USAGE, commandHelp } from '../../tools/src/cli/args.js';
import type { CommandIo } from '../../tools/src/cli/io.js';
import { main } from '../../tools/src/cli/main.js';
import { versionText } from '../../tools/src/cli/version.js';
import { REPO_ROOT } from '../helpers/repo.js';
import { EnvironmentError, RenderError, SpecError, ToolError, UsageError } from '../../tools/src/model/errors.js';

const TOKEN = '12345678-1234-1234-1234-123456789012';

interface Captured {
  io: CommandIo;
  out: string[];
  err: string[];
}

/** An io that records what a command prints; `failOut` makes its stdout throw instead. */
function capture(failOut?: unknown): Captured {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: {
      cwd: '/nonexistent-consul-gitops-cwd',
      env: {},
      isTty: false,
      out: (text) => {
        // eslint-disable-next-line @typescript-eslint/only-throw-error -- a command may throw anything: main must map it
        if (failOut !== undefined) throw failOut;
        out.push(text);
      },
      err: (text) => err.push(text),
      writeFile: () => Promise.resolve(),
    },
  };
}

async function run(argv: readonly string[], failOut?: unknown): Promise<{ code: number; out: string; err: string }> {
  const captured = capture(failOut);
  const code = await main(argv, captured.io);
  return { code, out: captured.out.join(''), err: captured.err.join('') };
}

describe('main', () => {
  it('prints the usage for --help and for help, and exits 0', async () => {
    expect(await run(['--help'])).toEqual({ code: 0, out: `${USAGE}\n`, err: '' });
    expect(await run(['help'])).toEqual({ code: 0, out: `${USAGE}\n`, err: '' });
  });

  it("prints a command's help for `help CMD` and `CMD --help`", async () => {
    expect(await run(['help', 'quorum'])).toEqual({ code: 0, out: `${commandHelp('quorum')}\n`, err: '' });
    expect(await run(['rules', '-h'])).toEqual({ code: 0, out: `${commandHelp('rules')}\n`, err: '' });
  });

  it('prints the versions for --version and exits 0', async () => {
    const result = await run(['--version']);
    expect(result).toEqual({ code: 0, out: `${versionText()}\n`, err: '' });
    expect(result.out).toMatch(/^consul-gitops \d+\.\d+\.\d+ \(@consul-gitops\/tools\)\nkustomize v/);
  });

  it('exits 2 with the usage when no command is given', async () => {
    expect(await run([])).toEqual({ code: 2, out: '', err: `consul-gitops: no command given\n\n${USAGE}\n` });
    expect(await run(['--debug'])).toMatchObject({ code: 2, err: expect.stringMatching(/^UsageError: no command given\n/) as unknown });
  });

  it('runs a command and returns its exit code', async () => {
    const result = await run(['quorum', '3', '--format', 'json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({ servers: 3, quorum: 2, faultTolerance: 1 });
  });

  it('maps a usage error to exit 2 with its message and no stack', async () => {
    expect(await run(['quorum', '0'])).toEqual({
      code: 2,
      out: '',
      err: 'consul-gitops: N must be a whole number from 1 to 1000 (got "0")\n',
    });
  });

  it('maps an environment error to exit 2 with its message', async () => {
    expect(await run(['rules'], new EnvironmentError('no kustomize'))).toEqual({ code: 2, out: '', err: 'consul-gitops: no kustomize\n' });
  });

  it('maps an invalid spec to exit 1 with its problems', async () => {
    const error = new SpecError('environments.yaml', [{ path: 'environments.prod.servers', message: 'must be odd' }]);
    const result = await run(['rules'], error);
    expect(result).toEqual({ code: 1, out: '', err: `consul-gitops: environments spec is invalid:\n${error.message}\n` });
    expect(result.err).toContain('must be odd');
  });

  it("maps a render error to exit 1 with its one-line message, not kustomize's stderr", async () => {
    const error = new RenderError('kustomize build overlays/x failed', {
      command: 'k',
      args: [],
      cwd: '/',
      stderr: 'long stderr',
      durationMs: 1,
    });
    expect(await run(['rules'], error)).toEqual({ code: 1, out: '', err: 'consul-gitops: kustomize build overlays/x failed\n' });
  });

  it('maps any other error to exit 2 as an internal error, naming --debug', async () => {
    expect(await run(['rules'], new Error('boom'))).toEqual({
      code: 2,
      out: '',
      err: 'consul-gitops: internal error: boom (run with --debug for details)\n',
    });
    expect((await run(['rules'], 'a string')).err).toBe('consul-gitops: internal error: a string (run with --debug for details)\n');
    const tool = new ToolError('short', { detail: 'the long detail' });
    expect((await run(['rules'], tool)).err).toBe('consul-gitops: internal error: short (run with --debug for details)\n');
  });

  it('prints the stack first with --debug, and no --debug hint', async () => {
    const error = new Error('boom');
    const result = await run(['rules', '--debug'], error);
    expect(result.code).toBe(2);
    expect(result.err).toBe(`${error.stack}\nconsul-gitops: internal error: boom\n`);
  });

  it('prints the message with --debug when an error has no stack', async () => {
    const error = new UsageError('bad');
    error.stack = undefined;
    expect((await run(['--debug', 'rules'], error)).err).toBe('bad\nconsul-gitops: bad\n');
  });

  it('redacts secrets from stderr', async () => {
    const result = await run(['rules'], new UsageError(`CONSUL_HTTP_TOKEN=${TOKEN}`));
    expect(result.err).toBe('consul-gitops: CONSUL_HTTP_TOKEN=[redacted]\n');
  });

  it('keeps the manifests render prints as they are, and redacts the report validate prints', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'consul-gitops-main-'));
    try {
      const kustomize = join(dir, 'kustomize.sh');
      await copyFile(join(REPO_ROOT, 'tests/fixtures/bin/file-kustomize.sh'), kustomize);
      await chmod(kustomize, 0o755);
      await mkdir(join(dir, 'app'));
      await writeFile(join(dir, 'app/kustomization.yaml'), 'resources: []\n');
      const manifest = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: CONSUL_HTTP_TOKEN=${TOKEN}\n  namespace: x\n`;
      await writeFile(join(dir, 'app/rendered.yaml'), manifest);
      const io = capture();
      const code = await main(['render', 'app', '--kustomize', kustomize], { ...io.io, cwd: dir });
      expect({ code, out: io.out.join(''), err: io.err.join('') }).toEqual({ code: 0, out: manifest, err: '' });
      const checked = capture();
      await main(['validate', '-f', 'app/rendered.yaml', '--format', 'json', '-q'], { ...checked.io, cwd: dir });
      const report = checked.out.join('');
      expect(report).toContain('CONSUL_HTTP_TOKEN=[redacted]');
      expect(report).not.toContain(TOKEN);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('keeps the manifests gate prints as they are', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'consul-gitops-main-'));
    try {
      const kustomize = join(dir, 'kustomize.sh');
      await copyFile(join(REPO_ROOT, 'tests/fixtures/bin/file-kustomize.sh'), kustomize);
      await chmod(kustomize, 0o755);
      const manifest = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: x\ndata:\n  script: "CONSUL_HTTP_TOKEN=${TOKEN}"\n`;
      await writeFile(join(dir, 'kustomization.yaml'), 'resources: []\n');
      await writeFile(join(dir, 'rendered.yaml'), manifest);
      const io = capture();
      const code = await main(['gate', '.', '--kustomize', kustomize], { ...io.io, cwd: dir });
      expect({ code, out: io.out.join('') }).toEqual({ code: 0, out: manifest });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("keeps the files generate --check prints as they are (a generated file's text is data)", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'consul-gitops-main-'));
    try {
      await copyFile(join(REPO_ROOT, 'tests/fixtures/spec/valid.yaml'), join(dir, 'environments.yaml'));
      expect(await main(['generate'], { ...capture().io, cwd: dir })).toBe(0);
      const file = join(dir, 'base/kustomization.yaml');
      await writeFile(file, `${await readFile(file, 'utf8')}# CONSUL_HTTP_TOKEN=${TOKEN}\n`);
      const io = capture();
      expect(await main(['generate', '--check'], { ...io.io, cwd: dir })).toBe(1);
      expect(io.out.join('')).toContain(`-# CONSUL_HTTP_TOKEN=${TOKEN}\n`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
