/**
 * The schema corpus through the offline engine, on the CLI's own path (parseRendered, then the engine),
 * and a few cases through the built CLI for exit codes and file:line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { execa } from 'execa';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { offlineSchemaEngine } from '../../../tools/src/validate/schema/offline.js';
import { CLI, REPO_ROOT, unwrapped } from '../../helpers/repo.js';
import { caseFiles, loadCorpus, parseCase, reduceFinding, runCase, sortExpected } from './corpus.js';

const corpus = loadCorpus();
const engine = offlineSchemaEngine();
const valid = corpus.filter((corpusCase) => corpusCase.findings.length === 0);
const invalid = corpus.filter((corpusCase) => corpusCase.findings.length > 0);

describe('the schema corpus', () => {
  it('has an expectation for every case file and a case file for every expectation, at least 45 cases', () => {
    expect(corpus.map((corpusCase) => corpusCase.name).sort()).toEqual(caseFiles());
    expect(corpus.length).toBeGreaterThanOrEqual(45);
    expect(valid.length).toBeGreaterThan(15);
    expect(invalid.length).toBeGreaterThan(25);
  });

  it('has a valid case for every kind the base uses', () => {
    const baseKinds = readdirSync(resolve(REPO_ROOT, 'base'))
      .filter((file) => file.endsWith('.yaml') && file !== 'kustomization.yaml')
      .flatMap((file) =>
        parseAllDocuments(readFileSync(resolve(REPO_ROOT, 'base', file), 'utf8')).map(
          (document) => (document.toJS() as { kind?: string } | null)?.kind,
        ),
      )
      .filter((kind): kind is string => typeof kind === 'string');
    const validKinds = new Set(valid.flatMap((corpusCase) => parseCase(corpusCase).resources.map((resource) => resource.ref.kind)));
    expect(baseKinds.length).toBeGreaterThan(5);
    expect([...new Set(baseKinds)].filter((kind) => !validKinds.has(kind))).toEqual([]);
  });

  it.each(valid.map((corpusCase) => [corpusCase.name, corpusCase] as const))('%s: no finding at all', async (_name, corpusCase) => {
    expect(await runCase(engine, corpusCase)).toEqual([]);
  });

  it.each(invalid.map((corpusCase) => [corpusCase.name, corpusCase] as const))(
    '%s: exactly the expected rule, resource, JSON path and line',
    async (_name, corpusCase) => {
      const findings = await runCase(engine, corpusCase);
      expect(sortExpected(findings.map(reduceFinding))).toEqual(sortExpected(corpusCase.findings));
    },
  );

  it('every schema finding says where (file, line, dotted path) and how to fix it', async () => {
    for (const corpusCase of invalid) {
      for (const finding of await runCase(engine, corpusCase)) {
        expect(finding.location?.file, corpusCase.name).toBe(`${corpusCase.name}.yaml`);
        expect(finding.location?.line, corpusCase.name).toBeGreaterThan(0);
        expect(finding.message.length, corpusCase.name).toBeGreaterThan(10);
        if (finding.rule.startsWith('schema')) expect(finding.hint, corpusCase.name).toBeTruthy();
        if (finding.rule === 'schema' && finding.path)
          expect(finding.message.startsWith(finding.path.slice(1).split('/')[0]!), `${corpusCase.name}: ${finding.message}`).toBe(true);
      }
    }
  });

  it.each([
    ['statefulset-replica-typo', /spec\.replica: unknown field \(not in StatefulSetSpec\); did you mean "replicas"\?/],
    ['unknown-field-in-metadata', /metadata\.label: unknown field \(not in ObjectMeta\); did you mean "labels"\?/],
    ['wrong-type-string-for-integer', /spec\.replicas: must be an int32 \(an integer from -2147483648 to 2147483647\), got string "3"/],
    ['int-or-string-boolean', /spec\.maxUnavailable: must be an integer \(int32\) or a string, got boolean true/],
    ['quantity-invalid', /must be a quantity .*got string "lots"/],
    ['missing-required-statefulset-selector', /spec\.selector: required field missing/],
    ['duplicate-keys', /duplicate key/],
    ['unknown-api-version', /no schema for apps\/v1beta1 StatefulSet/],
  ])('%s: the message names the field and the problem', async (name, pattern) => {
    const corpusCase = corpus.find((candidate) => candidate.name === name)!;
    const messages = (await runCase(engine, corpusCase)).map((finding) => finding.message);
    expect(messages.join('\n')).toMatch(pattern);
  });

  it('suggests the versions Kubernetes serves for a known kind under an unknown apiVersion', async () => {
    const corpusCase = corpus.find((candidate) => candidate.name === 'unknown-api-version')!;
    const [finding] = await runCase(engine, corpusCase);
    expect(finding?.hint).toMatch(/known versions of StatefulSet: apps\/v1/);
  });

  it('treats a custom kind as missing without the CRD folder', async () => {
    const corpusCase = corpus.find((candidate) => candidate.name === 'valid-crd-service-defaults')!;
    const findings = await engine.validate(parseCase(corpusCase).resources, {});
    expect(findings.map(reduceFinding)).toEqual([
      { rule: 'schema-missing', severity: 'error', resource: 'ServiceDefaults/web', path: '', line: 2 },
    ]);
  });
});

async function cli(args: string[], env: Record<string, string> = {}, backend = 'offline') {
  // The offline backend explicitly (auto is offline too, unless KUBECONFORM is set: the parity suite covers kubeconform).
  const result = await execa('node', [CLI, 'validate', '--schema-backend', backend, ...args], {
    cwd: REPO_ROOT,
    reject: false,
    env: { CI: 'true', ...env },
  });
  // The text report wraps long findings: continuation lines (indented 4) joined back for matching.
  return { code: result.exitCode, stdout: unwrapped(String(result.stdout)), stderr: String(result.stderr) };
}

describe('schema findings through the CLI (real kustomize, the dev overlay plus one case)', () => {
  it('the replica typo in a patch: exit 1, the patch file and line, the suggestion', async () => {
    const { code, stdout, stderr } = await cli(['tests/fixtures/schema/cli/replica-typo', '--quiet']);
    expect(stderr).toBe('');
    expect(code, stdout).toBe(1);
    expect(stdout).toMatch(
      /error\s+schema\s+StatefulSet\/consul-server: spec\.replica: unknown field \(not in StatefulSetSpec\); did you mean "replicas"\?/,
    );
    expect(stdout).toContain('tests/fixtures/schema/cli/replica-typo/server-replica.yaml:6');
    expect(stdout).toMatch(/: 1 error, 0 warnings/);
  });

  it('a custom resource without its CRD: schema-missing, exit 1', async () => {
    const { code, stdout } = await cli(['tests/fixtures/schema/cli/custom-resource']);
    expect(code, stdout).toBe(1);
    expect(stdout).toMatch(/error\s+schema-missing\s+ServiceDefaults\/web: no schema for consul\.hashicorp\.com\/v1alpha1 ServiceDefaults/);
  });

  it('the same with --ignore-missing-schemas: a warning, exit 0', async () => {
    const { code, stdout } = await cli(['tests/fixtures/schema/cli/custom-resource', '--ignore-missing-schemas']);
    expect(code, stdout).toBe(0);
    expect(stdout).toMatch(/warning\s+schema-missing\s+ServiceDefaults\/web/);
    expect(stdout).toMatch(/: 0 errors, 1 warning, /);
  });

  it('the same with the CRD in --schemas: valid, exit 0', async () => {
    const { code, stdout } = await cli([
      'tests/fixtures/schema/cli/custom-resource',
      '--schemas',
      'tests/fixtures/schema/crds',
      '--format',
      'json',
    ]);
    expect(code, stdout).toBe(0);
    const report = JSON.parse(stdout) as { overlays: { ok: boolean; findings: unknown[] }[] };
    expect(report.overlays[0]).toMatchObject({ ok: true, findings: [] });
  });

  it.each(['kubeconform', 'auto'])(
    '--schema-backend %s with a KUBECONFORM that does not run: exit 2, how to fix it, no stack trace',
    async (backend) => {
      const { code, stdout, stderr } = await cli(
        ['tests/fixtures/schema/cli/custom-resource'],
        { KUBECONFORM: '/no/such/kubeconform' },
        backend,
      );
      expect(code, stdout + stderr).toBe(2);
      expect(stderr).toMatch(
        /kubeconform not found at KUBECONFORM=\/no\/such\/kubeconform: build the pinned kubeconform with `npm run go-tools` .*or use --schema-backend offline/,
      );
      expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?/);
    },
  );

  it('a typo in a custom resource with the CRD in --schemas: exit 1 at the resource file and line', async () => {
    const { code, stdout } = await cli(['tests/fixtures/schema/cli/custom-resource-typo', '--schemas', 'tests/fixtures/schema/crds']);
    expect(code, stdout).toBe(1);
    expect(stdout).toMatch(/error\s+schema\s+ServiceDefaults\/web: spec\.protocl: unknown field .*did you mean "protocol"\?/);
    expect(stdout).toContain('tests/fixtures/schema/cli/custom-resource-typo/service-defaults.yaml:8');
  });
});
