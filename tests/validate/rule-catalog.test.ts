/**
 * The rule ids of model/rule.ts (what spec, suppressions and diff check names against) and the catalog
 * of validate/ (where each rule's metadata sits beside its code) are one list: same ids, same order. The
 * rendered rules' part of both is generated from the files of validate/rules/ (tools/scripts/rule-index.mjs).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error: plain JavaScript module without types
import { ruleIndexFiles as generateRuleIndex } from '../../tools/scripts/rule-index.mjs';
import { REPO_ROOT } from '../helpers/repo.js';
import { ruleGroup } from '../../tools/src/model/rule-groups.js';
import { isRuleId, RULE_IDS } from '../../tools/src/model/rule.js';
import { DIFF_RULES } from '../../tools/src/diff/consul-impact.js';
import { RULE_CATALOG } from '../../tools/src/rule-catalog.js';
import { ARGOCD_RULES } from '../../tools/src/validate/argocd/rules/index.js';
import { KUSTOMIZATION_RULES } from '../../tools/src/validate/kustomization/rules/index.js';
import { POLICY_RULES } from '../../tools/src/validate/rules/index.js';
import { STAGE_RULES } from '../../tools/src/validate/stage-rules.js';

describe('rule ids and the catalog', () => {
  it('the catalog lists every rule id once, in the order of RULE_IDS', () => {
    expect(RULE_CATALOG.map((rule) => rule.id)).toEqual([...RULE_IDS]);
  });

  it('isRuleId knows the catalog ids and nothing else (case and spelling count)', () => {
    for (const rule of RULE_CATALOG) expect(isRuleId(rule.id)).toBe(true);
    for (const text of ['pdb-max-unavailabel', 'PDB-MAX-UNAVAILABLE', '', 'schema ']) expect(isRuleId(text)).toBe(false);
  });

  it('rule groups: the listed kubernetes rules, every other id (a finding names a plain string) is a Consul rule', () => {
    expect(ruleGroup('image-pinned')).toBe('kubernetes');
    expect(ruleGroup('kustomize-deprecated-field')).toBe('kubernetes');
    expect(ruleGroup('quorum-min-servers')).toBe('consul');
    expect(ruleGroup('not-a-rule')).toBe('consul');
  });

  it.each([
    ['stage', STAGE_RULES],
    ['diff', DIFF_RULES],
    ['argocd', ARGOCD_RULES],
    ['rendered', POLICY_RULES],
    ['kustomization', KUSTOMIZATION_RULES],
  ] as const)('the %s rules carry that scope, and the catalog shows them with it', (scope, rules) => {
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      expect(rule.scope, rule.id).toBe(scope);
      const { id, severity, summary, reason, fix } = rule;
      expect(RULE_CATALOG.find((entry) => entry.id === id)).toEqual({ id, scope, severity, summary, reason, fix });
    }
  });
});

/** The files the script generates for a repository root: repository path -> text. */
const ruleIndexFiles = generateRuleIndex as (root: string) => Promise<Map<string, string>>;

describe('the rule lists generated from the rule folders', () => {
  const temporary: string[] = [];
  afterEach(() => {
    for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const FOLDERS = {
    rendered: 'tools/src/validate/rules',
    kustomization: 'tools/src/validate/kustomization/rules',
    argocd: 'tools/src/validate/argocd/rules',
  };
  /** A scratch repository whose rule folders hold these files (scope -> name -> text). */
  const scratch = (files: Partial<Record<keyof typeof FOLDERS, Record<string, string>>>): string => {
    const root = mkdtempSync(join(tmpdir(), 'rule-index-'));
    temporary.push(root);
    for (const [scope, folder] of Object.entries(FOLDERS)) {
      mkdirSync(join(root, folder), { recursive: true });
      for (const [name, text] of Object.entries(files[scope as keyof typeof FOLDERS] ?? {})) writeFileSync(join(root, folder, name), text);
    }
    return root;
  };
  const ruleFile = (name: string, id: string, { type = 'RenderedRule', group = '' } = {}): string =>
    `export const ${name}: ${type} = {\n  id: '${id}',\n  scope: 'x',\n${group ? `  group: '${group}',\n` : ''}};\n`;

  it('the committed lists are what the script generates (run `npm run rules:index` after adding a rule)', async () => {
    const files = await ruleIndexFiles(REPO_ROOT);
    expect([...files.keys()]).toEqual([
      'tools/src/model/generated-rule-ids.ts',
      'tools/src/validate/argocd/rules/index.ts',
      'tools/src/validate/rules/index.ts',
      'tools/src/validate/kustomization/rules/index.ts',
    ]);
    for (const [file, text] of files) expect(readFileSync(join(REPO_ROOT, file), 'utf8'), `${file} is stale`).toBe(text);
  });

  it.each([
    ['rendered', FOLDERS.rendered, POLICY_RULES],
    ['kustomization', FOLDERS.kustomization, KUSTOMIZATION_RULES],
    ['argocd', FOLDERS.argocd, ARGOCD_RULES],
  ] as const)(
    'every file of the %s folder is one rule named after its id; the list is them, sorted by id, in RULE_IDS',
    (_, folder, rules) => {
      const ids = readdirSync(join(REPO_ROOT, folder))
        .filter((name) => name !== 'index.ts')
        .map((name) => name.replace(/\.ts$/, ''))
        .sort();
      expect(ids.length).toBeGreaterThan(0);
      expect(rules.map((rule) => rule.id)).toEqual(ids);
      expect(RULE_IDS.filter((id) => ids.includes(id))).toEqual(ids);
      for (const rule of rules) expect(ruleGroup(rule.id), rule.id).toBe(rule.group ?? 'consul');
    },
  );

  it('a new rule file is picked up by its name: imported by its list, among the ids in id order, in the kubernetes group when it says so', async () => {
    const files = await ruleIndexFiles(
      scratch({
        rendered: {
          'zeta-rule.ts': ruleFile('zetaRule', 'zeta-rule', { group: 'kubernetes' }),
          'alpha-2-rule.ts': ruleFile('alpha2Rule', 'alpha-2-rule'),
        },
        kustomization: { 'kust-rule.ts': ruleFile('kustRule', 'kust-rule', { type: 'KustomizationRule', group: 'kubernetes' }) },
      }),
    );
    const ids = files.get('tools/src/model/generated-rule-ids.ts') ?? '';
    const index = files.get('tools/src/validate/rules/index.ts') ?? '';
    expect(ids).toMatch(/^\/\/ generated by tools\/scripts\/rule-index\.mjs .*do not edit/);
    expect(ids).toContain("export const RENDERED_RULE_IDS = ['alpha-2-rule', 'zeta-rule'] as const;");
    expect(ids).toContain("export const KUSTOMIZATION_RULE_IDS = ['kust-rule'] as const;");
    expect(ids).toContain('export const ARGOCD_RULE_IDS = [] as const;');
    expect(ids).toContain("export const KUBERNETES_GROUP_RULE_IDS = ['kust-rule', 'zeta-rule'] as const;");
    expect(index).toMatch(/^\/\/ generated by tools\/scripts\/rule-index\.mjs .*do not edit/);
    expect(index).toContain("import { alpha2Rule } from './alpha-2-rule.js';\nimport { zetaRule } from './zeta-rule.js';");
    expect(index).toContain('export const POLICY_RULES: readonly RenderedRule[] = [alpha2Rule, zetaRule];');
    expect(files.get('tools/src/validate/kustomization/rules/index.ts')).toContain(
      'export const KUSTOMIZATION_RULES: readonly KustomizationRule[] = [kustRule];',
    );
  });

  it.each([
    [
      'a file whose rule has another id',
      { rendered: { 'foo-bar.ts': ruleFile('fooBar', 'foo-baz') } },
      /^tools\/src\/validate\/rules\/foo-bar\.ts: the rule's id is 'foo-baz' but its file is foo-bar\.ts/,
    ],
    [
      'a file that exports the rule under another name',
      { rendered: { 'foo-bar.ts': ruleFile('fooBaz', 'foo-bar') } },
      /^tools\/src\/validate\/rules\/foo-bar\.ts: export the rule as `export const fooBar: RenderedRule = \{`, with `id: 'foo-bar'`/,
    ],
    [
      "a file whose rule is not of its folder's scope",
      { argocd: { 'foo-bar.ts': ruleFile('fooBar', 'foo-bar') } },
      /^tools\/src\/validate\/argocd\/rules\/foo-bar\.ts: export the rule as `export const fooBar: ArgocdRule = \{`/,
    ],
    [
      'a file not named in kebab-case',
      { kustomization: { 'Foo_bar.ts': ruleFile('Foo_bar', 'Foo_bar', { type: 'KustomizationRule' }) } },
      /^tools\/src\/validate\/kustomization\/rules\/Foo_bar\.ts: a rule file is named after its rule id, in kebab-case$/,
    ],
  ])('refuses %s, naming the file and what to do', async (_, files, message) => {
    await expect(ruleIndexFiles(scratch(files))).rejects.toThrow(message);
  });
});
