/**
 * One folder per rule under tests/fixtures/rules/<rule-id>/, each case a kustomization layered on a
 * committed overlay: `pass*` must not raise the rule (info advice aside), `fail*` must raise it as an error, `warn*` as a
 * warning. Rendered by the real kustomize binary.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { availableParallelism, tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { withKustomizationFindings } from '../../../tools/src/validate/kustomization/check.js';
import { readKustomizationTree } from '../../../tools/src/validate/kustomization/read.js';
import { KUSTOMIZATION_RULES } from '../../../tools/src/validate/kustomization/rules/index.js';
import { POLICY_RULES } from '../../../tools/src/validate/rules/index.js';
import { runPolicies } from '../../../tools/src/validate/run-policies.js';
import type { ParsedResource } from '../../../tools/src/parse/resource.js';
import { resolveKustomize } from '../../../tools/src/render/kustomize-binary.js';
import { renderKey, renderResources, renderYaml, REPO_ROOT, repoSpec } from '../../helpers/repo.js';

const FIXTURES = join(REPO_ROOT, 'tests/fixtures/rules');
/**
 * A fail fixture's expect.yaml: the findings it must raise, each a message pattern with where it points: a rendered
 * resource (Kind/name) and JSON path, or, for the rules over kustomization files, a file of the case and its line.
 */
interface ExpectedFinding {
  resource?: string;
  path?: string;
  file?: string;
  line?: number;
  message: string;
}

function expectedFindings(dir: string): ExpectedFinding[] | undefined {
  const file = join(dir, 'expect.yaml');
  return existsSync(file) ? (parse(readFileSync(file, 'utf8')) as ExpectedFinding[]) : undefined;
}

const cases = readdirSync(FIXTURES).flatMap((rule) =>
  readdirSync(join(FIXTURES, rule)).map((name) => ({ rule, name, dir: join(FIXTURES, rule, name) })),
);

/**
 * The fixtures of rendered rules, built ahead of the tests on every core (in case order, a few at a time) so a
 * test mostly finds its render done; each test awaits its own, and a failed build fails that test alone.
 */
const renders = (() => {
  const rendered = cases.filter((entry) => !KUSTOMIZATION_RULES.some((rule) => rule.id === entry.rule));
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
  for (const entry of rendered) {
    const render = slot().then(() => renderResources(entry.dir).finally(release));
    render.catch(() => undefined); // handled by the test that awaits it
    byDir.set(entry.dir, render);
  }
  return byDir;
})();

describe('every policy rule has fixtures', () => {
  it.each(POLICY_RULES.map((rule) => rule.id))('%s has a failing and a passing case', (id) => {
    const names = cases.filter((entry) => entry.rule === id).map((entry) => entry.name);
    expect(names.some((name) => name.startsWith('pass'))).toBe(true);
    expect(names.some((name) => name.startsWith('fail') || name.startsWith('warn'))).toBe(true);
  });

  it('every failing case of every rule states the findings it expects (expect.yaml: where, and a message pattern)', () => {
    const stated = (entry: (typeof cases)[number]): boolean => {
      const expected = expectedFindings(entry.dir);
      return (
        Array.isArray(expected) &&
        expected.length > 0 &&
        expected.every((item) => typeof item.message === 'string' && (item.resource !== undefined || item.file !== undefined))
      );
    };
    const missing = cases.filter((entry) => !entry.name.startsWith('pass') && !stated(entry));
    expect(missing.map((entry) => `${entry.rule}/${entry.name}`)).toEqual([]);
  });

  it('every fixture folder names a known rule', () => {
    const known = new Set<string>([...POLICY_RULES, ...KUSTOMIZATION_RULES].map((rule) => rule.id));
    expect([...new Set(cases.map((entry) => entry.rule))].filter((rule) => !known.has(rule))).toEqual([]);
  });
});

describe.each(cases)('$rule/$name', ({ rule, name, dir }) => {
  it(name.startsWith('pass') ? 'does not raise the rule' : `raises ${rule}`, async () => {
    // Rules over the kustomization files read the fixture's tree and never render it (remote bases stay offline),
    // through the pipeline's own entry: an empty overlay result the tree's findings are added to.
    const kustomizationRule = KUSTOMIZATION_RULES.some((entry) => entry.id === rule);
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

describe('the render cache the rule fixtures are built through (tests/helpers/repo.ts)', () => {
  const files = {
    'base/kustomization.yaml': 'resources:\n  - cm.yaml\n',
    'base/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v\n',
    'app/kustomization.yaml': 'resources:\n  - ../base\n',
  };
  const tree = async (extra: Record<string, string> = {}): Promise<string> => {
    const root = await mkdtemp(join(tmpdir(), 'consul-gitops-render-key-'));
    for (const [path, text] of Object.entries({ ...files, ...extra })) {
      await mkdir(join(root, path, '..'), { recursive: true });
      await writeFile(join(root, path), text);
    }
    return root;
  };

  it('keys a build by the binary and every file of every folder it reaches: the same inputs anywhere, the same key', async () => {
    const kustomize = await resolveKustomize({ env: {} as NodeJS.ProcessEnv });
    const [one, copy, other] = await Promise.all([tree(), tree(), tree({ 'base/cm.yaml': files['base/cm.yaml'].replace('k: v', 'k: w') })]);
    try {
      const key = await renderKey(kustomize, join(one, 'app'), one);
      expect(key).toMatch(/^[0-9a-f]{64}$/);
      expect(await renderKey(kustomize, join(one, 'app'), one)).toBe(key);
      expect(await renderKey(kustomize, join(copy, 'app'), copy)).toBe(key);
      // a file of a reached folder, a file of the built folder, the binary's version
      expect(await renderKey(kustomize, join(other, 'app'), other)).not.toBe(key);
      await writeFile(join(one, 'app/patch.yaml'), 'kind: ConfigMap\n');
      expect(await renderKey(kustomize, join(one, 'app'), one)).not.toBe(key);
      expect(await renderKey({ ...kustomize, version: 'v0.0.0' }, join(copy, 'app'), copy)).not.toBe(key);
    } finally {
      await Promise.all([one, copy, other].map((root) => rm(root, { recursive: true, force: true })));
    }
  });

  it.each([
    ['a remote base', { 'app/kustomization.yaml': 'resources:\n  - ../base\n  - https://github.com/org/repo//base?ref=v1\n' }, 'app'],
    ['a reference out of the repository', { 'app/kustomization.yaml': 'resources:\n  - ../../elsewhere\n' }, 'app'],
    ['a folder without a kustomization', {}, 'base/none'],
  ])('gives no key for %s: that build always runs', async (_name, extra, dir) => {
    const kustomize = await resolveKustomize({ env: {} as NodeJS.ProcessEnv });
    const root = await tree(extra);
    try {
      await mkdir(join(root, 'base/none'), { recursive: true });
      expect(await renderKey(kustomize, join(root, dir), root)).toBeUndefined();
      expect(await renderKey(kustomize, join(root, 'app'), join(root, 'base'))).toBeUndefined(); // a folder outside the root
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('a render from the cache is the render kustomize gives', async () => {
    const dir = join(FIXTURES, 'pdb-max-unavailable/fail');
    const cached = await renderYaml(dir);
    const previous = process.env.CONSUL_GITOPS_TEST_RENDER_CACHE;
    process.env.CONSUL_GITOPS_TEST_RENDER_CACHE = 'off';
    try {
      expect(await renderYaml(dir)).toBe(cached);
    } finally {
      if (previous === undefined) delete process.env.CONSUL_GITOPS_TEST_RENDER_CACHE;
      else process.env.CONSUL_GITOPS_TEST_RENDER_CACHE = previous;
    }
  });
});
