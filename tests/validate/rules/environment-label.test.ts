/** environment-label: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/environment-label/). */
import { describe, expect, it } from 'vitest';
import type { ParsedResource } from '../../../tools/src/parse/resource.js';
import { environmentLabel } from '../../../tools/src/validate/rules/environment-label.js';
import { found, object, type Body } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

describe('environment-label', () => {
  const labelled = (name: string, environment?: unknown): ParsedResource => {
    const resource = object('v1', 'ConfigMap', name);
    const labels = { ...(resource.object.metadata as { labels: Body }).labels, environment };
    if (environment === undefined) delete labels.environment;
    return { ...resource, object: { ...resource.object, metadata: { name, labels } } };
  };

  it('every resource labelled with one declared environment passes', () => {
    expect(found(environmentLabel, [labelled('a', 'env'), labelled('b', 'env')])).toEqual([]);
  });

  it('a resource without the label, or with a label that is not text, is an error', () => {
    expect(found(environmentLabel, [labelled('a', 'env'), labelled('b'), labelled('c', 5)])).toEqual([
      { severity: 'error', at: 'ConfigMap/b /metadata/labels', message: 'no label environment' },
      { severity: 'error', at: 'ConfigMap/c /metadata/labels', message: 'no label environment' },
    ]);
  });

  it('two environments in one render, or an undeclared one, are errors', () => {
    expect(found(environmentLabel, [labelled('a', 'env'), labelled('b', 'prod'), labelled('c', 'env')])).toEqual([
      { severity: 'error', at: '-', message: 'resources carry different environment labels: env, prod' },
    ]);
    expect(found(environmentLabel, [labelled('a', 'qa')])).toEqual([
      {
        severity: 'error',
        at: '-',
        message: 'environment "qa" is not declared in environments.yaml: tier, storage class and node checks cannot run',
      },
    ]);
  });

  it('the different labels are listed sorted; with no label at all there is no environment to look up', () => {
    expect(found(environmentLabel, [labelled('a', 'prod'), labelled('b', 'env')]).map((finding) => finding.message)).toEqual([
      'resources carry different environment labels: env, prod',
      'environment "prod" is not declared in environments.yaml: tier, storage class and node checks cannot run',
    ]);
    expect(found(environmentLabel, [labelled('a'), labelled('b')]).map((finding) => finding.message)).toEqual([
      'no label environment',
      'no label environment',
    ]);
  });
});

describeRuleFixtures('environment-label');
