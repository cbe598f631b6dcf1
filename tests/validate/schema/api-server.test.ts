/**
 * `--schema-backend api-server` against the real kube-apiserver (the pinned build of tools/go/apiserver):
 * the repository's renders pass and the report names the server; what the server rejects fails at the
 * source file:line with the server's message; a server warning is a warning. And its lifecycle: no
 * supervisor process and no temporary folder is left after a normal run, a failing run, a server that
 * does not start, or SIGTERM, SIGHUP and SIGKILL of the CLI while the server runs. Needs the built server:
 * skipped with a reason without Go, a failure under CONSUL_GITOPS_REQUIRE_GO_TOOLS=1 (CI).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiServerPins } from '../../../tools/src/render/apiserver-build.js';
import { EnvironmentError } from '../../../tools/src/model/errors.js';
import { startApiServer } from '../../../tools/src/validate/schema/api-server-process.js';
import { apiServerSchemaEngine, apiServerVerdicts } from '../../../tools/src/validate/schema/api-server.js';
import { parseRendered } from '../../../tools/src/parse/documents.js';
import { pinnedApiServer } from '../../helpers/go-tools.js';
import { CLI, REPO_ROOT } from '../../helpers/repo.js';
import type { JsonFinding, JsonReport } from '../../helpers/json-report.js';

const binary = pinnedApiServer();
const SERVER = `kube-apiserver ${apiServerPins().kubernetes}`;
const FIXTURES = 'tests/fixtures/api-server';
const PREFIX = 'consul-gitops-apiserver-';

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'api-server-test-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A private TMPDIR per run: the server's folder (Go's os.TempDir and Node's tmpdir both read TMPDIR) is made there. */
function privateTmp(name: string): string {
  const dir = join(scratch, name);
  rmSync(dir, { recursive: true, force: true });
  return mkdtempSync(`${dir}-`);
}

const serverFolders = (tmp: string): string[] => readdirSync(tmp).filter((entry) => entry.startsWith(PREFIX));

/** The supervisors started by a process (their -parent-pid), from /proc. */
function supervisorsOf(parent: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        return args[0]?.endsWith('kube-apiserver-supervised') && args[args.indexOf('-parent-pid') + 1] === String(parent);
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** The reapers (`-reap <folder>`) of server folders in `tmp`, from /proc. */
function reapersIn(tmp: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        return args[0]?.endsWith('kube-apiserver-supervised') && args[1] === '-reap' && args[2]?.startsWith(`${tmp}/`);
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Nothing left: no supervisor of `parent` running, no reaper, no server folder in `tmp` (it may take them a moment). */
async function expectNothingLeft(parent: number, tmp: string): Promise<void> {
  const left = () => supervisorsOf(parent).length + reapersIn(tmp).length + serverFolders(tmp).length;
  for (let waited = 0; waited < 60_000 && left() > 0; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
  expect(supervisorsOf(parent)).toEqual([]);
  expect(reapersIn(tmp)).toEqual([]);
  expect(serverFolders(tmp)).toEqual([]);
}

async function validate(dirs: readonly string[], tmp: string) {
  const child = execa('node', [CLI, 'validate', '--schema-backend', 'api-server', '--rules', 'none', '--format', 'json', ...dirs], {
    cwd: REPO_ROOT,
    reject: false,
    env: { TMPDIR: tmp },
  });
  const result = await child;
  return { child, result, report: JSON.parse(String(result.stdout)) as JsonReport };
}

describe('without the server build', () => {
  it('no Go and nothing built: an EnvironmentError (exit 2) in one line, how to build it and what to use instead; nothing started', async () => {
    const engine = apiServerSchemaEngine({
      env: { PATH: join(scratch, 'no-go') },
      binDir: join(scratch, 'no-bin'),
      progress: () => undefined,
    });
    const parsed = parseRendered({ yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n', file: 'x.yaml' });
    const run = engine.validate(parsed.resources, {});
    await expect(run).rejects.toThrow(EnvironmentError);
    await expect(run).rejects.toThrow(
      /^kube-apiserver not built \(go not found on PATH\): the api-server backend builds it from tools\/go\/apiserver with Go >= 1\.26 \(`npm run build && node tools\/scripts\/go-tools\.mjs --api-server`\); or use --schema-backend offline or kubeconform$/,
    );
    expect(engine.server()).toBeUndefined();
    await engine.close();
  });
});

describe.skipIf(!binary)('the api-server backend on the real kube-apiserver', () => {
  it('the repository renders (every overlay and argocd/) pass, on one server, and the report names it; nothing is left', async () => {
    const tmp = privateTmp('repo');
    const { child, result, report } = await validate([], tmp);
    expect(result.exitCode, String(result.stderr)).toBe(0);
    expect(report.tool.schemaBackend).toBe(SERVER);
    expect(report.tool.kubernetesVersion).toBe(apiServerPins().kubernetes.slice(1));
    expect(report.overlays.map((overlay) => overlay.path)).toContain('argocd');
    expect(report.overlays.flatMap((overlay) => overlay.findings.filter((finding) => finding.severity === 'error'))).toEqual([]);
    await expectNothingLeft(child.pid!, tmp);
  }, 900_000);

  describe('fixtures: one server for all of them; the server message at the source file:line', () => {
    let report: JsonReport;
    let exitCode: number | undefined;
    beforeAll(async () => {
      const tmp = privateTmp('fixtures');
      const names = readdirSync(join(REPO_ROOT, FIXTURES)).sort();
      const run = await validate(
        names.map((name) => `${FIXTURES}/${name}`),
        tmp,
      );
      report = run.report;
      exitCode = run.result.exitCode;
      await expectNothingLeft(run.child.pid!, tmp);
    }, 900_000);
    const findingsOf = (name: string): JsonFinding[] =>
      report.overlays
        .find((overlay) => overlay.path === `${FIXTURES}/${name}`)!
        .findings.filter((finding) => finding.rule === 'api-server');

    it('a failing run (exit 1) leaves nothing behind either', () => {
      expect(exitCode).toBe(1);
    });

    it('pass: the committed dev overlay raises nothing', () => {
      expect(findingsOf('pass')).toEqual([]);
    });

    it.each([
      {
        name: 'fail-container-name',
        kind: 'StatefulSet',
        file: `${FIXTURES}/fail-container-name/server-container.yaml`,
        line: 9,
        message: /^spec\.template\.spec\.containers\[\d+\]\.name: Invalid value: "Consul": a lowercase RFC 1123 label/,
      },
      {
        name: 'fail-selector',
        kind: 'Deployment',
        // The server names the template's labels (in base/), not the selector the fixture changed.
        file: 'base/sync-catalog-deployment.yaml',
        line: 20,
        message: /^spec\.template\.metadata\.labels: Invalid value: .*`selector` does not match template `labels`$/,
      },
      {
        name: 'fail-unknown-field',
        kind: 'StatefulSet',
        file: `${FIXTURES}/fail-unknown-field/server-replica.yaml`,
        line: 6,
        message: /\.spec\.replica: field not declared in schema/,
      },
    ])('$name: an api-server error on the $kind at $file:$line', ({ name, kind, file, line, message }) => {
      const errors = findingsOf(name).filter((finding) => finding.severity === 'error');
      expect(errors.length, JSON.stringify(findingsOf(name))).toBeGreaterThan(0);
      const [finding] = errors;
      expect(finding).toMatchObject({ kind, file, line });
      expect(finding!.message).toMatch(message);
    });

    it('warn-deprecated-node-label: the server warning is a warning finding at its source line, and the overlay still passes', () => {
      const findings = findingsOf('warn-deprecated-node-label');
      expect(findings).toMatchObject([{ severity: 'warning', kind: 'Deployment', name: 'consul-sync-catalog' }]);
      expect(findings[0]).toMatchObject({ file: `${FIXTURES}/warn-deprecated-node-label/node-selector.yaml`, line: 9 });
      expect(findings[0]!.message).toBe(
        'spec.template.spec.nodeSelector[beta.kubernetes.io/arch]: deprecated since v1.14; use "kubernetes.io/arch" instead',
      );
      expect(report.overlays.find((overlay) => overlay.path === `${FIXTURES}/warn-deprecated-node-label`)!.ok).toBe(true);
    });
  });

  it('gate --schema-backend api-server: the accepted render is printed; a rejected one is not, with the server message', async () => {
    const tmp = privateTmp('gate');
    const gate = (dir: string) =>
      execa('node', [CLI, 'gate', '--schema-backend', 'api-server', dir], { cwd: REPO_ROOT, reject: false, env: { TMPDIR: tmp } });
    const ok = await gate(`${FIXTURES}/pass`);
    expect(ok.exitCode, String(ok.stderr)).toBe(0);
    expect(String(ok.stdout)).toContain('kind: StatefulSet');
    expect(String(ok.stderr)).toContain(`schemas: ${SERVER}`);
    const child = gate(`${FIXTURES}/fail-container-name`);
    const rejected = await child;
    expect(rejected.exitCode).toBe(1);
    expect(String(rejected.stdout)).toBe('');
    expect(String(rejected.stderr)).toMatch(
      /error {3}api-server StatefulSet\/consul-server: spec\.template\.spec\.containers\[0\]\.name: Invalid\s+value: "Consul"/,
    );
    await expectNothingLeft(child.pid!, tmp);
  }, 300_000);

  it("diff --api-server: the base applied for real, the head dry-run as its update; an immutable change is the server's error too", async () => {
    const tmp = privateTmp('diff');
    const repo = join(scratch, 'diff-repo');
    await execa('git', ['clone', '-q', REPO_ROOT, repo]);
    const diff = (dir: string) => {
      const child = execa('node', [CLI, 'diff', '--base', 'HEAD', '--api-server', '--format', 'json', dir], {
        cwd: repo,
        reject: false,
        env: { TMPDIR: tmp, CI: 'true' },
      });
      return child.then((result) => ({
        child,
        result,
        report: JSON.parse(String(result.stdout)) as { environments: { findings: JsonFinding[] }[] },
      }));
    };
    const unchanged = await diff('overlays/dev');
    expect(unchanged.result.exitCode, String(unchanged.result.stderr)).toBe(0);
    expect(unchanged.report.environments[0]!.findings.filter((finding) => finding.rule === 'api-server')).toEqual([]);

    const storage = join(repo, 'overlays/dev/server-storage.yaml');
    writeFileSync(storage, readFileSync(storage, 'utf8').replace('storage: 1Gi', 'storage: 2Gi'));
    const changed = await diff('overlays/dev');
    expect(changed.result.exitCode).toBe(1);
    const findings = changed.report.environments[0]!.findings;
    expect(findings.map((finding) => finding.rule)).toEqual(expect.arrayContaining(['storage-class-change', 'api-server']));
    expect(findings.find((finding) => finding.rule === 'api-server')!.message).toMatch(
      /^as an update of the base render: spec: Forbidden: updates to statefulset spec for fields other than 'replicas'/,
    );
    await expectNothingLeft(changed.child.pid!, tmp);
  }, 300_000);

  it.each(['SIGTERM', 'SIGHUP', 'SIGKILL'] as const)(
    '%s of the CLI while the server runs: the supervisor and its folder go too',
    async (signal) => {
      const tmp = privateTmp(signal);
      // Several renders after the first, so the run is still going when the signal comes, however fast the machine.
      const after = ['overlays/prod', 'overlays/staging', 'overlays/prod', 'overlays/staging', 'overlays/prod', 'overlays/staging'];
      const child = execa('node', [CLI, 'validate', '--schema-backend', 'api-server', '--rules', 'none', 'overlays/dev', ...after], {
        cwd: REPO_ROOT,
        reject: false,
        env: { TMPDIR: tmp },
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      for (let waited = 0; waited < 120_000 && !stderr.includes('checked overlays/dev'); waited += 50)
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(stderr).toContain('checked overlays/dev');
      expect(supervisorsOf(child.pid!)).toHaveLength(1);
      expect(serverFolders(tmp)).toHaveLength(1);
      child.kill(signal);
      const result = await child;
      expect(result.exitCode === undefined ? result.signal : result.exitCode).not.toBe(0);
      await expectNothingLeft(child.pid!, tmp);
    },
    180_000,
  );

  it('started and stopped directly: ready on 127.0.0.1, its memory readable, then no process and no folder', async () => {
    const tmp = privateTmp('direct');
    const server = await startApiServer({ binary: binary!, version: 'v1.36.3', tmpRoot: tmp });
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(existsSync(server.dir)).toBe(true);
    expect(server.memory().peak).toBeGreaterThan(50 * 1024 * 1024);
    await server.stop();
    await expectNothingLeft(process.pid, tmp);
  }, 120_000);

  it('the supervisor itself killed (as a fatal error of etcd or the apiserver ends it, mid-removal or before): its reaper removes the folder', async () => {
    const tmp = privateTmp('supervisor-killed');
    const server = await startApiServer({ binary: binary!, version: 'v1.36.3', tmpRoot: tmp });
    expect(serverFolders(tmp)).toHaveLength(1);
    const reapers = reapersIn(tmp);
    expect(reapers).toHaveLength(1);
    // The reaper has its own process group, so a Ctrl-C to the CLI's group does not end it before the supervisor.
    expect(readFileSync(`/proc/${reapers[0]}/stat`, 'utf8').split(') ')[1]?.split(' ')[2]).toBe(String(reapers[0]));
    const [supervisor] = supervisorsOf(process.pid);
    expect(supervisor).toBeDefined();
    process.kill(supervisor!, 'SIGKILL');
    await expectNothingLeft(process.pid, tmp);
    await server.stop();
  }, 120_000);

  it('a server that does not start is an EnvironmentError with its last line, and leaves nothing', async () => {
    const tmp = privateTmp('no-start');
    const failing = startApiServer({ binary: binary!, version: 'v1.36.3', tmpRoot: join(tmp, 'missing', 'folder') });
    await expect(failing).rejects.toThrow(EnvironmentError);
    await expect(failing).rejects.toThrow(/^kube-apiserver did not start: the supervisor exited with 2: .*cannot make a temporary folder/);
    await expectNothingLeft(process.pid, tmp);
  }, 60_000);

  it('apiServerVerdicts: the verdict and messages per manifest, on one server', async () => {
    const tmp = privateTmp('verdicts');
    const verdicts = await apiServerVerdicts(
      [
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n  namespace: corpus\ndata:\n  a: b\n',
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: corpus\nspec:\n  containers:\n    - name: Bad\n      image: busybox\n',
        'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n',
        // The document goes as written: the server's YAML reader (as kubectl's) takes a plain `on` for a boolean.
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: flags\n  namespace: corpus\ndata:\n  enabled: on\n',
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: quoted\n  namespace: corpus\ndata:\n  enabled: "on"\n',
        // Privileged containers are Pod Security's business, as on a real cluster (--allow-privileged).
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: privileged\n  namespace: corpus\nspec:\n  containers:\n    - name: c\n      image: busybox\n      securityContext: {privileged: true}\n',
      ],
      { tmpRoot: tmp },
    );
    expect(verdicts[3]).toMatchObject({
      verdict: 'rejected',
      messages: [expect.stringMatching(/\.data\.enabled: expected string, got .*true/)],
    });
    expect(verdicts[4]).toEqual({ verdict: 'accepted', messages: [], warnings: [] });
    expect(verdicts[5]).toEqual({ verdict: 'accepted', messages: [], warnings: [] });
    expect(verdicts[0]).toEqual({ verdict: 'accepted', messages: [], warnings: [] });
    expect(verdicts[1]).toMatchObject({ verdict: 'rejected' });
    expect(verdicts[1]!.messages).toEqual([expect.stringMatching(/^spec\.containers\[0\]\.name: Invalid value: "Bad"/)]);
    expect(verdicts[2]!.verdict).toBe('rejected');
    expect(verdicts[2]!.messages[0]).toMatch(/does not serve example\.com\/v1 Widget/);
    await expectNothingLeft(process.pid, tmp);
  }, 120_000);
});
