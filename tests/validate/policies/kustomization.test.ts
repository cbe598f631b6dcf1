/** The kustomization-file rules: the pure checks on parsed files, and the reader on a real folder tree. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkKustomizations, withKustomizationFindings } from '../../../tools/src/validate/kustomization/check.js';
import { parseKustomization } from '../../../tools/src/parse/kustomization.js';
import { readKustomizationTree } from '../../../tools/src/validate/kustomization/read.js';
import type { Finding } from '../../../tools/src/model/finding.js';
import { isRemoteReference } from '../../../tools/src/model/kustomize-reference.js';
import { pinnedCommit } from '../../../tools/src/validate/kustomization/references.js';
import { REPO_ROOT } from '../../helpers/repo.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const TREE = join(REPO_ROOT, 'tests/fixtures/kustomization/tree');

describe('remote references', () => {
  it.each([
    ['../../base', false],
    ['local-dir', false],
    ['https://github.com/org/repo//path?ref=main', true],
    ['git@github.com:org/repo.git//path', true],
    ['ssh://git@example.com/org/repo.git', true],
    ['github.com/org/repo/path', true],
  ])('%s is remote: %s', (reference, remote) => {
    expect(isRemoteReference(reference)).toBe(remote);
  });

  it.each([
    [`https://github.com/org/repo//path?ref=${SHA}`, SHA],
    [`https://github.com/org/repo//path?timeout=90s&version=${SHA}`, SHA],
    [`https://raw.githubusercontent.com/org/repo/${SHA}/deploy.yaml`, SHA],
    ['https://github.com/org/repo//path?ref=v1.2.0', undefined],
    ['https://github.com/org/repo//path?ref=0123abc', undefined],
    ['github.com/org/repo/path', undefined],
  ])('%s is pinned to %s', (reference, commit) => {
    expect(pinnedCommit(reference)).toBe(commit);
  });
});

describe('parseKustomization', () => {
  it('records the line of each top-level key and list entry', () => {
    const file = parseKustomization('k.yaml', '# c\nresources:\n  - a\n  - b\ncommonLabels:\n  x: y\n');
    expect(file?.lines).toMatchObject({ resources: 2, 'resources/0': 3, 'resources/1': 4, commonLabels: 5 });
  });

  it('returns nothing for text that is not a YAML mapping (kustomize reports it)', () => {
    expect(parseKustomization('k.yaml', '- a\n- b\n')).toBeUndefined();
    expect(parseKustomization('k.yaml', 'a: [\n')).toBeUndefined();
  });
});

describe('the kustomization tree of a real folder', () => {
  it('follows local resources and components once each, survives cycles, and never follows remotes', async () => {
    const files = await readKustomizationTree(join(TREE, 'overlay'), REPO_ROOT);
    expect(files.map((file) => file.path).sort()).toEqual([
      'tests/fixtures/kustomization/tree/base/kustomization.yaml',
      'tests/fixtures/kustomization/tree/component/kustomization.yaml',
      'tests/fixtures/kustomization/tree/overlay/kustomization.yaml',
    ]);
  });

  it('names the kustomization file and line of each finding', async () => {
    const findings = checkKustomizations(await readKustomizationTree(join(TREE, 'overlay'), REPO_ROOT));
    const summary = findings
      .map((finding) => `${finding.rule} ${finding.severity} ${finding.location?.file}:${finding.location?.line}`)
      .sort();
    expect(summary).toEqual([
      'kustomize-deprecated-field warning tests/fixtures/kustomization/tree/base/kustomization.yaml:6',
      'kustomize-deprecated-field warning tests/fixtures/kustomization/tree/overlay/kustomization.yaml:8',
      'remote-base-pinned error tests/fixtures/kustomization/tree/overlay/kustomization.yaml:5',
    ]);
    for (const finding of findings) expect(finding.hint).toBeTruthy();
  });

  it('the committed overlays use only current fields and local bases', async () => {
    for (const env of ['dev', 'staging', 'prod']) {
      expect(checkKustomizations(await readKustomizationTree(join(REPO_ROOT, 'overlays', env), REPO_ROOT))).toEqual([]);
    }
  });

  it('an environment can turn a rule off', async () => {
    const files = await readKustomizationTree(join(TREE, 'overlay'), REPO_ROOT);
    expect(
      checkKustomizations(files, { 'kustomize-deprecated-field': 'off', 'remote-base-pinned': 'warning' }).map(
        (finding) => finding.severity,
      ),
    ).toEqual(['warning']);
  });
});

describe('the findings an overlay result takes from its kustomization tree', () => {
  const file = (text: string) => parseKustomization('overlays/dev/kustomization.yaml', text)!;
  const result = { path: 'overlays/dev', environment: 'dev', ok: true, findings: [] };

  it('gives each violation the rule id, fix and severity, a violation severity over the rule one, and an override over both', () => {
    const files = [file('bases: [../../base]\nimageTags: []\n')];
    expect(checkKustomizations(files).map((finding) => [finding.rule, finding.severity, finding.location])).toEqual([
      ['kustomize-deprecated-field', 'warning', { file: 'overlays/dev/kustomization.yaml', line: 1 }],
      ['kustomize-deprecated-field', 'error', { file: 'overlays/dev/kustomization.yaml', line: 2 }],
    ]);
    expect(checkKustomizations(files, { 'kustomize-deprecated-field': 'info' }).map((finding) => finding.severity)).toEqual([
      'info',
      'info',
    ]);
    expect(checkKustomizations(files)[0]?.hint).toMatch(/^Replace the field with the one named in the message/);
  });

  it('leaves a result without findings as it is', () => {
    expect(withKustomizationFindings(result, [file('resources: [../../base]\n')], undefined)).toBe(result);
  });

  it('adds a yaml-parse error at a top-level key written twice, and the result is no longer ok', () => {
    const merged = withKustomizationFindings(result, [file('resources: [a]\nlabels: []\nresources: [b]\n')], undefined);
    expect(merged).toMatchObject({ path: 'overlays/dev', ok: false });
    expect(merged.findings).toEqual([
      {
        rule: 'yaml-parse',
        severity: 'error',
        message:
          'duplicate key resources: (first at line 1): kustomize reads only this last one and drops the first without a word, so the file renders something other than it seems to say',
        hint: 'merge the two resources: lists into one',
        location: { file: 'overlays/dev/kustomization.yaml', line: 3 },
      },
    ]);
  });

  it('an error among warnings makes the result not ok', () => {
    const own: Finding = {
      rule: 'image-pinned',
      severity: 'warning',
      message: 'm',
      location: { file: 'overlays/dev/kustomization.yaml', line: 9 },
    };
    expect(withKustomizationFindings({ ...result, findings: [own] }, [file('resources: []\nimageTags: []\n')], undefined).ok).toBe(false);
  });

  it('keeps an overlay ok with warnings only, sorted among its own findings', () => {
    const own: Finding = {
      rule: 'image-pinned',
      severity: 'warning',
      message: 'm',
      location: { file: 'overlays/dev/kustomization.yaml', line: 9 },
    };
    const merged = withKustomizationFindings({ ...result, findings: [own] }, [file('resources: []\nbases: [../../base]\n')], undefined);
    expect(merged.ok).toBe(true);
    expect(merged.findings.map((finding) => `${finding.rule}:${finding.location?.line}`)).toEqual([
      'kustomize-deprecated-field:2',
      'image-pinned:9',
    ]);
  });
});
