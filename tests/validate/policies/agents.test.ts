/** The agent readers consul-gossip and consul-acl share: env entries, the -encrypt flag, and where a gossip key comes from. */
import { describe, expect, it } from 'vitest';
import { envOf, gossipSourceOf } from '../../../tools/src/validate/policies/agents.js';
import type { ContainerRef } from '../../../tools/src/model/k8s-objects.js';

const POINTER = '/spec/template/spec/containers/0';
const container = (body: Record<string, unknown>): ContainerRef => ({
  container: { name: 'consul', ...body },
  pointer: POINTER,
  init: false,
});
const USES_KEY = { command: ['consul', 'agent', '-encrypt=$(GOSSIP_KEY)'] };

describe('envOf: the env entries of a container', () => {
  it('keeps a string value and a Secret reference with both name and key, nothing else', () => {
    expect(
      envOf(
        container({
          env: [
            { name: 'A', value: 'x' },
            { name: 'B', value: 5 },
            { name: 'C', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
            { name: 'D', valueFrom: { secretKeyRef: { name: 's' } } },
            { name: 'E', valueFrom: { secretKeyRef: { key: 'k' } } },
            { value: 'no name' },
          ],
        }),
      ),
    ).toEqual([
      { name: 'A', index: 0, value: 'x' },
      { name: 'B', index: 1 },
      { name: 'C', index: 2, secret: { name: 's', key: 'k' } },
      { name: 'D', index: 3 },
      { name: 'E', index: 4 },
    ]);
  });
});

describe('gossipSourceOf: where an agent gets its gossip key', () => {
  it('an env var on -encrypt: its Secret, its literal value, or nothing when it has neither (a ConfigMap reference, a number)', () => {
    expect(
      gossipSourceOf(
        container({ ...USES_KEY, env: [{ name: 'GOSSIP_KEY', valueFrom: { secretKeyRef: { name: 'g', key: 'key' } } }] }),
        undefined,
      ),
    ).toEqual({ kind: 'secret', name: 'g', key: 'key', variable: 'GOSSIP_KEY' });
    expect(
      gossipSourceOf(
        container({
          ...USES_KEY,
          env: [
            { name: 'OTHER', value: 'x' },
            { name: 'GOSSIP_KEY', value: 'a2V5' },
          ],
        }),
        undefined,
      ),
    ).toEqual({
      kind: 'literal',
      where: 'env GOSSIP_KEY',
      pointer: `${POINTER}/env/1/value`,
      value: 'a2V5',
    });
    for (const entry of [
      { name: 'GOSSIP_KEY', valueFrom: { configMapKeyRef: { name: 'c', key: 'k' } } },
      { name: 'GOSSIP_KEY', value: 5 },
      { name: 'GOSSIP_KEY', valueFrom: { secretKeyRef: { name: 'g' } } },
      { name: 'GOSSIP_KEY', valueFrom: { secretKeyRef: { key: 'key' } } },
    ])
      expect(gossipSourceOf(container({ ...USES_KEY, env: [entry] }), undefined), JSON.stringify(entry)).toEqual({ kind: 'none' });
  });

  it('a variable with a digit or a dash in its name is still recognised on -encrypt', () => {
    for (const name of ['GOSSIP_KEY1', 'gossip-key', 'gossip.key'])
      expect(
        gossipSourceOf(
          container({
            command: ['consul', 'agent', `-encrypt=$(${name})`],
            env: [{ name, valueFrom: { secretKeyRef: { name: 'g', key: 'key' } } }],
          }),
          undefined,
        ),
        name,
      ).toEqual({ kind: 'secret', name: 'g', key: 'key', variable: name });
  });

  it('a literal -encrypt flag, quoted or not, with one or two dashes, points at its command or args entry', () => {
    const literal = (body: Record<string, unknown>) => gossipSourceOf(container(body), undefined);
    expect(literal({ command: ['consul', 'agent', '-encrypt=a2V5'] })).toEqual({
      kind: 'literal',
      where: 'the -encrypt flag',
      pointer: `${POINTER}/command/2`,
      value: 'a2V5',
    });
    expect(literal({ command: ['consul'], args: ['--encrypt="a2V5"', 'agent'] })).toEqual({
      kind: 'literal',
      where: 'the -encrypt flag',
      pointer: `${POINTER}/args/0`,
      value: 'a2V5',
    });
    expect(literal({ command: ['consul'], args: ['agent', '-encrypt', 'a2V5'] })).toMatchObject({
      pointer: `${POINTER}/args/1`,
      value: 'a2V5',
    });
    // an entry that only ends in "-encrypt" (a path) is not the flag: the pointer is the flag's own entry
    expect(literal({ command: ['consul'], args: ['-config-file=/consul/gossip-encrypt', '-encrypt', 'a2V5'] })).toMatchObject({
      pointer: `${POINTER}/args/1`,
      value: 'a2V5',
    });
  });

  it('a literal -encrypt flag inside a shell command line points at that line, not at the command itself', () => {
    const literal = (body: Record<string, unknown>) => gossipSourceOf(container(body), undefined);
    expect(literal({ command: ['/bin/sh', '-ec', 'exec consul agent -encrypt=a2V5 -server'] })).toEqual({
      kind: 'literal',
      where: 'the -encrypt flag',
      pointer: `${POINTER}/command/2`,
      value: 'a2V5',
    });
    expect(literal({ command: ['/bin/sh', '-ec'], args: ['consul agent\n  --encrypt a2V5'] })).toMatchObject({
      pointer: `${POINTER}/args/0`,
      value: 'a2V5',
    });
  });

  it('an -encrypt flag on a variable the container does not define is no literal; a value ending in $ is', () => {
    expect(gossipSourceOf(container({ command: ['consul', 'agent', '-encrypt=$(UNDEFINED)'] }), undefined)).toEqual({ kind: 'none' });
    expect(gossipSourceOf(container({ command: ['consul', 'agent', '-encrypt=a2V5$'] }), undefined)).toMatchObject({
      kind: 'literal',
      value: 'a2V5$',
    });
  });

  it('encrypt in the config: a literal unless it is empty or a variable reference', () => {
    expect(gossipSourceOf(undefined, { encrypt: 'a2V5' })).toEqual({
      kind: 'literal',
      where: 'encrypt in its config',
      pointer: '/data',
      value: 'a2V5',
    });
    expect(gossipSourceOf(undefined, { encrypt: 'a2V5$' })).toMatchObject({ kind: 'literal', value: 'a2V5$' });
    for (const encrypt of ['', '${GOSSIP_KEY}', 5])
      expect(gossipSourceOf(undefined, { encrypt }), String(encrypt)).toEqual({ kind: 'none' });
    expect(gossipSourceOf(container({ command: ['consul', 'agent'] }), undefined)).toEqual({ kind: 'none' });
  });
});
