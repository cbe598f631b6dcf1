/**
 * Argo CD in `consul-gitops validate`: every cross-check is in the catalog and has fixtures under
 * tests/fixtures/argocd/<rule-id>/ (each rule's test file, tests/validate/argocd/rules/<rule-id>.test.ts, runs
 * them), argocd/ as one more entry after the overlays, and the object lists it is cross-checked against.
 */
import { chmod, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../tools/src/generate/index.js';
import { renderedObjectList } from '../../tools/src/generate/environment-model.js';
import { objectsOf } from '../../tools/src/pipeline/overlay.js';
import type { PipelineOptions } from '../../tools/src/pipeline/overlay.js';
import { validateOverlays } from '../../tools/src/pipeline/run.js';
import { resolveKustomize } from '../../tools/src/render/kustomize-binary.js';
import { ARGOCD_RULES } from '../../tools/src/validate/argocd/rules/index.js';
import { RULE_CATALOG } from '../../tools/src/rule-catalog.js';
import { selectSchemaEngine } from '../../tools/src/validate/schema/select.js';
import { REPO_ROOT, renderResources, repoSpec } from '../helpers/repo.js';
import { ARGOCD_FIXTURES, fixtureCases } from '../helpers/rule-fixtures.js';

const FIXTURES = ARGOCD_FIXTURES;
const cases = fixtureCases(FIXTURES);

let base: Omit<PipelineOptions, 'repoRoot' | 'dirs'>;
beforeAll(async () => {
  const schema = await selectSchemaEngine('offline', {});
  base = { kustomize: await resolveKustomize({ env: {} }), schema: schema.engine, kubernetesVersion: schema.kubernetesVersion };
});

describe('every Argo CD cross-check is in the catalog and has fixtures', () => {
  it.each(ARGOCD_RULES.map((rule) => rule.id))('%s is listed by `consul-gitops rules` and has a failing and a passing case', (id) => {
    expect(RULE_CATALOG.map((rule) => rule.id)).toContain(id);
    const names = cases.filter((entry) => entry.rule === id).map((entry) => entry.name);
    expect(names.some((name) => name.startsWith('pass'))).toBe(true);
    expect(names.some((name) => name.startsWith('fail'))).toBe(true);
  });

  it('every fixture folder names a cross-check', () => {
    const known = new Set<string>(ARGOCD_RULES.map((rule) => rule.id));
    expect([...new Set(cases.map((entry) => entry.rule))].filter((rule) => !known.has(rule))).toEqual([]);
  });
});

describe('consul-gitops validate and argocd/', () => {
  it('with no DIR checks argocd/ after the overlays, as one more entry', async () => {
    const run = await validateOverlays({ ...base, repoRoot: REPO_ROOT, dirs: [] });
    expect(run.overlays.map((overlay) => overlay.path)).toEqual(['overlays/dev', 'overlays/prod', 'overlays/staging', 'argocd']);
    const argocd = run.overlays.at(-1);
    expect(argocd?.findings.filter((finding) => finding.severity === 'error')).toEqual([]);
    expect(argocd?.checked.map((resource) => `${resource.kind}/${resource.name}`).sort()).toEqual([
      'AppProject/consul',
      'AppProject/consul-gitops',
      'Application/consul-dev',
      'Application/consul-gitops',
      'Application/consul-prod',
      'Application/consul-staging',
    ]);
  }, 60_000);

  it('with overlay DIRs leaves argocd/ out', async () => {
    const run = await validateOverlays({ ...base, repoRoot: REPO_ROOT, dirs: [join(REPO_ROOT, 'overlays/dev')] });
    expect(run.overlays.map((overlay) => overlay.path)).toEqual(['overlays/dev']);
  });

  it('with argocd/ as the only DIR (the Nx target) renders the overlays for context and stays clean', async () => {
    const run = await validateOverlays({ ...base, repoRoot: REPO_ROOT, dirs: [join(REPO_ROOT, 'argocd')] });
    expect(run.overlays.map((overlay) => [overlay.path, overlay.ok])).toEqual([['argocd', true]]);
  }, 60_000);

  it('checks argocd/ objects against the Argo CD schema: a misspelt field is a schema error at its line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'consul-gitops-argocd-'));
    try {
      await cp(join(FIXTURES, 'argocd-path/pass'), dir, { recursive: true });
      const file = join(dir, 'argocd/applications.yaml');
      await writeFile(file, (await readFile(file, 'utf8')).replace('      prune: true', '      prun: true'));
      const run = await validateOverlays({ ...base, repoRoot: dir, dirs: [] });
      const argocd = run.overlays.find((overlay) => overlay.path === 'argocd');
      const schema = argocd?.findings.filter((finding) => finding.rule === 'schema') ?? [];
      expect(schema.map((finding) => finding.path)).toEqual(['/spec/syncPolicy/automated/prun']);
      expect(schema[0]?.message).toMatch(/did you mean "prune"/);
      expect(schema[0]?.origin?.file ?? schema[0]?.location?.file).toMatch(/applications\.yaml$/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

const sorted = (list: readonly { kind: string; name: string; namespace?: string }[]): string[] =>
  list.map((object) => `${object.kind} ${object.namespace ?? '(cluster)'}/${object.name}`).sort();

describe('the object list of an overlay exactly as generated is what kustomize renders (argocd/ alone builds no overlay)', () => {
  it.each(['dev', 'staging', 'prod'])('overlays/%s: the generator model lists the objects, names and namespaces of its render', async (name) => {
    const env = (await repoSpec()).environments.find((entry) => entry.name === name);
    expect(env).toBeDefined();
    const rendered = objectsOf(await renderResources(join(REPO_ROOT, 'overlays', name)));
    expect(rendered.length).toBeGreaterThan(10);
    expect(sorted(renderedObjectList(env!))).toEqual(sorted(rendered));
  });

  it('every mix of the security switches (each one its own objects): the model lists exactly what kustomize renders', async () => {
    const spec = await repoSpec();
    const dev = spec.environments.find((entry) => entry.name === 'dev')!;
    const mixes = [
      [true, false, false],
      [false, true, false],
      [false, false, true],
      [true, true, false],
      [true, false, true],
      [false, true, true],
    ] as const;
    const environments = mixes.map(([tls, acls, gossip], index) => ({
      ...dev,
      name: `mix${index}`,
      namespace: `consul-mix${index}`,
      security: { ...dev.security, tls, acls, gossip },
    }));
    const root = await mkdtemp(join(tmpdir(), 'consul-gitops-model-'));
    try {
      for (const [path, text] of generate({ ...spec, environments })) {
        await mkdir(dirname(join(root, path)), { recursive: true });
        await writeFile(join(root, path), text);
      }
      const counts = new Set<number>();
      for (const env of environments) {
        const rendered = objectsOf(await renderResources(join(root, 'overlays', env.name)));
        counts.add(rendered.length);
        expect(sorted(renderedObjectList(env)), env.name).toEqual(sorted(rendered));
      }
      expect(counts.size, 'the mixes render different object sets').toBeGreaterThan(2);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('argocd/ named on its own: each overlay rendered at most once, and only when its object list is not certain', () => {
  /** A copy of this repository's spec and generated tree, and a kustomize that logs each build (the real one, run by a shell script). */
  async function repoCopy(): Promise<{ root: string; builds: () => Promise<string[]>; options: Omit<PipelineOptions, 'dirs'> }> {
    const root = await mkdtemp(join(tmpdir(), 'consul-gitops-argocd-alone-'));
    for (const entry of ['environments.yaml', 'environments.schema.json', 'base', 'overlays', 'argocd']) {
      await cp(join(REPO_ROOT, entry), join(root, entry), { recursive: true });
    }
    const log = join(root, '.builds.log');
    const wrapper = join(root, '.kustomize.sh');
    const real = [base.kustomize.command, ...base.kustomize.prefix].map((word) => `'${word}'`).join(' ');
    await writeFile(wrapper, `#!/bin/sh\nfor last; do :; done\necho "$last" >> '${log}'\nexec ${real} "$@"\n`);
    await chmod(wrapper, 0o755);
    const builds = async (): Promise<string[]> =>
      (await readFile(log, 'utf8').catch(() => ''))
        .split('\n')
        .filter(Boolean)
        .map((dir) => dir.slice(root.length + 1))
        .sort();
    // the wrapper is another kustomize, so builds run through it (as --kustomize does), not through the krusty server
    const { krusty: _server, ...cli } = base.kustomize;
    return { root, builds, options: { ...base, repoRoot: root, kustomize: { ...cli, command: wrapper, prefix: [] } } };
  }

  it('overlays exactly as generated: only argocd/ is built, and the run is clean', async () => {
    const { root, builds, options } = await repoCopy();
    try {
      const run = await validateOverlays({ ...options, dirs: [join(root, 'argocd')] });
      expect(run.overlays.map((overlay) => [overlay.path, overlay.ok])).toEqual([['argocd', true]]);
      expect(await builds()).toEqual(['argocd']);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }, 60_000);

  it('with an overlay in the run: that render is reused, the others come from the model', async () => {
    const { root, builds, options } = await repoCopy();
    try {
      const run = await validateOverlays({ ...options, dirs: [join(root, 'overlays/dev'), join(root, 'argocd')] });
      expect(run.overlays.map((overlay) => [overlay.path, overlay.ok])).toEqual([
        ['overlays/dev', true],
        ['argocd', true],
      ]);
      expect(await builds()).toEqual(['argocd', 'overlays/dev']);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }, 60_000);

  it('an overlay edited by hand is rendered, and argocd/ is checked against what it renders, not against the model', async () => {
    const { root, builds, options } = await repoCopy();
    try {
      const file = join(root, 'overlays/dev/kustomization.yaml');
      await writeFile(file, (await readFile(file, 'utf8')).replace('namespace: consul-dev', 'namespace: consul-elsewhere'));
      const run = await validateOverlays({ ...options, dirs: [join(root, 'argocd')] });
      const argocd = run.overlays.find((overlay) => overlay.path === 'argocd');
      const namespace = argocd?.findings.filter((finding) => finding.rule === 'argocd-namespace') ?? [];
      expect(namespace.map((finding) => finding.resource?.name)).toEqual(['consul-dev']);
      expect(namespace[0]?.message).toMatch(/consul-elsewhere/);
      expect(await builds()).toEqual(['argocd', 'overlays/dev']);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }, 60_000);

  it('an overlay with a local/ component is rendered: the component may add or remove objects', async () => {
    const { root, builds, options } = await repoCopy();
    try {
      await mkdir(join(root, 'overlays/prod/local'));
      await writeFile(
        join(root, 'overlays/prod/local/kustomization.yaml'),
        'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n  - role.yaml\n',
      );
      await writeFile(
        join(root, 'overlays/prod/local/role.yaml'),
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: consul-local-extra\nrules: []\n',
      );
      // regenerated with the component, as `consul-gitops generate` writes it: no drift, only the component differs
      for (const [path, text] of generate(await repoSpec(), { localComponents: new Set(['prod']) })) {
        if (path.startsWith('overlays/prod/')) await writeFile(join(root, path), text);
      }
      const run = await validateOverlays({ ...options, dirs: [join(root, 'argocd')] });
      expect(run.overlays.map((overlay) => overlay.path)).toContain('argocd');
      expect(run.overlays.filter((overlay) => overlay.findings.some((finding) => finding.rule === 'generate-drift'))).toEqual([]);
      expect(await builds()).toEqual(['argocd', 'overlays/prod']);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }, 60_000);

  it('a file of base/ edited by hand: every overlay is rendered (each one builds on it)', async () => {
    const { root, builds, options } = await repoCopy();
    try {
      const file = join(root, 'base/dns-service.yaml');
      await writeFile(file, `${await readFile(file, 'utf8')}# edited by hand\n`);
      await validateOverlays({ ...options, dirs: [join(root, 'argocd')] });
      expect(await builds()).toEqual(['argocd', 'overlays/dev', 'overlays/prod', 'overlays/staging']);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }, 60_000);

  it.each([
    ['overlays/dev', ['consul-dev'], ['argocd', 'overlays/dev']],
    ['base', ['consul-dev', 'consul-prod', 'consul-staging'], ['argocd', 'overlays/dev', 'overlays/prod', 'overlays/staging']],
  ])(
    'a second kustomization file in %s (hand-written, so no generated file the drift check compares): each overlay on it is tried, kustomize refuses it, and argocd/ names it as not validated',
    async (folder, apps, built) => {
      const { root, builds, options } = await repoCopy();
      try {
        await writeFile(join(root, folder, 'Kustomization'), 'resources: []\n');
        const run = await validateOverlays({ ...options, dirs: [join(root, 'argocd')] });
        const argocd = run.overlays.find((overlay) => overlay.path === 'argocd');
        const path = argocd?.findings.filter((finding) => finding.rule === 'argocd-path') ?? [];
        expect(path.map((finding) => finding.resource?.name).sort()).toEqual(apps);
        expect(path[0]?.message).toMatch(/not a kustomization directory validated in this run/);
        expect(await builds()).toEqual(built);
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    },
    60_000,
  );
});
