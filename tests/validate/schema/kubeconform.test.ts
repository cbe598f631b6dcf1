/**
 * The kubeconform backend on the real, pinned kubeconform (tools/go/bin, built by `npm run go-tools`):
 * its JSON report for a stream with every kind of problem, mapped to findings at the offending field
 * and line; its arguments (offline: only local schema roots); the schema layout it reads. The pure
 * mapping of its report has table tests in kubeconform-report.test.ts. Skipped only where Go is missing
 * (CONSUL_GITOPS_REQUIRE_GO_TOOLS=1 makes that a failure).
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { parseRendered } from '../../../tools/src/parse/documents.js';
import { schemaData } from '../../../tools/src/validate/schema/catalog.js';
import { loadCrdTypes } from '../../../tools/src/validate/schema/crd.js';
import { crdSchemas, kubeconformArgs, kubeconformSchemaEngine, runKubeconform } from '../../../tools/src/validate/schema/kubeconform.js';
import { kubeconformInputFiles } from '../../../tools/src/validate/schema/kubeconform-report.js';
import { pinnedKubeconform } from '../../helpers/go-tools.js';
import { CORPUS_DIR, CRD_DIR, loadCorpus, parseCase, reduceFinding } from './corpus.js';

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
