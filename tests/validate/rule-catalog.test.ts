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
import { ARGOCD_RULES } from '../../tools/src/validate/argocd/rules.js';
import { KUSTOMIZATION_RULES } from '../../tools/src/validate/kustomization/rules.js';
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
const ruleIndexFiles = generateRuleIndex as (root: string) => Map<string, string>;

describe('the rule index generated from validate/rules/', () => {
  const rulesDir = join(REPO_ROOT, 'tools/src/validate/rules');
  const temporary: string[] = [];
  afterEach(() => {
    for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  /** A scratch repository whose validate/rules/ holds these files (name -> text). */
  const scratch = (files: Record<string, string>): string => {
    const root = mkdtempSync(join(tmpdir(), 'rule-index-'));
    temporary.push(root);
    mkdirSync(join(root, 'tools/src/validate/rules'), { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(root, 'tools/src/validate/rules', name), text);
    return root;
  };
  const ruleFile = (name: string, id: string, group = ''): string =>
    `export const ${name}: RenderedRule = {\n  id: '${id}',\n  scope: 'rendered',\n${group ? `  group: '${group}',\n` : ''}};\n`;

  it('the committed index and id list are what the script generates (run `npm run rules:index` after adding a rule)', () => {
    const files = ruleIndexFiles(REPO_ROOT);
    expect([...files.keys()]).toEqual(['tools/src/model/rendered-rule-ids.ts', 'tools/src/validate/rules/index.ts']);
    for (const [file, text] of files) expect(readFileSync(join(REPO_ROOT, file), 'utf8'), `${file} is stale`).toBe(text);
  });

  it('every file of validate/rules/ is one rule named after its id, and POLICY_RULES is them, sorted by id', () => {
    const ids = readdirSync(rulesDir)
      .filter((name) => name !== 'index.ts')
      .map((name) => name.replace(/\.ts$/, ''))
      .sort();
    expect(POLICY_RULES.map((rule) => rule.id)).toEqual(ids);
    expect(RULE_IDS.filter((id) => ids.includes(id))).toEqual(ids);
    for (const rule of POLICY_RULES) expect(ruleGroup(rule.id), rule.id).toBe(rule.group ?? 'consul');
  });

  it('a new rule file is picked up by its name: imported by the index, listed among the ids in id order, and in the kubernetes group when it says so', () => {
    const files = ruleIndexFiles(
      scratch({
        'zeta-rule.ts': ruleFile('zetaRule', 'zeta-rule', 'kubernetes'),
        'alpha-2-rule.ts': ruleFile('alpha2Rule', 'alpha-2-rule'),
      }),
    );
    const ids = files.get('tools/src/model/rendered-rule-ids.ts') ?? '';
    const index = files.get('tools/src/validate/rules/index.ts') ?? '';
    expect(ids).toMatch(/^\/\/ generated by tools\/scripts\/rule-index\.mjs .*do not edit/);
    expect(ids).toContain("export const RENDERED_RULE_IDS = [\n  'alpha-2-rule',\n  'zeta-rule',\n] as const;");
    expect(ids).toContain("export const RENDERED_KUBERNETES_RULE_IDS = [\n  'zeta-rule',\n] as const;");
    expect(index).toContain("import { alpha2Rule } from './alpha-2-rule.js';\nimport { zetaRule } from './zeta-rule.js';");
    expect(index).toContain('export const POLICY_RULES: readonly RenderedRule[] = [\n  alpha2Rule,\n  zetaRule,\n];');
  });

  it.each([
    [
      'a file whose rule has another id',
      { 'foo-bar.ts': ruleFile('fooBar', 'foo-baz') },
      /^tools\/src\/validate\/rules\/foo-bar\.ts: the rule's id is 'foo-baz' but its file is foo-bar\.ts/,
    ],
    [
      'a file that exports the rule under another name',
      { 'foo-bar.ts': ruleFile('fooBaz', 'foo-bar') },
      /^tools\/src\/validate\/rules\/foo-bar\.ts: export the rule as `export const fooBar: RenderedRule = \{`, with `id: 'foo-bar'`/,
    ],
    [
      'a file not named in kebab-case',
      { 'Foo_bar.ts': ruleFile('Foo_bar', 'Foo_bar') },
      /^tools\/src\/validate\/rules\/Foo_bar\.ts: a rule file is named after its rule id, in kebab-case$/,
    ],
  ])('refuses %s, naming the file and what to do', (_, files, message) => {
    expect(() => ruleIndexFiles(scratch(files))).toThrow(message);
  });
});
