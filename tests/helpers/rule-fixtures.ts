/**
 * The fixtures of one rule, run from the rule's own test file (tests/validate/rules/<rule-id>.test.ts and the
 * kustomization and Argo CD rule folders beside it).
 *
 * Policy and kustomization rules: one folder per rule under tests/fixtures/rules/<rule-id>/, each case a kustomization
 * layered on a committed overlay: `pass*` must not raise the rule (info advice aside), `fail*` must raise it as an
 * error, `warn*` as a warning, each failing case with the findings it states in its expect.yaml. Rendered by the real
 * kustomize binary through the render cache of tests/helpers/repo.ts.
 *
 * Argo CD cross-checks: one folder per rule under tests/fixtures/argocd/<rule-id>/, each case a small repository
 * (argocd/ plus the overlays it points at), run the path `consul-gitops validate` runs (`validateOverlays` with no DIR).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { copyFile, cp, mkdtemp, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { availableParallelism, tmpdir } from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { PipelineOptions } from '../../tools/src/pipeline/overlay.js';
import { validateOverlays } from '../../tools/src/pipeline/run.js';
import { resolveKustomize } from '../../tools/src/render/kustomize-binary.js';
import { SPEC_FILE } from '../../tools/src/environments/load.js';
import type { ParsedResource } from '../../tools/src/parse/resource.js';
import { withKustomizationFindings } from '../../tools/src/validate/kustomization/check.js';
import { readKustomizationTree } from '../../tools/src/validate/kustomization/read.js';
import { KUSTOMIZATION_RULES } from '../../tools/src/validate/kustomization/rules/index.js';
import { runPolicies } from '../../tools/src/validate/run-policies.js';
import { selectSchemaEngine } from '../../tools/src/validate/schema/select.js';
import { renderResources, REPO_ROOT, repoSpec } from './repo.js';

export const RULE_FIXTURES = join(REPO_ROOT, 'tests/fixtures/rules');
export const ARGOCD_FIXTURES = join(REPO_ROOT, 'tests/fixtures/argocd');

export interface FixtureCase {
  rule: string;
  name: string;
  dir: string;
}

/** Every case of every rule under `root` (a folder of <rule-id>/<case>/). */
export function fixtureCases(root: string): FixtureCase[] {
  return readdirSync(root).flatMap((rule) => readdirSync(join(root, rule)).map((name) => ({ rule, name, dir: join(root, rule, name) })));
}

/**
 * A fail fixture's expect.yaml: the findings it must raise, each a message pattern with where it points: a rendered
 * resource (Kind/name) and JSON path, or, for the rules over kustomization files, a file of the case and its line.
 */
export interface ExpectedFinding {
  resource?: string;
  path?: string;
  file?: string;
  line?: number;
  message: string;
}

export function expectedFindings(dir: string): ExpectedFinding[] | undefined {
  const file = join(dir, 'expect.yaml');
  return existsSync(file) ? (parse(readFileSync(file, 'utf8')) as ExpectedFinding[]) : undefined;
}

/**
 * Renders of `cases` started ahead of their tests on every core (in case order, a few at a time) so a test mostly
 * finds its render done; each test awaits its own, and a failed build fails that test alone.
 */
function prerender(cases: readonly FixtureCase[]): Map<string, Promise<ParsedResource[]>> {
  const waiting: (() => void)[] = [];
  let running = 0;
  const slot = async (): Promise<void> => {
    if (running >= availableParallelism()) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
  };
  const release = (): void => {
    running--;
    waiting.shift()?.();
  };
  const byDir = new Map<string, Promise<ParsedResource[]>>();
  for (const entry of cases) {
    const render = slot().then(() => renderResources(entry.dir).finally(release));
    render.catch(() => undefined); // handled by the test that awaits it
    byDir.set(entry.dir, render);
  }
  return byDir;
}

/**
 * Whether the fixtures run: `CONSUL_GITOPS_TEST_FIXTURES=off` leaves them out, for `npm run mutate`
 * (vitest.mutate.config.ts), where each mutant would pay their kustomize builds; the inline cases of a rule's file still run.
 */
function fixturesOn(folder: string, rule: string): boolean {
  if (process.env.CONSUL_GITOPS_TEST_FIXTURES !== 'off') return true;
  // a skipped case says so in the report, and keeps a file with no inline case a test file
  describe.skip(`${rule} fixtures (tests/fixtures/${folder}/${rule}/)`, () => {
    it('left out: CONSUL_GITOPS_TEST_FIXTURES=off', () => undefined);
  });
  return false;
}

/** The fixtures of the policy or kustomization rule `rule` (tests/fixtures/rules/<rule>/), one test per case. */
export function describeRuleFixtures(rule: string): void {
  if (!fixturesOn('rules', rule)) return;
  const cases = fixtureCases(RULE_FIXTURES).filter((entry) => entry.rule === rule);
  const kustomizationRule = KUSTOMIZATION_RULES.some((entry) => entry.id === rule);

  describe(`${rule} fixtures (tests/fixtures/rules/${rule}/)`, () => {
    it('has a failing and a passing case', () => {
      expect(cases.some((entry) => entry.name.startsWith('pass'))).toBe(true);
      expect(cases.some((entry) => entry.name.startsWith('fail') || entry.name.startsWith('warn'))).toBe(true);
    });

    // Rules over the kustomization files read the fixture's tree and never render it (remote bases stay offline).
    // The renders start when the first case runs, not when the file loads: a run filtered to other tests (-t) builds nothing.
    let renders = new Map<string, Promise<ParsedResource[]>>();
    beforeAll(() => {
      if (!kustomizationRule) renders = prerender(cases);
    });

    describe.each(cases)('$name', ({ name, dir }) => {
      it(name.startsWith('pass') ? 'does not raise the rule' : `raises ${rule}`, async () => {
        // A kustomization rule runs through the pipeline's own entry: an empty overlay result the tree's findings are added to.
        const all = kustomizationRule
          ? withKustomizationFindings(
              { path: dir, ok: true, resources: 0, findings: [], checked: [] },
              await readKustomizationTree(dir, REPO_ROOT),
              undefined,
            ).findings
          : runPolicies(await (renders.get(dir) ?? renderResources(dir)), await repoSpec());
        const findings = all.filter((finding) => finding.rule === rule && !finding.suppressed);
        if (name.startsWith('pass')) {
          // info findings are advice (for example podManagementPolicy Parallel), not a raise.
          expect(findings.filter((finding) => finding.severity !== 'info').map((finding) => finding.message)).toEqual([]);
        } else {
          const severity = name.startsWith('warn') ? 'warning' : 'error';
          expect(findings.filter((finding) => finding.severity === severity).length, JSON.stringify(findings, null, 2)).toBeGreaterThan(0);
          for (const finding of findings) expect(finding.hint).toBeTruthy();
          for (const expected of expectedFindings(dir) ?? []) {
            const match = findings.find(
              (finding) =>
                (expected.resource === undefined || `${finding.resource?.kind}/${finding.resource?.name}` === expected.resource) &&
                (expected.path === undefined || finding.path === expected.path) &&
                (expected.file === undefined || finding.location?.file === relative(REPO_ROOT, join(dir, expected.file))) &&
                (expected.line === undefined || finding.location?.line === expected.line) &&
                new RegExp(expected.message).test(finding.message),
            );
            expect(
              match,
              `expected ${JSON.stringify(expected)} among ${JSON.stringify(
                findings.map((f) => [f.resource, f.path, f.message]),
                null,
                2,
              )}`,
            ).toBeDefined();
          }
        }
      });
    });
  });
}

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

/**
 * The fixtures of the Argo CD cross-check `rule` (tests/fixtures/argocd/<rule>/): `pass*` must not raise the rule
 * (nor any other error in argocd/), `fail*` must raise it as an error. Each case runs `validateOverlays` with no DIR on a
 * copy of the case with this repository's environments.yaml: the overlays are validated, then argocd/ is rendered,
 * schema-checked and cross-checked against them.
 */
export function describeArgocdFixtures(rule: string): void {
  if (!fixturesOn('argocd', rule)) return;
  const cases = fixtureCases(ARGOCD_FIXTURES).filter((entry) => entry.rule === rule);
  let base: Omit<PipelineOptions, 'repoRoot' | 'dirs'>;
  beforeAll(async () => {
    const schema = await selectSchemaEngine('offline', {});
    base = {
      kustomize: await resolveKustomize({ env: {} }),
      schema: schema.engine,
      kubernetesVersion: schema.kubernetesVersion,
    };
  });

  describe(`${rule} fixtures (tests/fixtures/argocd/${rule}/)`, () => {
    it('has a failing and a passing case', () => {
      expect(cases.some((entry) => entry.name.startsWith('pass'))).toBe(true);
      expect(cases.some((entry) => entry.name.startsWith('fail'))).toBe(true);
    });

    describe.each(cases)('$name', ({ name, dir }) => {
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
  });
}
