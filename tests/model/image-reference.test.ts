/** One image-reference parser for the generator, the Consul-object recognition, image-pinned and diff. */
import { describe, expect, it } from 'vitest';
import { parseImageReference } from '../../tools/src/model/image-reference.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('parseImageReference', () => {
  it.each([
    ['a repository and a tag', 'hashicorp/consul:1.22.7', { name: 'hashicorp/consul', repository: 'hashicorp/consul', baseName: 'consul', tag: '1.22.7' }],
    ['no tag', 'hashicorp/consul', { name: 'hashicorp/consul', repository: 'hashicorp/consul', baseName: 'consul' }],
    ['one segment, no registry', 'consul:1.22.7', { name: 'consul', repository: 'consul', baseName: 'consul', tag: '1.22.7' }],
    ['a registry with a port: the port is not a tag', 'registry.local:5000/hashicorp/consul', {
      name: 'registry.local:5000/hashicorp/consul', registry: 'registry.local:5000', repository: 'hashicorp/consul', baseName: 'consul',
    }],
    ['a registry with a port and a tag', 'registry.local:5000/hashicorp/consul:1.22.7', {
      name: 'registry.local:5000/hashicorp/consul', registry: 'registry.local:5000', repository: 'hashicorp/consul', baseName: 'consul', tag: '1.22.7',
    }],
    ['a digest without a tag', `hashicorp/consul@${DIGEST}`, { name: 'hashicorp/consul', repository: 'hashicorp/consul', baseName: 'consul', digest: DIGEST }],
    ['a tag and a digest, behind a registry with a port', `registry.local:5000/hashicorp/consul-k8s-control-plane:1.9.11@${DIGEST}`, {
      name: 'registry.local:5000/hashicorp/consul-k8s-control-plane',
      registry: 'registry.local:5000',
      repository: 'hashicorp/consul-k8s-control-plane',
      baseName: 'consul-k8s-control-plane',
      tag: '1.9.11',
      digest: DIGEST,
    }],
    ['localhost is a registry', 'localhost/consul:1.22.7', { name: 'localhost/consul', registry: 'localhost', repository: 'consul', baseName: 'consul', tag: '1.22.7' }],
    ['a lower-case first segment without a dot or a port is a path, not a registry', 'hashicorp/consul:1.22.7', { repository: 'hashicorp/consul' }],
    ['an upper-case first segment is a registry (a repository cannot have one); case is kept', 'MyRegistry/consul:1.22.7-RC1', {
      name: 'MyRegistry/consul', registry: 'MyRegistry', repository: 'consul', baseName: 'consul', tag: '1.22.7-RC1',
    }],
    ['an upper-case registry host and tag are kept as written', 'Registry.Example.COM:443/hashicorp/consul:Latest', {
      registry: 'Registry.Example.COM:443', repository: 'hashicorp/consul', tag: 'Latest',
    }],
  ])('%s: %s', (_name, image, expected) => {
    const parsed = parseImageReference(image);
    expect(parsed).toMatchObject(expected);
    if ('name' in expected) expect(parsed).toEqual(expected);
  });
});
