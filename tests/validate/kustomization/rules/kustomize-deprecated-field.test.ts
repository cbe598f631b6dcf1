/**
 * kustomize-deprecated-field: branch cases on parsed kustomization files, then its fixtures
 * (tests/fixtures/rules/kustomize-deprecated-field/), read from the kustomization files without a build.
 */
import { describe, expect, it } from 'vitest';
import { parseKustomization } from '../../../../tools/src/parse/kustomization.js';
import { kustomizeDeprecatedField } from '../../../../tools/src/validate/kustomization/rules/kustomize-deprecated-field.js';
import { describeRuleFixtures } from '../../../helpers/rule-fixtures.js';

const check = (text: string) => kustomizeDeprecatedField.check([parseKustomization('overlays/dev/kustomization.yaml', text)!]);

describe('kustomize-deprecated-field', () => {
  it('passes the current fields', () => {
    expect(check('resources: [../../base]\nlabels: [{pairs: {a: b}}]\npatches: [{path: p.yaml}]\nreplacements: []\nimages: []\n')).toEqual(
      [],
    );
  });

  it('names each deprecated field at its line with what replaces it, as a warning', () => {
    expect(
      check('resources: []\nbases: [../../base]\ncommonLabels: {a: b}\npatchesStrategicMerge: [p.yaml]\npatchesJson6902: []\nvars: []\n'),
    ).toEqual([
      { file: 'overlays/dev/kustomization.yaml', line: 2, message: 'bases is deprecated: use resources' },
      {
        file: 'overlays/dev/kustomization.yaml',
        line: 3,
        message:
          'commonLabels is deprecated: use labels: [{pairs: {...}, includeSelectors: true}] (or includeSelectors: false to leave selectors alone)',
      },
      { file: 'overlays/dev/kustomization.yaml', line: 4, message: 'patchesStrategicMerge is deprecated: use patches: [{path: <file>}]' },
      {
        file: 'overlays/dev/kustomization.yaml',
        line: 5,
        message: 'patchesJson6902 is deprecated: use patches: [{path: <file>, target: {...}}]',
      },
      { file: 'overlays/dev/kustomization.yaml', line: 6, message: 'vars is deprecated: use replacements' },
    ]);
  });

  it('makes imageTags, which kustomize no longer reads, an error', () => {
    expect(check('imageTags: []\n')).toEqual([
      {
        file: 'overlays/dev/kustomization.yaml',
        line: 1,
        severity: 'error',
        message: 'imageTags is no longer read by kustomize: its settings are silently dropped; use images',
      },
    ]);
  });
});

describeRuleFixtures('kustomize-deprecated-field');
