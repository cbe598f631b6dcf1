/**
 * Every locked package runs on the Node this repository supports (engines.node of package.json,
 * >=20.19): `npm ci` prints no EBADENGINE warning, on the lowest supported Node or on this one.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/repo.js';

type Version = [number, number, number];

const parse = (text: string): Version => {
  const [major = 0, minor = 0, patch = 0] = text
    .replace(/^v/, '')
    .split('.')
    .map((part) => (part === '*' || part === 'x' ? 0 : Number(part)));
  return [major, minor, patch];
};
const compare = (a: Version, b: Version): number => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** The npm range forms the lockfile uses: `>=X[.Y[.Z]]`, `^X[.Y[.Z]]`, `X`, `X.*`, joined by spaces (and) and `||` (or). */
export function satisfies(version: Version, range: string): boolean {
  return range.split('||').some((alternative) =>
    alternative
      .trim()
      .replace(/(>=|<=|>|<|\^|~)\s+/g, '$1')
      .split(/\s+/)
      .filter(Boolean)
      .every((comparator) => {
        const match = /^(>=|<=|>|<|\^|~)?(.+)$/.exec(comparator);
        if (!match) throw new Error(`unsupported range ${range}`);
        const [, operator = '', rest = ''] = match;
        const bound = parse(rest);
        const parts = rest.split('.').filter((part) => part !== '*' && part !== 'x').length;
        if (operator === '>=') return compare(version, bound) >= 0;
        if (operator === '>') return compare(version, bound) > 0;
        if (operator === '<') return compare(version, bound) < 0;
        if (operator === '<=') return compare(version, bound) <= 0;
        if (operator === '^') return version[0] === bound[0] && compare(version, bound) >= 0;
        if (operator === '~') return version[0] === bound[0] && version[1] === bound[1] && compare(version, bound) >= 0;
        // X, X.Y or X.*: that major (and minor)
        return version[0] === bound[0] && (parts < 2 || version[1] === bound[1]);
      }),
  );
}

const lock = JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: unknown }>;
};
const root = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
const lowest = parse(/^>=\s*(.+)$/.exec(root.engines.node)?.[1] ?? '0');

describe('engines', () => {
  it('the range check reads the forms the lockfile uses', () => {
    expect(satisfies([20, 19, 0], '>=18')).toBe(true);
    expect(satisfies([20, 19, 0], '>=22.19.0')).toBe(false);
    expect(satisfies([20, 19, 0], '^18.0.0 || ^20.0.0 || >=22.0.0')).toBe(true);
    expect(satisfies([20, 19, 0], '^20.19.0 || >=22.12.0')).toBe(true);
    expect(satisfies([20, 18, 0], '^20.19.0 || >=22.12.0')).toBe(false);
    expect(satisfies([20, 19, 0], '18 || 20 || >=22')).toBe(true);
    expect(satisfies([21, 0, 0], '20 || >=22')).toBe(false);
    expect(satisfies([20, 19, 0], '6.* || 8.* || >= 10.*')).toBe(true);
    expect(satisfies([20, 19, 0], '>= 20.12.0')).toBe(true);
  });

  it.each([
    ['the lowest supported Node', lowest],
    [`this Node (${process.version})`, parse(process.version)],
  ])('every locked package supports %s', (_, version) => {
    const unsupported = Object.entries(lock.packages)
      .filter(
        ([, entry]) => entry.engines && typeof entry.engines === 'object' && typeof (entry.engines as { node?: unknown }).node === 'string',
      )
      .filter(([, entry]) => !satisfies(version, (entry.engines as { node: string }).node))
      .map(([path, entry]) => `${path}@${entry.version ?? '?'} needs node ${(entry.engines as { node: string }).node}`);
    expect(unsupported).toEqual([]);
  });
});
