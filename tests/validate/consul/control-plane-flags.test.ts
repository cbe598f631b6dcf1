/**
 * tools/src/validate/consul/control-plane-flags.ts: the flag table of a control-plane subcommand (its flag sets,
 * then its own flags), and the flags an invocation is given: the last on the command line, else its environment
 * variable.
 */
import { describe, expect, it } from 'vitest';
import type { ControlPlaneFacts } from '../../../tools/src/model/facts.js';
import { pinnedFacts } from '../../../tools/src/facts/pinned.js';
import { flagTable, resolveFlags } from '../../../tools/src/validate/consul/control-plane-flags.js';
import { controlPlaneInvocations } from '../../../tools/src/validate/consul/control-plane-invocation.js';
import { command, type Body } from '../../helpers/inline-rules.js';

const FACTS: ControlPlaneFacts = {
  source: 'test',
  version: '0.0.0',
  subcommands: ['acl-init', 'bare'],
  flagSets: {
    consul: { file: 'consul.go', flags: { addresses: { type: 'string', env: 'CONSUL_ADDRESSES' }, shared: { type: 'string' } } },
    http: { file: 'http.go', flags: { shared: { type: 'int' }, token: { type: 'string', env: 'CONSUL_HTTP_TOKEN' } } },
  },
  commands: {
    'acl-init': {
      usesFlagSets: ['consul', 'http', 'missing'],
      flags: { 'resource-prefix': { type: 'string' }, client: { type: 'bool' }, 'log-level': { type: 'string' }, token: { type: 'bool' } },
    },
    bare: { flags: { only: { type: 'string' } } },
  },
};

describe('flagTable', () => {
  it('merges the flag sets in order, then the command flags, a later table overriding an earlier one', () => {
    expect(flagTable(FACTS, 'acl-init')).toEqual({
      addresses: { type: 'string', env: 'CONSUL_ADDRESSES' },
      shared: { type: 'int' },
      token: { type: 'bool' },
      'resource-prefix': { type: 'string' },
      client: { type: 'bool' },
      'log-level': { type: 'string' },
    });
  });

  it('is the command flags alone without flag sets, and empty for an unknown command', () => {
    expect(flagTable(FACTS, 'bare')).toEqual({ only: { type: 'string' } });
    expect(flagTable(FACTS, 'unknown')).toEqual({});
  });

  it('does not change the facts it reads', () => {
    const before = structuredClone(FACTS);
    flagTable(FACTS, 'acl-init');
    expect(FACTS).toEqual(before);
  });

  it('reads the pinned tables: server-acl-init has its own flags and the consul flag set', () => {
    const table = flagTable(pinnedFacts().controlPlane, 'server-acl-init');
    expect(table['resource-prefix']).toBeDefined();
    expect(table.addresses?.env).toBe('CONSUL_ADDRESSES');
  });
});

/** The flags of `acl-init <args>` run with this environment. */
function resolved(args: string[], env: Body[] = []) {
  const [invocation] = controlPlaneInvocations(command(['acl-init', ...args], { env }));
  if (!invocation) throw new Error('no invocation');
  return resolveFlags(invocation, flagTable(FACTS, 'acl-init'));
}

describe('resolveFlags', () => {
  it('gives the value of a flag as -name=value or -name value, and "true" for a bare boolean', () => {
    const flags = resolved(['-resource-prefix=consul', '-log-level', 'debug', '-client']);
    expect(flags.value('resource-prefix')).toBe('consul');
    expect(flags.value('log-level')).toBe('debug');
    expect(flags.value('client')).toBe('true');
    expect(flags.value('unknown')).toBeUndefined();
  });

  it('takes a boolean flag of the table without its next word (the table decides what is boolean)', () => {
    const flags = resolved(['-token', 'word']);
    expect(flags.value('token')).toBe('true');
    expect(flags.positional).toEqual(['word']);
  });

  it('takes the last occurrence of a repeated flag, and its index in the words', () => {
    const flags = resolved(['-log-level=info', '-client', '-log-level=debug']);
    expect(flags.value('log-level')).toBe('debug');
    expect(flags.indexOf('log-level')).toBe(2);
    expect(flags.indexOf('client')).toBe(1);
    expect(flags.indexOf('resource-prefix')).toBe(-1);
  });

  it('lists each given flag with its value and its own index, a value word counted', () => {
    expect(resolved(['-log-level', 'info', '--client', '-log-level=debug', '-resource-prefix', 'log-level']).given).toEqual([
      { name: 'log-level', value: 'info', index: 0 },
      { name: 'client', index: 2 },
      { name: 'log-level', value: 'debug', index: 3 },
      { name: 'resource-prefix', value: 'log-level', index: 4 },
    ]);
  });

  it('gives a flag the index of its own word, not of an earlier value word that reads like it', () => {
    const flags = resolved(['-resource-prefix', 'log-level', '-log-level=debug']);
    expect(flags.indexOf('log-level')).toBe(2);
    expect(flags.value('resource-prefix')).toBe('log-level');
  });

  it('takes the next word as the value of a flag the table does not know', () => {
    const flags = resolved(['-unknown', 'x', '-client']);
    expect(flags.value('unknown')).toBe('x');
    expect(flags.indexOf('client')).toBe(2);
    expect(flags.positional).toEqual([]);
  });

  it('keeps the words after the flags as positional', () => {
    expect(resolved(['-client', 'extra', '-log-level=x']).positional).toEqual(['extra', '-log-level=x']);
    expect(resolved(['-client']).positional).toEqual([]);
  });

  it('falls back to the environment variable of a flag not on the command line', () => {
    const env = [
      { name: 'CONSUL_ADDRESSES', value: 'consul-server.consul.svc' },
      { name: 'CONSUL_HTTP_TOKEN', valueFrom: { secretKeyRef: { name: 's', key: 'token' } } },
    ];
    expect(resolved([], env).value('addresses')).toBe('consul-server.consul.svc');
    expect(resolved(['-addresses=elsewhere'], env).value('addresses')).toBe('elsewhere');
    expect(resolved([], env).value('shared')).toBeUndefined();
    expect(resolved([]).value('addresses')).toBeUndefined();
    expect(resolved([], env).indexOf('addresses')).toBe(-1);
  });
});
