/** storage-class: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/storage-class/). */
import { describe, expect, it } from 'vitest';
import { storageClass } from '../../../tools/src/validate/rules/storage-class.js';
import { found, OTHER, servers, tierSpec, type Body } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

const STS = 'StatefulSet/consul-server';

describe('storage-class', () => {
  const claim = (storageClassName: unknown) => ({
    metadata: { name: 'data' },
    spec: { ...(storageClassName === undefined ? {} : { storageClassName }) },
  });
  const withClaims = (...templates: Body[]) => servers(3, { volumeClaimTemplates: templates });
  const premium = tierSpec('production', { storage: { class: 'premium-ssd', size: '10Gi' } });
  const PATH = `${STS} /spec/volumeClaimTemplates/1/spec/storageClassName`;

  it('the declared class passes', () => {
    expect(found(storageClass, [withClaims(claim('premium-ssd'))], premium)).toEqual([]);
  });

  it('another class is an error, at the claim template that names it', () => {
    expect(found(storageClass, [withClaims(claim('premium-ssd'), claim('standard'))], premium)).toEqual([
      { severity: 'error', at: PATH, message: 'storage class standard, but environment env declares premium-ssd' },
    ]);
  });

  it.each([
    ['no class', undefined],
    ['an empty class', ''],
    ['a class that is not text', 5],
  ])('%s is an error (the cluster default would be used)', (_name, value) => {
    expect(found(storageClass, [withClaims(claim('premium-ssd'), claim(value))], premium)).toEqual([
      {
        severity: 'error',
        at: PATH,
        message: 'claim template data names no storage class (the cluster default would be used); expected premium-ssd',
      },
    ]);
  });

  it('without a declared class, any class passes and a missing one says nothing of what was expected', () => {
    const undeclared = { environments: [], tierSeverity: {} } as never;
    expect(found(storageClass, [withClaims(claim('standard'))], undeclared)).toEqual([]);
    expect(found(storageClass, [withClaims(claim('standard'), claim(undefined))], undeclared).map((finding) => finding.message)).toEqual([
      'claim template data names no storage class (the cluster default would be used)',
    ]);
  });

  it('no claim templates is an error; no StatefulSet raises nothing', () => {
    expect(found(storageClass, [servers(3)], premium)).toEqual([
      {
        severity: 'error',
        at: `${STS} /spec/volumeClaimTemplates`,
        message: 'no volumeClaimTemplates: server data (and the node ID) would not survive a reschedule',
      },
    ]);
    expect(found(storageClass, [OTHER])).toEqual([]);
  });
});

describeRuleFixtures('storage-class');
