/**
 * What holds across the rules: every rule of every kind has its test file beside its source
 * (tools/src/validate/rules/<rule-id>.ts and tests/validate/rules/<rule-id>.test.ts; the same for
 * validate/kustomization/rules/ and validate/argocd/rules/), and fixtures under tests/fixtures/rules/<rule-id>/
 * (tests/fixtures/argocd/<rule-id>/ for the Argo CD cross-checks) with a failing and a passing case, each failing
 * case stating the findings it expects. Each rule's own file runs its inline branch cases and its fixtures.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARGOCD_RULES } from '../../../tools/src/validate/argocd/rules/index.js';
import { KUSTOMIZATION_RULES } from '../../../tools/src/validate/kustomization/rules/index.js';
import { POLICY_RULES } from '../../../tools/src/validate/rules/index.js';
import { REPO_ROOT } from '../../helpers/repo.js';
import { ARGOCD_FIXTURES, expectedFindings, fixtureCases, RULE_FIXTURES } from '../../helpers/rule-fixtures.js';

const cases = fixtureCases(RULE_FIXTURES);

/** The rule ids of a source folder (one file per rule besides index.ts) and of its test folder. */
const ids = (dir: string, suffix: string): string[] =>
  readdirSync(join(REPO_ROOT, dir))
    .filter((name) => name.endsWith(suffix) && name !== `index${suffix}`)
    .map((name) => name.slice(0, -suffix.length))
    .sort();

describe.each([
  ['validate/rules', POLICY_RULES],
  ['validate/kustomization/rules', KUSTOMIZATION_RULES],
  ['validate/argocd/rules', ARGOCD_RULES],
] as const)('tools/src/%s', (folder, rules) => {
  it('holds one file per rule, named by its id, and the rule list holds each', () => {
    expect(ids(`tools/src/${folder}`, '.ts')).toEqual(rules.map((rule) => rule.id).sort());
  });

  it(`every rule has its test file, tests/${folder}/<rule-id>.test.ts, and nothing else is there`, () => {
    expect(ids(`tests/${folder}`, '.test.ts')).toEqual(ids(`tools/src/${folder}`, '.ts'));
  });
});

describe('every policy and kustomization rule has fixtures', () => {
  it.each([...POLICY_RULES, ...KUSTOMIZATION_RULES].map((rule) => rule.id))('%s has a failing and a passing case', (id) => {
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

describe('every Argo CD cross-check has fixtures', () => {
  it.each(ARGOCD_RULES.map((rule) => rule.id))('%s has a failing and a passing case', (id) => {
    const names = fixtureCases(ARGOCD_FIXTURES)
      .filter((entry) => entry.rule === id)
      .map((entry) => entry.name);
    expect(names.some((name) => name.startsWith('pass'))).toBe(true);
    expect(names.some((name) => name.startsWith('fail'))).toBe(true);
  });
});
