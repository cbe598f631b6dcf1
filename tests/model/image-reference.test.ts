/** One image-reference parser for the generator, the Consul-object recognition, image-pinned and diff. */
import { describe, expect, it } from 'vitest';
import { parseImageReference, type ImageReference } from '../../tools/src/model/image-reference.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const CONSUL = { name: 'hashicorp/consul', repository: 'hashicorp/consul', baseName: 'consul' };
const REGISTRY = 'registry.local:5000';
const viaRegistry = (rest: Partial<ImageReference>): ImageReference => ({
  ...CONSUL,
  name: `${REGISTRY}/hashicorp/consul`,
  registry: REGISTRY,
  ...rest,
});

describe('parseImageReference', () => {
  it.each<[string, string, ImageReference]>([
    ['a repository and a tag', 'hashicorp/consul:1.22.7', { ...CONSUL, tag: '1.22.7' }],
    ['no tag', 'hashicorp/consul', CONSUL],
    ['one segment, no registry', 'consul:1.22.7', { name: 'consul', repository: 'consul', baseName: 'consul', tag: '1.22.7' }],
    ['a registry with a port: the port is not a tag', `${REGISTRY}/hashicorp/consul`, viaRegistry({})],
    ['a registry with a port and a tag', `${REGISTRY}/hashicorp/consul:1.22.7`, viaRegistry({ tag: '1.22.7' })],
    ['a digest without a tag', `hashicorp/consul@${DIGEST}`, { ...CONSUL, digest: DIGEST }],
    [
      'a tag and a digest, behind a registry with a port',
      `${REGISTRY}/hashicorp/consul:1.22.7@${DIGEST}`,
      viaRegistry({ tag: '1.22.7', digest: DIGEST }),
    ],
    [
      'localhost is a registry',
      'localhost/consul:1.22.7',
      {
        name: 'localhost/consul',
        registry: 'localhost',
        repository: 'consul',
        baseName: 'consul',
        tag: '1.22.7',
      },
    ],
    [
      'a dotted registry without a port',
      'quay.io/prometheus/node-exporter:v1.8.2',
      {
        name: 'quay.io/prometheus/node-exporter',
        registry: 'quay.io',
        repository: 'prometheus/node-exporter',
        baseName: 'node-exporter',
        tag: 'v1.8.2',
      },
    ],
    [
      'an upper-case first segment is a registry (a repository cannot have one); case is kept',
      'MyRegistry/consul:1.22.7-RC1',
      {
        name: 'MyRegistry/consul',
        registry: 'MyRegistry',
        repository: 'consul',
        baseName: 'consul',
        tag: '1.22.7-RC1',
      },
    ],
    ['a digest alone: no name', '@sha256:abc', { name: '', repository: '', baseName: '', digest: 'sha256:abc' }],
    [
      'one segment with a dot is a repository, not a registry',
      'library.consul:1.22',
      { name: 'library.consul', repository: 'library.consul', baseName: 'library.consul', tag: '1.22' },
    ],
    [
      'an upper-case registry host and tag are kept as written',
      'Registry.Example.COM:443/hashicorp/consul:Latest',
      {
        ...CONSUL,
        name: 'Registry.Example.COM:443/hashicorp/consul',
        registry: 'Registry.Example.COM:443',
        tag: 'Latest',
      },
    ],
  ])('%s: %s', (_name, image, expected) => {
    // toStrictEqual: a part the reference does not have is absent, not present as undefined.
    expect(parseImageReference(image)).toStrictEqual(expected);
  });
});
