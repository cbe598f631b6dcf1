/** image-pinned: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/image-pinned/). */
import { describe, expect, it } from 'vitest';
import { imagePinned } from '../../../tools/src/validate/rules/image-pinned.js';
import { found, tierSpec, workload, type Body } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

const SAFE = { allowPrivilegeEscalation: false };
const container = (extra: Body = {}): Body => ({ name: 'consul', image: 'hashicorp/consul:1.22.7', securityContext: SAFE, ...extra });
const deployment = (pod: Body) => workload('Deployment', 'app', pod);
const CONTAINER = 'Deployment/app /spec/template/spec/containers/0';

describe('image-pinned', () => {
  const image = (value: unknown, tier: 'development' | 'production' = 'development') =>
    found(imagePinned, [deployment({ containers: [container({ image: value })] })], tierSpec(tier));

  it.each([
    ['latest', 'hashicorp/consul:latest', 'image hashicorp/consul:latest is not pinned: latest moves'],
    ['no tag', 'hashicorp/consul', 'image hashicorp/consul is not pinned: no tag means latest'],
    ['a bare name', 'consul', 'image consul is not pinned: no tag means latest'],
    ['a registry port is not a tag', 'registry:5000/consul', 'image registry:5000/consul is not pinned: no tag means latest'],
    ['a registry port and latest', 'registry:5000/consul:latest', 'image registry:5000/consul:latest is not pinned: latest moves'],
  ])('%s is an error', (_name, value, message) => {
    expect(image(value)).toEqual([{ severity: 'error', at: `${CONTAINER}/image`, message }]);
  });

  it.each([
    ['a tag', 'hashicorp/consul:1.22.7'],
    ['a registry port and a tag', 'registry:5000/consul:1.22.7'],
    ['a digest only', 'hashicorp/consul@sha256:0123'],
  ])('%s passes outside production', (_name, value) => {
    expect(image(value)).toEqual([]);
  });

  it('a tag without a digest is a warning in production; a digest passes there', () => {
    expect(image('registry:5000/consul:1.22.7', 'production')).toEqual([
      {
        severity: 'warning',
        at: `${CONTAINER}/image`,
        message: 'image registry:5000/consul:1.22.7 has a tag but no digest in production: a re-pushed tag changes what runs',
      },
    ]);
    expect(image('registry:5000/consul:1.22.7@sha256:0123', 'production')).toEqual([]);
    expect(image('consul@sha256:0123', 'production')).toEqual([]);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['not a string', 7],
  ])('an image that is %s is an error naming the container', (_name, value) => {
    expect(image(value)).toEqual([{ severity: 'error', at: `${CONTAINER}/image`, message: 'container consul has no image' }]);
  });
});

describeRuleFixtures('image-pinned');
