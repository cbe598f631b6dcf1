/**
 * The kubeconform backend on the real, pinned kubeconform (tools/go/bin, built by `npm run go-tools`):
 * its JSON report for a stream with every kind of problem, mapped to findings at the offending field
 * and line; its arguments (offline: only local schema roots); the schema layout it reads. The pure
 * mapping of its report has table tests in kubeconform-report.test.ts. Skipped only where Go is missing
 * (CONSUL_GITOPS_REQUIRE_GO_TOOLS=1 makes that a failure).
 */
import { chmod, mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { runChild } from '../../../tools/src/child-process.js';
import { parseRendered } from '../../../tools/src/parse/documents.js';
import { schemaData } from '../../../tools/src/validate/schema/catalog.js';
import { loadCrdTypes } from '../../../tools/src/validate/schema/crd.js';
import {
  crdSchemas,
  findKubeconform,
  kubeconformArgs,
  kubeconformSchemaEngine,
  runKubeconform,
} from '../../../tools/src/validate/schema/kubeconform.js';
import { kubeconformInputFiles } from '../../../tools/src/validate/schema/kubeconform-report.js';
import { pinnedKubeconform } from '../../helpers/go-tools.js';
import { CORPUS_DIR, CRD_DIR, loadCorpus, parseCase, reduceFinding } from './corpus.js';

// runChild passes through to the real one; a case may answer for it once (a kubeconform that times out).
vi.mock('../../../tools/src/child-process.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../tools/src/child-process.js')>();
  return { ...actual, runChild: vi.fn(actual.runChild) };
});

const binary = await pinnedKubeconform();
const parsed = parseRendered({ yaml: readFileSync(resolve(CORPUS_DIR, 'kubeconform/input.yaml'), 'utf8'), file: 'input.yaml' });
const noCrds = loadCrdTypes([]);

describe.skipIf(!binary)(`kubeconform ${binary?.version ?? '(not built)'} on a stream with every kind of problem`, () => {
  // describe.skipIf still runs this body to collect the tests: nothing here may need the binary.
  const engine = binary ? kubeconformSchemaEngine(binary) : (undefined as never);

  it('reports every problem at the offending field, with the line of its own resource (two ConfigMaps share a name)', async () => {
    const findings = (await engine.validate(parsed.resources, {})).map(reduceFinding);
    expect(findings.sort((a, b) => `${a.line} ${a.path}`.localeCompare(`${b.line} ${b.path}`, 'en', { numeric: true }))).toEqual([
      { rule: 'schema', severity: 'error', resource: 'StatefulSet/consul-server', path: '/spec/selector', line: 5 },
      { rule: 'schema', severity: 'error', resource: 'StatefulSet/consul-server', path: '/spec/replica', line: 6 },
      { rule: 'schema', severity: 'error', resource: 'PodDisruptionBudget/consul-server', path: '/spec/maxUnavailable', line: 22 },
      { rule: 'schema', severity: 'error', resource: 'ConfigMap/consul-server-config', path: '/data/bootstrap-expect', line: 29 },
      { rule: 'schema-missing', severity: 'error', resource: 'Widget/gizmo', path: '', line: 36 },
      { rule: 'schema', severity: 'error', resource: 'ConfigMap/consul-server-config', path: '/metadata/label', line: 45 },
      { rule: 'schema', severity: 'error', resource: 'ConfigMap/consul-server-config', path: '/metadata/labels/tier', line: 48 },
    ]);
  });

  it('writes messages with the dotted path and keeps kubeconform’s own words', async () => {
    const messages = (await engine.validate(parsed.resources, {})).map((finding) => finding.message);
    expect(messages).toContain("spec.replica: unknown field (kubeconform: additional properties 'replica' not allowed)");
    expect(messages).toContain("spec.selector: required field missing (kubeconform: missing property 'selector')");
    expect(messages.find((message) => message.startsWith('spec.maxUnavailable: '))).toMatch(/anyOf failed|want/);
    expect(messages).toContain('no schema for example.com/v1 Widget (kubeconform: could not find schema for Widget)');
  });

  it('with --ignore-missing-schemas kubeconform skips the kind, and that is a warning, not silence', async () => {
    const widget = parsed.resources.filter((resource) => resource.ref.kind === 'Widget');
    const raw = JSON.parse(await runKubeconform(binary!, widget, { ignoreMissingSchemas: true }, noCrds, {})) as {
      resources: { status: string }[];
    };
    expect(raw.resources.map((result) => result.status)).toEqual(['statusSkipped']);
    expect((await engine.validate(widget, { ignoreMissingSchemas: true })).map(reduceFinding)).toEqual([
      { rule: 'schema-missing', severity: 'warning', resource: 'Widget/gizmo', path: '', line: 36 },
    ]);
  });

  it('reads a kind from --schemas through a temporary layout of the same shape', async () => {
    const corpusCase = loadCorpus().find((candidate) => candidate.name === 'crd-service-defaults-unknown-field')!;
    const findings = await engine.validate(parseCase(corpusCase).resources, { schemaDirs: [CRD_DIR] });
    expect(findings.map(reduceFinding)).toEqual([
      { rule: 'schema', severity: 'error', resource: 'ServiceDefaults/web', path: '/spec/protocl', line: 7 },
    ]);
  });

  it('needs no network: every schema comes from a local root (a location that cannot be reached is never tried)', async () => {
    // An unreachable registry after ours: kubeconform only falls through to it for a kind ours lacks.
    const env = { KUBECONFORM_SCHEMA_LOCATION: 'https://127.0.0.1:9/{{ .ResourceKind }}.json' };
    const valid = parsed.resources.filter((resource) => resource.ref.kind === 'ServiceAccount');
    expect(await kubeconformSchemaEngine(binary!, env).validate(valid, {})).toEqual([]);
  });

  it('a kubeconform that dies is exit 2 with how to fix it, not findings', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubeconform-broken-'));
    try {
      const broken = join(dir, 'kubeconform');
      await writeFile(broken, '#!/bin/sh\necho "panic: runtime error" >&2\nexit 3\n');
      await chmod(broken, 0o755);
      const error = await kubeconformSchemaEngine({ command: broken, source: 'env', version: 'v0.0.0' })
        .validate(parsed.resources, {})
        .catch((caught: unknown) => caught);
      expect(String(error)).toMatch(
        /kubeconform \(.*\) exited with 3: panic: runtime error; build the pinned kubeconform with `npm run go-tools`/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('kubeconform arguments and input', () => {
  it('sends JSON files, so a YAML 1.1 reader (kubeconform) sees the same values: "yes" stays a string', () => {
    const corpus = loadCorpus();
    const resources = parseCase(corpus.find((corpusCase) => corpusCase.name === 'argocd-application-wrong-type')!).resources;
    const files = kubeconformInputFiles(resources);
    expect([...files.keys()]).toEqual(resources.map((_, index) => `${String(index).padStart(6, '0')}.json`));
    const read = [...files.values()].map((text) => parseAllDocuments(text, { version: '1.1' })[0]!.toJS() as unknown);
    expect(read).toEqual(resources.map((resource) => resource.object));
    expect(JSON.stringify(read)).toContain('"prune":"yes"');
  });

  it('runs strict, JSON with every result, the pinned Kubernetes version, only the given local roots, then the input folder', () => {
    const args = kubeconformArgs({ ignoreMissingSchemas: true }, {}, ['/cache/abc', '/tmp/crds'], '/tmp/in');
    expect(args).toEqual([
      '-strict',
      '-output',
      'json',
      '-verbose',
      '-kubernetes-version',
      `${schemaData().kubernetesVersion}.0`,
      '-schema-location',
      '/cache/abc',
      '-schema-location',
      '/tmp/crds',
      '-ignore-missing-schemas',
      '/tmp/in',
    ]);
    expect(
      kubeconformArgs({}, { KUBECONFORM_SCHEMA_LOCATION: '/mirror,/other' }, ['/cache/abc'], '/in').filter(
        (_, index, all) => all[index - 1] === '-schema-location',
      ),
    ).toEqual(['/cache/abc', '/mirror', '/other']);
  });

  it('writes CRD schemas only for the kinds the built-in layout lacks', () => {
    const corpus = loadCorpus();
    const resources = ['valid-statefulset', 'valid-argocd-application', 'valid-crd-service-defaults'].flatMap(
      (name) => parseCase(corpus.find((corpusCase) => corpusCase.name === name)!).resources,
    );
    expect([...crdSchemas(resources, loadCrdTypes([CRD_DIR])).keys()]).toEqual(['servicedefaults-consul-v1alpha1.json']);
  });
});

/** A stand-in kubeconform: a shell script in a folder of its own. */
async function script(dir: string, body: string, name = 'kubeconform'): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, name);
  await writeFile(path, `#!/bin/sh\n${body}\n`);
  await chmod(path, 0o755);
  return path;
}

describe('findKubeconform: KUBECONFORM, then the pinned build, then PATH', () => {
  let scratch = '';
  const fresh = async (): Promise<string> => (scratch = await mkdtemp(join(tmpdir(), 'kubeconform-find-')));
  afterEach(async () => {
    vi.unstubAllEnvs();
    if (scratch) await rm(scratch, { recursive: true, force: true });
    scratch = '';
  });
  const answersV = (version: string): string => `[ "$1" = "-v" ] || exit 5\nprintf '${version}\\n\\n'`;
  // A slow answer is still an answer: the limit is a hang guard of seconds.
  const answersSlowly = (version: string): string => `sleep 0.3\n${answersV(version)}`;

  it('KUBECONFORM: its `-v` answer, trimmed; a silent one is "unknown"; one that fails is exit 2', async () => {
    const dir = await fresh();
    const env = await script(join(dir, 'env'), answersSlowly('v9.9.9'));
    expect(await findKubeconform({ KUBECONFORM: env }, true, join(dir, 'none'))).toEqual({
      command: env,
      source: 'env',
      version: 'v9.9.9',
    });
    const silent = await script(join(dir, 'silent'), '[ "$1" = "-v" ] || exit 5');
    expect(await findKubeconform({ KUBECONFORM: silent }, true, join(dir, 'none'))).toEqual({
      command: silent,
      source: 'env',
      version: 'unknown',
    });
    const failing = await script(join(dir, 'failing'), 'exit 1');
    await expect(findKubeconform({ KUBECONFORM: failing }, false, join(dir, 'none'))).rejects.toThrow(
      `kubeconform not found at KUBECONFORM=${failing}: build the pinned kubeconform`,
    );
  });

  it('the pinned build: the version its stamp records (the binary is not asked), else its `-v` answer', async () => {
    const dir = await fresh();
    vi.stubEnv('PATH', join(dir, 'empty'));
    const bin = join(dir, 'bin');
    const built = await script(bin, answersV('v1.2.3'));
    expect(await findKubeconform({}, true, bin)).toEqual({ command: built, source: 'go-build', version: 'v1.2.3' });
    await writeFile(
      join(bin, 'go-tools.json'),
      JSON.stringify({ fingerprint: 'x', goVersion: 'go1', versions: { kubeconform: 'v0.7.0' } }),
    );
    const later = new Date(Date.now() + 60_000);
    await utimes(join(bin, 'go-tools.json'), later, later);
    expect(await findKubeconform({}, true, bin)).toEqual({ command: built, source: 'go-build', version: 'v0.7.0' });
  });

  it('PATH, when the pinned build is missing or does not run; nothing at all is exit 2 only when required', async () => {
    const dir = await fresh();
    const bin = join(dir, 'bin');
    await script(bin, 'exit 1');
    vi.stubEnv('PATH', join(dir, 'path'));
    await script(join(dir, 'path'), answersV('v0.6.0'));
    expect(await findKubeconform({}, true, bin)).toEqual({ command: 'kubeconform', source: 'path', version: 'v0.6.0' });
    vi.stubEnv('PATH', join(dir, 'empty'));
    expect(await findKubeconform({}, false, bin)).toBeUndefined();
    await expect(findKubeconform({}, true, bin)).rejects.toThrow(
      `kubeconform not found (looked in ${join(bin, 'kubeconform')} and on PATH): build the pinned kubeconform with \`npm run go-tools\``,
    );
  });
});

describe('runKubeconform and the engine, on a stand-in kubeconform', () => {
  const configMap = parseRendered({ yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n', file: 'in.yaml' }).resources;
  let scratch = '';
  const fresh = async (): Promise<string> => (scratch = await mkdtemp(join(tmpdir(), 'kubeconform-stand-in-')));
  afterEach(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
    scratch = '';
  });

  it('runs in a scratch folder of its own (consul-gitops-kubeconform-*), removed after; no CRD layout when no kind needs one', async () => {
    // Prints its arguments, then the files of the input folder (the last argument).
    const echo = await script(await fresh(), 'printf \'%s\\n\' "$@"\nfor last; do :; done\nls "$last"');
    const lines = (await runKubeconform({ command: echo, source: 'env', version: 'v0' }, configMap, {}, noCrds, {})).split('\n');
    const inputDir = lines.at(-2)!;
    expect(inputDir).toMatch(new RegExp(`^${tmpdir()}/consul-gitops-kubeconform-[^/]+/resources$`));
    expect(lines.at(-1)).toBe('000000.json');
    expect(lines.filter((line) => line === '-schema-location')).toHaveLength(1);
    expect(existsSync(dirname(inputDir))).toBe(false);
  });

  it('a scratch folder removed meanwhile (a temp cleaner) is no error', async () => {
    const cleaner = await script(await fresh(), 'for last; do :; done\nrm -rf "$(dirname "$last")"\necho \'{"resources":[]}\'');
    expect(await runKubeconform({ command: cleaner, source: 'env', version: 'v0' }, configMap, {}, noCrds, {})).toBe('{"resources":[]}');
  });

  it('a kubeconform that times out is exit 2 saying so, with the last line of what it wrote', async () => {
    vi.mocked(runChild).mockResolvedValueOnce({
      signal: 'SIGKILL',
      stdout: '',
      stderr: 'starting\nstill reading\n',
      timedOut: true,
      failed: true,
      notFound: false,
      message: '',
    });
    await expect(runKubeconform({ command: '/bin/kc', source: 'env', version: 'v0' }, configMap, {}, noCrds, {})).rejects.toThrow(
      'kubeconform (/bin/kc) timed out: still reading; build the pinned kubeconform',
    );
  });

  it('the last line of what a dying kubeconform wrote, without the blank lines after it', async () => {
    const dying = await script(await fresh(), "printf 'first\\npanic: boom\\n\\n\\n' >&2\nexit 3");
    await expect(runKubeconform({ command: dying, source: 'env', version: 'v0' }, configMap, {}, noCrds, {})).rejects.toThrow(
      `kubeconform (${dying}) exited with 3: panic: boom; build the pinned kubeconform`,
    );
  });

  it('an object without apiVersion or kind is a finding of its own, and kubeconform never sees it', async () => {
    const dying = await script(await fresh(), 'exit 3');
    const resources = parseRendered({ yaml: 'apiVersion: v1\nmetadata:\n  name: nameless\n', file: 'in.yaml' }).resources;
    const findings = await kubeconformSchemaEngine({ command: dying, source: 'env', version: 'v0' }, {}).validate(resources, {});
    expect(findings.map((finding) => [finding.rule, finding.severity, finding.message])).toEqual([
      ['schema', 'error', 'object without kind: Kubernetes cannot tell what it is'],
    ]);
  });

  it('a CRD kind’s schema carries the CRD’s constraints (minimum, maximum)', () => {
    const widget = parseRendered({
      yaml: 'apiVersion: toys.example.org/v1\nkind: Widget\nmetadata:\n  name: w\n',
      file: 'in.yaml',
    }).resources;
    const schema = crdSchemas(widget, loadCrdTypes([CRD_DIR])).get('widget-toys-v1.json') as {
      properties: { spec: { properties: Record<string, unknown> } };
    };
    expect(schema.properties.spec.properties.replicas).toEqual({ type: ['integer', 'null'], format: 'int32', minimum: 1, maximum: 9 });
  });
});
