/**
 * The overlay kind of target in process (tools/src/pipeline/overlay.ts): a render that fails or is refused becomes
 * a finding, an empty render is an error, a schema engine that fails is a finding, and the checks after the schema
 * are the policy rules unless a target gives its own.
 */
import { copyFile, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkOverlay,
  checkRendered,
  localComponentFindings,
  objectsOf,
  renderOverlay,
  validateOverlay,
} from '../../tools/src/pipeline/overlay.js';
import { loadSpec } from '../../tools/src/environments/load.js';
import type { OverlayResult } from '../../tools/src/report/result.js';
import type { SchemaEngine } from '../../tools/src/validate/schema/engine.js';
import { REPO_ROOT } from '../helpers/repo.js';
import {
  configMap,
  FILE_KUSTOMIZE,
  kustomization,
  offlineSchema,
  tempRepo,
  under,
  UNLABELLED_DEPLOYMENT,
} from '../helpers/pipeline-repo.js';

let root: string;

beforeAll(async () => {
  root = await tempRepo({
    ...under('overlays/ok', kustomization(configMap('a'))),
    ...under('overlays/broken', { ...kustomization(''), 'build-error.txt': 'Error: boom\n' }),
    ...under('overlays/out', { 'kustomization.yaml': 'resources:\n  - ../../../elsewhere\n', 'rendered.yaml': configMap('never') }),
  });
  await copyFile(join(REPO_ROOT, 'environments.yaml'), join(root, 'environments.yaml'));
});

afterAll(() => rm(root, { recursive: true }));

const failingEngine: SchemaEngine = { name: 'failing', validate: () => Promise.reject(new Error('no schemas today')) };

describe('renderOverlay', () => {
  it('renders a kustomization and reads its tree', async () => {
    const render = await renderOverlay(join(root, 'overlays/ok'), { repoRoot: root, kustomize: FILE_KUSTOMIZE }, undefined);
    expect(render).toMatchObject({ dir: join(root, 'overlays/ok'), path: 'overlays/ok', rendered: { yaml: configMap('a') } });
    expect(render.failures).toBeUndefined();
    expect(render.rendered?.originRoot).toBeUndefined();
  });

  it("builds a remote base the spec's remoteBases allows, and refuses it without", async () => {
    const text = await readFile(join(REPO_ROOT, 'tests/fixtures/spec/valid.yaml'), 'utf8');
    const remote = {
      'kustomization.yaml': 'resources:\n  - https://github.com/example-org/base?ref=abc123\n',
      'rendered.yaml': configMap('r'),
    };
    const repo = await tempRepo({
      'environments.yaml': `${text}remoteBases:\n  - https://github.com/example-org/\n`,
      ...under('overlays/r', remote),
    });
    try {
      const spec = await loadSpec(join(repo, 'environments.yaml'));
      const allowed = await renderOverlay(join(repo, 'overlays/r'), { repoRoot: repo, kustomize: FILE_KUSTOMIZE }, spec);
      expect(allowed.failures).toBeUndefined();
      expect(allowed.rendered?.yaml).toBe(configMap('r'));
      const refused = await renderOverlay(join(repo, 'overlays/r'), { repoRoot: repo, kustomize: FILE_KUSTOMIZE }, undefined);
      expect(refused.rendered).toBeUndefined();
      expect(refused.failures?.map((finding) => finding.rule)).toEqual(['kustomize-boundary']);
    } finally {
      await rm(repo, { recursive: true });
    }
  });

  it('names the source file of a finding from the tree when the render carries no origin, with its line', async () => {
    const { engine, kubernetesVersion } = await offlineSchema();
    const source = configMap('a', 'apps', '1');
    const repo = await tempRepo(
      under('overlays/x', { 'kustomization.yaml': 'resources:\n  - cm.yaml\n', 'cm.yaml': source, 'rendered.yaml': source }),
    );
    try {
      const options = { repoRoot: repo, dirs: [], kustomize: FILE_KUSTOMIZE, schema: engine, kubernetesVersion, rules: 'none' as const };
      const result = await validateOverlay(join(repo, 'overlays/x'), undefined, options);
      expect(result.findings.map((finding) => [finding.rule, finding.origin])).toEqual([
        ['schema', { file: 'overlays/x/cm.yaml', line: 7 }],
      ]);
    } finally {
      await rm(repo, { recursive: true });
    }
  });

  it('marks the location of a finding in a render as a position in the rendered stream', async () => {
    const { engine, kubernetesVersion } = await offlineSchema();
    const result = await checkRendered({ yaml: configMap('a', 'apps', '1'), path: 'x' }, undefined, {
      repoRoot: root,
      schema: engine,
      kubernetesVersion,
      rules: 'none',
    });
    expect(result.findings.map((finding) => finding.location)).toEqual([{ file: 'x', line: 7, rendered: true }]);
  });

  it('turns a failed build into a kustomize-build finding', async () => {
    const render = await renderOverlay(join(root, 'overlays/broken'), { repoRoot: root, kustomize: FILE_KUSTOMIZE }, undefined);
    expect(render.rendered).toBeUndefined();
    expect(render.failures).toEqual([
      {
        rule: 'kustomize-build',
        severity: 'error',
        message: expect.stringMatching(/^kustomize build .*overlays\/broken exited with 1: boom$/) as unknown,
        hint: 'fix the kustomization so `kustomize build` succeeds',
        location: { file: 'overlays/broken' },
      },
    ]);
  });

  it('refuses a tree that leaves the repository before kustomize starts', async () => {
    const render = await renderOverlay(join(root, 'overlays/out'), { repoRoot: root, kustomize: FILE_KUSTOMIZE }, undefined);
    expect(render.rendered).toBeUndefined();
    expect(render.failures?.map((finding) => finding.rule)).toEqual(['kustomize-boundary']);
  });
});

describe('checkOverlay', () => {
  it('reports the failures of a render that did not build, with no objects', async () => {
    const { engine, kubernetesVersion } = await offlineSchema();
    const render = await renderOverlay(join(root, 'overlays/broken'), { repoRoot: root, kustomize: FILE_KUSTOMIZE }, undefined);
    const result = await checkOverlay(render, undefined, {
      repoRoot: root,
      dirs: [],
      kustomize: FILE_KUSTOMIZE,
      schema: engine,
      kubernetesVersion,
    });
    expect(result).toMatchObject({ path: 'overlays/broken', ok: false, resources: 0, checked: [] });
    expect(result.findings.map((finding) => finding.rule)).toEqual(['kustomize-build']);
  });

  it('reports an overlay without failures nor render as failed with no finding', async () => {
    const { engine, kubernetesVersion } = await offlineSchema();
    const render = await renderOverlay(join(root, 'overlays/ok'), { repoRoot: root, kustomize: FILE_KUSTOMIZE }, undefined);
    const result = await checkOverlay({ ...render, rendered: undefined }, undefined, {
      repoRoot: root,
      dirs: [],
      kustomize: FILE_KUSTOMIZE,
      schema: engine,
      kubernetesVersion,
      rules: 'none',
    });
    expect(result).toEqual({ path: 'overlays/ok', ok: false, resources: 0, findings: [], checked: [] });
  });

  it('checks a render with the checks a target gives instead of the policy rules', async () => {
    const { engine, kubernetesVersion } = await offlineSchema();
    const render = await renderOverlay(join(root, 'overlays/ok'), { repoRoot: root, kustomize: FILE_KUSTOMIZE }, undefined);
    const seen: string[] = [];
    const result = await checkOverlay(
      render,
      undefined,
      { repoRoot: root, dirs: [], kustomize: FILE_KUSTOMIZE, schema: engine, kubernetesVersion },
      (resources) => {
        seen.push(...resources.map((resource) => resource.ref.name));
        return [{ rule: 'argocd-path', severity: 'warning', message: 'from the target', resource: resources[0]!.ref }];
      },
    );
    expect(seen).toEqual(['a']);
    expect(result.ok).toBe(true);
    expect(result.findings.map((finding) => finding.message)).toEqual(['from the target']);
    // no file of the tree defines the object (the kustomization lists no resources): no origin
    expect(result.findings[0]?.origin).toBeUndefined();
  });
});

describe('checkRendered', () => {
  it('reports an empty render as an error', async () => {
    const { engine, kubernetesVersion } = await offlineSchema();
    const result = await checkRendered({ yaml: '', path: 'overlays/x' }, undefined, { repoRoot: root, schema: engine, kubernetesVersion });
    expect(result).toEqual({
      path: 'overlays/x',
      ok: false,
      resources: 0,
      findings: [
        {
          rule: 'kustomize-build',
          severity: 'error',
          message: 'the render is empty: with prune on, Argo CD would delete everything',
          location: { file: 'overlays/x' },
        },
      ],
      checked: [],
    });
  });

  it('does not add the empty-render error to a render whose text does not parse', async () => {
    const { engine, kubernetesVersion } = await offlineSchema();
    const result = await checkRendered({ yaml: 'a: [b\n', path: 'x' }, undefined, { repoRoot: root, schema: engine, kubernetesVersion });
    expect(result.findings.map((finding) => finding.rule)).not.toContain('kustomize-build');
    expect(result.findings.length).toBeGreaterThan(0);
  });

  it('reports a schema engine that fails as a finding and goes on with the rules', async () => {
    const result = await checkRendered({ yaml: configMap('a'), path: 'x' }, undefined, {
      repoRoot: root,
      schema: failingEngine,
      kubernetesVersion: '1',
    });
    expect(result.findings).toEqual([
      { rule: 'schema', severity: 'error', message: 'schema validation could not run: no schemas today', location: { file: 'x' } },
    ]);
    expect(result.ok).toBe(false);
  });

  it('names the environment a render is labelled with, and passes the schema options', async () => {
    const { engine, kubernetesVersion } = await offlineSchema();
    const labelled = configMap('a').replace('namespace: apps\n', 'namespace: apps\n  labels:\n    environment: dev\n');
    const widget = 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n  namespace: apps\n';
    const result = await checkRendered({ yaml: `${labelled}---\n${widget}`, path: 'x' }, undefined, {
      repoRoot: root,
      schema: engine,
      kubernetesVersion,
      schemaOptions: { ignoreMissingSchemas: true },
      rules: 'none',
    });
    expect(result.environment).toBe('dev');
    expect(result.findings.map((finding) => finding.severity)).toEqual(['warning']);
    expect(result.checked).toEqual([
      { kind: 'ConfigMap', name: 'a', namespace: 'apps' },
      { kind: 'Widget', name: 'w', namespace: 'apps' },
    ]);
  });
});

describe('--rules', () => {
  type Rules = 'consul' | 'kubernetes' | 'none' | undefined;

  it.each<[Rules, boolean]>([
    [undefined, true],
    ['kubernetes', true],
    ['consul', false],
    ['none', false],
  ])('with --rules %s, the kustomization-file rules (Kubernetes rules) run: %s', async (rules, run) => {
    const { engine, kubernetesVersion } = await offlineSchema();
    const repo = await tempRepo(
      under('overlays/x', { 'kustomization.yaml': 'resources: []\ncommonLabels:\n  a: b\n', 'rendered.yaml': configMap('a') }),
    );
    try {
      const options = {
        repoRoot: repo,
        dirs: [],
        kustomize: FILE_KUSTOMIZE,
        schema: engine,
        kubernetesVersion,
        ...(rules ? { rules } : {}),
      };
      const result = await validateOverlay(join(repo, 'overlays/x'), undefined, options);
      expect(result.findings.map((finding) => finding.rule)).toEqual(run ? ['kustomize-deprecated-field'] : []);
    } finally {
      await rm(repo, { recursive: true });
    }
  });

  it.each<[Rules, string[]]>([
    [undefined, ['image-pinned', 'pod-non-root']],
    ['kubernetes', ['image-pinned', 'pod-non-root']],
    ['none', []],
  ])('with --rules %s, a render is held to the policy rules %j', async (rules, expected) => {
    const { engine, kubernetesVersion } = await offlineSchema();
    const result = await checkRendered({ yaml: UNLABELLED_DEPLOYMENT, path: 'x' }, undefined, {
      repoRoot: root,
      schema: engine,
      kubernetesVersion,
      ...(rules ? { rules } : {}),
    });
    expect([...new Set(result.findings.map((finding) => finding.rule))].sort()).toEqual(expected);
  });
});

describe('the accepted risks of the environment an overlay is', () => {
  const digest = `sha256:${'a'.repeat(64)}`;
  const entry = [{ rule: 'image-pinned', severity: 'warning', reason: 'no digest resolved yet; tag pinned to a release' }];
  // the prod server of tests/fixtures/spec/valid.yaml, which accepts image-pinned on it, with its image pinned by digest
  const server = [
    'apiVersion: apps/v1',
    'kind: StatefulSet',
    'metadata:',
    '  name: consul-server',
    '  namespace: consul-prod',
    '  annotations:',
    `    consul-gitops/accepted-risks: '${JSON.stringify(entry)}'`,
    'spec:',
    '  selector: { matchLabels: { app: consul } }',
    '  template:',
    '    metadata: { labels: { app: consul } }',
    '    spec:',
    '      containers:',
    `        - name: consul`,
    `          image: hashicorp/consul@${digest}`,
    '',
  ].join('\n');
  const stale = (result: OverlayResult): string[] =>
    result.findings
      .filter((finding) => finding.message.includes('matches no finding'))
      .map((finding) => `${finding.severity} ${finding.rule}`);

  it.each<['consul' | 'kubernetes' | 'none' | undefined, string[]]>([
    [undefined, ['error suppression']],
    ['kubernetes', ['error suppression']],
    ['consul', []],
    ['none', []],
  ])('with --rules %s, one that matches no finding of a rule that ran is stale: %j', async (rules, expected) => {
    const { engine, kubernetesVersion } = await offlineSchema();
    const spec = await loadSpec(join(REPO_ROOT, 'tests/fixtures/spec/valid.yaml'));
    const result = await checkRendered({ yaml: server, path: 'overlays/prod', dir: join(root, 'overlays/prod') }, spec, {
      repoRoot: root,
      schema: engine,
      kubernetesVersion,
      ...(rules ? { rules } : {}),
    });
    expect(stale(result)).toEqual(expected);
  });

  it('holds nothing stale in a folder that is not the overlay of an environment, nor with the checks a target gives', async () => {
    const { engine, kubernetesVersion } = await offlineSchema();
    const spec = await loadSpec(join(REPO_ROOT, 'tests/fixtures/spec/valid.yaml'));
    const options = { repoRoot: root, schema: engine, kubernetesVersion };
    expect(stale(await checkRendered({ yaml: server, path: 'other/prod', dir: join(root, 'other/prod') }, spec, options))).toEqual([]);
    expect(
      stale(
        await checkRendered({ yaml: server, path: 'overlays/prod', dir: join(root, 'overlays/prod'), policies: () => [] }, spec, options),
      ),
    ).toEqual([]);
  });
});

describe('checkRendered with an authorizer (the api-server backend)', () => {
  const golden = (): Promise<string> => readFile(join(REPO_ROOT, 'tests/fixtures/golden/prod.yaml'), 'utf8');

  it('has the engine review each permission the control plane needs, and reports its denials with its reason', async () => {
    const { engine, kubernetesVersion } = await offlineSchema();
    const requests: number[] = [];
    const authorizer: SchemaEngine = {
      name: 'api-server',
      validate: (resources, options) => engine.validate(resources, options),
      reviewAccess: (_resources, asked) => {
        requests.push(asked.length);
        return Promise.resolve(asked.map(() => ({ allowed: false, reason: 'nope' })));
      },
    };
    const result = await checkRendered({ yaml: await golden(), path: 'prod.yaml' }, undefined, {
      repoRoot: root,
      schema: authorizer,
      kubernetesVersion,
    });
    expect(requests).toHaveLength(1);
    const denials = result.findings.filter(
      (finding) => finding.rule === 'control-plane-rbac' && finding.message.includes('api-server denies it (SubjectAccessReview: nope)'),
    );
    expect(denials.length).toBeGreaterThan(0);
    expect(denials.length).toBeLessThanOrEqual(requests[0]!);
  });

  it('reports an authorizer that fails as one finding', async () => {
    const { engine, kubernetesVersion } = await offlineSchema();
    const authorizer: SchemaEngine = {
      name: 'api-server',
      validate: (resources, options) => engine.validate(resources, options),
      reviewAccess: () => Promise.reject(new Error('connection refused')),
    };
    const result = await checkRendered({ yaml: await golden(), path: 'prod.yaml' }, undefined, {
      repoRoot: root,
      schema: authorizer,
      kubernetesVersion,
    });
    expect(result.findings.filter((finding) => finding.message.startsWith('the RBAC review'))).toEqual([
      {
        rule: 'control-plane-rbac',
        severity: 'error',
        message: 'the RBAC review on api-server could not run: connection refused',
        location: { file: 'prod.yaml' },
      },
    ]);
  });

  it('asks nothing when the rule is not selected, or nothing in the render needs a permission', async () => {
    const { engine, kubernetesVersion } = await offlineSchema();
    let asked = 0;
    const authorizer: SchemaEngine = {
      name: 'api-server',
      validate: (resources, options) => engine.validate(resources, options),
      reviewAccess: () => {
        asked++;
        return Promise.resolve([]);
      },
    };
    await checkRendered({ yaml: await golden(), path: 'prod.yaml' }, undefined, {
      repoRoot: root,
      schema: authorizer,
      kubernetesVersion,
      rules: 'kubernetes',
    });
    await checkRendered({ yaml: configMap('a'), path: 'a.yaml' }, undefined, { repoRoot: root, schema: authorizer, kubernetesVersion });
    expect(asked).toBe(0);
  });
});

describe('objectsOf', () => {
  it('lists kind, name and a namespace only where there is one', async () => {
    const { engine, kubernetesVersion } = await offlineSchema();
    const yaml = `${configMap('a')}---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: apps\n`;
    const result = await checkRendered({ yaml, path: 'x' }, undefined, {
      repoRoot: root,
      schema: engine,
      kubernetesVersion,
      rules: 'none',
    });
    expect(result.checked).toStrictEqual([
      { kind: 'ConfigMap', name: 'a', namespace: 'apps' },
      { kind: 'Namespace', name: 'apps' },
    ]);
    expect(objectsOf([])).toEqual([]);
  });
});

describe('localComponentFindings', () => {
  it('renders each named overlay in name order, a failed build as its finding, a render held to its environment', async () => {
    const spec = await loadSpec(join(root, 'environments.yaml'));
    const [first] = spec.environments;
    const findings = await localComponentFindings(root, spec, [first!.name, 'broken'], FILE_KUSTOMIZE);
    // overlays/broken fails to build; overlays/<env> does not exist here and fails too
    expect(findings.map((finding) => [finding.rule, finding.location?.file])).toEqual(
      [
        ['kustomize-build', 'overlays/broken'],
        ['kustomize-build', `overlays/${first!.name}`],
      ].sort((a, b) => (a[1]! < b[1]! ? -1 : 1)),
    );
    expect(await localComponentFindings(root, spec, [], FILE_KUSTOMIZE)).toEqual([]);
  });

  it('holds a rendered overlay to its environment model (environment-completeness)', async () => {
    const spec = await loadSpec(join(root, 'environments.yaml'));
    const name = spec.environments[0]!.name;
    const repo = await tempRepo(under(`overlays/${name}`, kustomization(configMap('a', spec.environments[0]!.namespace))));
    try {
      const findings = await localComponentFindings(repo, spec, [name], FILE_KUSTOMIZE);
      expect(findings.length).toBeGreaterThan(0);
      expect(new Set(findings.map((finding) => finding.rule))).toEqual(new Set(['environment-completeness']));
    } finally {
      await rm(repo, { recursive: true });
    }
  });

  it('places a finding of the render in the rendered stream, not in a file on disk', async () => {
    const spec = await loadSpec(join(root, 'environments.yaml'));
    const name = spec.environments[0]!.name;
    const duplicate = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: ${spec.environments[0]!.namespace}\ndata:\n  k: one\n  k: two\n`;
    const repo = await tempRepo(under(`overlays/${name}`, kustomization(duplicate)));
    try {
      const parse = (await localComponentFindings(repo, spec, [name], FILE_KUSTOMIZE)).filter(
        (finding) => finding.rule !== 'environment-completeness',
      );
      expect(parse.length).toBeGreaterThan(0);
      for (const finding of parse) expect(finding.location).toMatchObject({ file: `overlays/${name}`, rendered: true });
    } finally {
      await rm(repo, { recursive: true });
    }
  });
});
