/**
 * One folder per Argo CD cross-check under tests/fixtures/argocd/<rule-id>/, each case a small
 * repository (argocd/ plus the overlays it points at): `pass*` must not raise the rule (nor any other
 * error in argocd/), `fail*` must raise it as an error. Each case runs the path `consul-gitops validate`
 * runs (`validateOverlays` with no DIR) on a copy of the case with this repository's environments.yaml:
 * the overlays are validated, then argocd/ is rendered, schema-checked and cross-checked against them.
 */
import { readdirSync } from 'node:fs';
import { copyFile, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateOverlays, type PipelineOptions } from '../../tools/src/pipeline.js';
import { resolveKustomize } from '../../tools/src/render/kustomize-binary.js';
import { SPEC_FILE } from '../../tools/src/spec/load.js';
import { ARGOCD_RULES } from '../../tools/src/validate/argocd/rules/index.js';
import { RULE_CATALOG } from '../../tools/src/rule-catalog.js';
import { selectSchemaEngine } from '../../tools/src/validate/schema/select.js';
import { REPO_ROOT } from '../helpers/repo.js';

const FIXTURES = join(REPO_ROOT, 'tests/fixtures/argocd');
const cases = readdirSync(FIXTURES).flatMap((rule) => readdirSync(join(FIXTURES, rule)).map((name) => ({ rule, name, dir: join(FIXTURES, rule, name) })));

let base: Omit<PipelineOptions, 'repoRoot' | 'dirs'>;
beforeAll(async () => {
  const schema = await selectSchemaEngine('offline', {});
  base = { kustomize: await resolveKustomize({ env: {} as NodeJS.ProcessEnv }), schema: schema.engine, kubernetesVersion: schema.kubernetesVersion };
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

/** Run `check` on a copy of the case `dir` that carries this repository's environments.yaml (the cross-checks read its repository.url). */
async function withSpec<T>(dir: string, check: (repoRoot: string) => Promise<T>): Promise<T> {
  const copy = await mkdtemp(join(tmpdir(), 'consul-gitops-argocd-'));
  try {
    await cp(dir, copy, { recursive: true });
    await copyFile(join(REPO_ROOT, SPEC_FILE), join(copy, SPEC_FILE));
    return await check(copy);
  } finally {
    await rm(copy, { recursive: true, force: true });
  }
}

describe.each(cases)('$rule/$name', ({ rule, name, dir }) => {
  it(name.startsWith('pass') ? 'raises no error in argocd/' : `raises ${rule}`, async () => {
    const run = await withSpec(dir, (repoRoot) => validateOverlays({ ...base, repoRoot, dirs: [] }));
    expect(run.overlays.map((overlay) => overlay.path)).toContain('overlays/dev');
    const result = run.overlays.find((overlay) => overlay.path === 'argocd');
    expect(result?.path).toBe('argocd');
    const errors = (result?.findings ?? []).filter((finding) => finding.severity === 'error');
    if (name.startsWith('pass')) {
      expect(errors.map((finding) => `${finding.rule}: ${finding.message}`)).toEqual([]);
      expect(result?.ok).toBe(true);
    } else {
      const raised = errors.filter((finding) => finding.rule === rule);
      expect(raised.length, JSON.stringify(errors, null, 2)).toBeGreaterThan(0);
      expect(result?.ok).toBe(false);
      for (const finding of raised) {
        expect(finding.hint).toBeTruthy();
        expect(finding.resource?.kind).toMatch(/^(Application|AppProject)$/);
        expect(finding.location?.file ?? finding.origin?.file).toBeTruthy();
      }
    }
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
