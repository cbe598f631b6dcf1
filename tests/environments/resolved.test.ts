/** resolvedEnvironment: the loader's environment once every key the defaults may fill is set, and none while one is missing. */
import { describe, expect, it } from 'vitest';
import { resolvedEnvironment } from '../../tools/src/environments/defaults.js';
import { COMPLETE_ENVIRONMENT } from '../helpers/environment-entry.js';

const FULL = COMPLETE_ENVIRONMENT;
const KEYS = [
  'namespace',
  'zones',
  'minNodes',
  'destination',
  'storage.class',
  'storage.size',
  'images.consul',
  'images.controlPlane',
  'security.tls',
  'security.acls',
  'security.gossip',
  'resources.server',
  'resources.client',
  'resources.syncCatalog',
];
const without = (path: string): object => {
  const [first, second] = path.split('.') as [keyof typeof FULL, string | undefined];
  if (second === undefined) return Object.fromEntries(Object.entries(FULL).filter(([key]) => key !== first));
  return { ...FULL, [first]: Object.fromEntries(Object.entries(FULL[first] as object).filter(([key]) => key !== second)) };
};

describe('resolvedEnvironment', () => {
  it('complete: the environment, its datacenter its name unless set', () => {
    expect(resolvedEnvironment(FULL as never)).toEqual({ ...FULL, datacenter: 'prod' });
    expect(resolvedEnvironment({ ...FULL, datacenter: 'dc1' } as never)?.datacenter).toBe('dc1');
  });

  it.each(KEYS)('none while %s is missing', (path) => {
    expect(resolvedEnvironment(without(path) as never)).toBeUndefined();
  });

  it.each(['storage', 'images', 'security', 'resources'])('none without %s at all', (key) => {
    expect(resolvedEnvironment(without(key) as never)).toBeUndefined();
  });
});
