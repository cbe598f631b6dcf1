/** base/'s settings from the spec's defaults, and an environment's settings from its resolved spec. */
import { describe, expect, it } from 'vitest';
import { baseSettings, clusterScopedSuffix, environmentSettings } from '../../../tools/src/generate/base/settings.js';
import { SpecError } from '../../../tools/src/model/errors.js';
import type { EnvironmentSpec } from '../../../tools/src/environments/types.js';
import { IMAGES, RESOURCES } from './fixture.js';

describe('baseSettings', () => {
  it('a generic 3-server datacenter dc1 with 10Gi claims, TLS, ACLs and gossip on, the chart resources, when the defaults name only images', () => {
    expect(baseSettings({ defaults: { images: IMAGES } })).toEqual({
      datacenter: 'dc1',
      servers: 3,
      storage: { size: '10Gi' },
      zones: [],
      images: IMAGES,
      security: { tls: true, acls: true, gossip: true },
      resources: {
        server: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
        client: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '256Mi' } },
        syncCatalog: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '100m', memory: '128Mi' } },
      },
      clientTolerations: [],
      clusterScopedSuffix: '',
    });
  });

  it('takes every default the spec sets, and still 3 servers', () => {
    const tolerations = [{ key: 'dedicated', operator: 'Exists' as const }];
    expect(
      baseSettings({
        defaults: {
          images: { ...IMAGES, extra: 'ignored' } as typeof IMAGES,
          datacenter: 'dc-east',
          storage: { size: '20Gi', class: 'fast' },
          zones: ['a', 'b'],
          security: { tls: false, acls: false, gossip: false },
          resources: RESOURCES,
          clientTolerations: tolerations,
        },
      }),
    ).toEqual({
      datacenter: 'dc-east',
      servers: 3,
      storage: { size: '20Gi', class: 'fast' },
      zones: ['a', 'b'],
      images: IMAGES,
      security: { tls: false, acls: false, gossip: false },
      resources: RESOURCES,
      clientTolerations: tolerations,
      clusterScopedSuffix: '',
    });
  });

  it('keeps each security switch the defaults leave out on', () => {
    expect(baseSettings({ defaults: { images: IMAGES, security: { tls: false } } }).security).toEqual({ tls: false, acls: true, gossip: true });
    expect(baseSettings({ defaults: { images: IMAGES, security: { acls: false } } }).security).toEqual({ tls: true, acls: false, gossip: true });
    expect(baseSettings({ defaults: { images: IMAGES, security: { gossip: false } } }).security).toEqual({ tls: true, acls: true, gossip: false });
  });

  it('a storage default without a size keeps 10Gi, and without a class names none', () => {
    expect(baseSettings({ defaults: { images: IMAGES, storage: { class: 'fast' } } }).storage).toEqual({ size: '10Gi', class: 'fast' });
    expect(baseSettings({ defaults: { images: IMAGES, storage: { size: '5Gi' } } }).storage).toEqual({ size: '5Gi' });
  });

  it.each([
    [{}, ['consul', 'controlPlane']],
    [{ images: { consul: 'c' } }, ['controlPlane']],
    [{ images: { controlPlane: 'p' } }, ['consul']],
    [{ images: { consul: '', controlPlane: 'p' } }, ['consul']],
  ])('without both default images (%j) is a spec error naming each missing one', (defaults, missing) => {
    const error = (() => {
      try {
        baseSettings({ defaults, file: 'envs.yaml' });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).file).toBe('envs.yaml');
    expect((error as SpecError).problems).toEqual(
      missing.map((key) => ({ path: `defaults.images.${key}`, message: 'required: base/ pins this image; set it under defaults' })),
    );
  });

  it('names environments.yaml when the spec has no file', () => {
    expect(() => baseSettings({ defaults: {} })).toThrow(/^environments\.yaml: defaults\.images\.consul: required/);
  });
});

describe('environmentSettings', () => {
  const env = {
    name: 'qa',
    datacenter: 'dc-qa',
    servers: 5,
    storage: { size: '30Gi', class: 'ssd' },
    zones: ['a', 'b', 'c'],
    images: { consul: 'other', controlPlane: 'other' },
    security: { tls: true, acls: false, gossip: true },
    resources: RESOURCES,
  } as unknown as EnvironmentSpec;

  it("is the environment's datacenter, servers, storage, zones, security and resources with base/'s images; cluster names as patches see them", () => {
    expect(environmentSettings(env, { images: IMAGES })).toEqual({
      datacenter: 'dc-qa',
      servers: 5,
      storage: { size: '30Gi', class: 'ssd' },
      zones: ['a', 'b', 'c'],
      images: IMAGES,
      security: { tls: true, acls: false, gossip: true },
      resources: RESOURCES,
      clientTolerations: [],
      clusterScopedSuffix: '',
    });
  });

  it('as rendered: cluster-scoped names with -<environment>; the client tolerations of the environment', () => {
    const tolerations = [{ key: 'k', operator: 'Exists' as const }];
    const settings = environmentSettings({ ...env, clientTolerations: tolerations }, { images: IMAGES }, true);
    expect(settings.clusterScopedSuffix).toBe('-qa');
    expect(settings.clientTolerations).toEqual(tolerations);
    expect(clusterScopedSuffix('prod')).toBe('-prod');
  });
});
