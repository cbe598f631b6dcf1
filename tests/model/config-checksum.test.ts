/**
 * tools/src/model/config-checksum.ts: the config-checksum annotation's value, sha256 over the ConfigMaps' names,
 * data and binaryData as JSON (keys sorted at every level, ConfigMaps in name order), and the ConfigMaps a pod mounts.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { configChecksum, mountedConfigMapNames } from '../../tools/src/model/config-checksum.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('configChecksum', () => {
  it('is sha256 of [name, data, binaryData] per ConfigMap, in name order, keys sorted inside lists too', () => {
    const maps = [
      { name: 'c', data: { z: '1', a: '2' } },
      { name: 'a', data: { list: [{ n: 2, m: 1 }, 'x'], nested: { q: true, p: null } }, binaryData: { bin: 'AA==' } },
      { name: 'b' },
    ];
    const text = '[["a",{"list":[{"m":1,"n":2},"x"],"nested":{"p":null,"q":true}},{"bin":"AA=="}],["b",{},{}],["c",{"a":"2","z":"1"},{}]]';
    expect(configChecksum(maps)).toBe(sha256(text));
    expect(configChecksum([maps[2]!, maps[0]!, maps[1]!])).toBe(sha256(text));
    expect(configChecksum([maps[1]!, maps[2]!, maps[0]!])).toBe(sha256(text));
  });

  it('tells values apart that are not text (numbers, booleans), and reads an undefined value as null', () => {
    expect(configChecksum([{ name: 'x', data: { a: 1 } }])).not.toBe(configChecksum([{ name: 'x', data: { a: 2 } }]));
    expect(configChecksum([{ name: 'x', data: { a: true } }])).not.toBe(configChecksum([{ name: 'x', data: { a: false } }]));
    expect(configChecksum([{ name: 'x', data: { a: undefined } }])).toBe(sha256('[["x",{"a":null},{}]]'));
  });

  it('is the checksum of an empty list for no ConfigMaps', () => {
    expect(configChecksum([])).toBe(sha256('[]'));
  });
});

describe('mountedConfigMapNames', () => {
  it('reads nothing from volumes or sources that are not lists', () => {
    expect(mountedConfigMapNames({ volumes: 'x' })).toEqual([]);
    expect(mountedConfigMapNames({ volumes: [{ projected: { sources: 'x' } }] })).toEqual([]);
  });
});
