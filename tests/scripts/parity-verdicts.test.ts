/**
 * The api-server parity suite's pure pieces (tools/scripts/parity-verdicts.mjs, parity-mutations.mjs):
 * the comparison and its confusion table, the changed-verdict list a re-recording prints, the reasons
 * written for new disagreements, the engine verdict of one manifest, and the raw YAML values of the
 * mutations. The suite itself (tests/validate/schema/api-server-parity.test.ts) needs the whole corpus.
 */
import { describe, expect, it } from 'vitest';
import { offlineSchemaEngine } from '../../tools/src/validate/schema/offline.js';
// @ts-expect-error: plain JavaScript module without types
import * as parity from '../../tools/scripts/parity-verdicts.mjs';
// @ts-expect-error: plain JavaScript module without types
import { rawValue, withRawValues } from '../../tools/scripts/parity-mutations.mjs';
// @ts-expect-error: plain JavaScript module without types
import { manifestOf } from '../../tools/scripts/parity-corpus.mjs';
import { REPO_ROOT } from '../helpers/repo.js';

const recording = (verdicts: Record<string, string>, messages: Record<string, string[]> = {}) => ({
  server: 'kube-apiserver v1.36.3',
  manifests: Object.fromEntries(
    Object.entries(verdicts).map(([id, verdict]) => [id, { sha256: '', verdict, messages: messages[id] ?? [] }]),
  ),
});
const engine = (verdicts: Record<string, string>) => new Map(Object.entries(verdicts).map(([id, verdict]) => [id, { verdict }]));
const entries = (...ids: string[]) => ids.map((id) => ({ id }));

describe('compareVerdicts', () => {
  it('counts each cell of the confusion table and lists only the disagreements', () => {
    const server = recording({ a: 'accepted', b: 'accepted', c: 'rejected', d: 'rejected', e: 'rejected', f: 'accepted' });
    const mine = engine({ a: 'accepted', b: 'rejected', c: 'accepted', d: 'rejected', e: 'rejected', f: 'rejected' });
    const comparison = parity.compareVerdicts(entries('a', 'b', 'c', 'd', 'e', 'f'), server, mine);
    expect(comparison.table).toEqual({ accepted: { accepted: 1, rejected: 2 }, rejected: { accepted: 1, rejected: 2 } });
    expect(comparison).toMatchObject({ total: 6, agreed: 3, agreement: 0.5 });
    expect(comparison.disagreements).toEqual([
      { id: 'b', server: 'accepted', engine: 'rejected' },
      { id: 'c', server: 'rejected', engine: 'accepted' },
      { id: 'f', server: 'accepted', engine: 'rejected' },
    ]);
  });

  it('leaves out a manifest without a recorded or an engine verdict, and gives 0 for nothing compared', () => {
    const comparison = parity.compareVerdicts(entries('a', 'b'), recording({ a: 'accepted' }), engine({ b: 'accepted' }));
    expect(comparison).toMatchObject({ total: 0, agreed: 0, agreement: 0, disagreements: [] });
  });

  it('prints the table with the server verdict as rows', () => {
    const comparison = parity.compareVerdicts(
      entries('a', 'b'),
      recording({ a: 'accepted', b: 'rejected' }),
      engine({ a: 'accepted', b: 'accepted' }),
    );
    expect(parity.confusionMarkdown('offline', comparison)).toBe(
      [
        '| offline | engine accepts | engine rejects |',
        '| --- | --- | --- |',
        '| server accepts | 1 | 0 |',
        '| server rejects | 1 | 0 |',
      ].join('\n'),
    );
  });

  it('rounds percentages down, so 97.99% never shows as the 98% target', () => {
    expect(parity.percent(0.97999)).toBe('97.9%');
    expect(parity.percent(0.98)).toBe('98.0%');
  });
});

describe('verdictChanges', () => {
  it('lists a flipped verdict with the first new message, a new manifest and a removed one; nothing for an unchanged one', () => {
    const before = recording({ same: 'accepted', flipped: 'accepted', removed: 'rejected' });
    const after = recording({ same: 'accepted', flipped: 'rejected', added: 'accepted' }, { flipped: ['spec.replicas: Invalid value'] });
    expect(parity.verdictChanges(before, after)).toEqual([
      'added: new, accepted',
      'flipped: accepted -> rejected (spec.replicas: Invalid value)',
      'removed: no longer in the corpus (was rejected)',
    ]);
  });

  it('lists every manifest as new against no recording', () => {
    expect(parity.verdictChanges(undefined, recording({ a: 'rejected' }, { a: ['bad'] }))).toEqual(['a: new, rejected (bad)']);
  });
});

describe('defaultReason', () => {
  const reason = (id: string, server: string, messages: string[], what?: string) =>
    parity.defaultReason(
      { id, ...(what ? { what } : {}) },
      { id, server, engine: server === 'rejected' ? 'accepted' : 'rejected' },
      recording({ [id]: server }, { [id]: messages }),
    );

  it.each([
    [
      'an unserved ApplicationSet',
      'file/x',
      ['kube-apiserver v1.36.3 does not serve argoproj.io/v1alpha1 ApplicationSet (...)'],
      /^setup: .*ApplicationSet/,
    ],
    ['a privileged container', 'fixture/y', ['privileged: Forbidden: disallowed by cluster policy'], /^setup: .*--allow-privileged/],
    ['a YAML 1.1 word the server gets as a string', 'mutation/yaml-1.1/env-value-on/job/bad', [], /^setup: .*YAML 1\.1/],
    ['a 2^63-1 good neighbour', 'mutation/int64/z/job/good', ['Invalid value: -9223372036854775808'], /^setup: .*2\^63-1/],
  ])('names a setup difference: %s', (_name, id, messages, expected) => {
    expect(reason(id, 'rejected', messages)).toMatch(expected);
  });

  it("gives a rejection the engine misses the mutation's rule and the server's first line, cut at 160 characters", () => {
    const text = reason('mutation/names/n/statefulset/bad', 'rejected', [`name: ${'x'.repeat(300)}\nsecond line`], 'a name is a label');
    expect(text).toMatch(/^not checked by the engine: a name is a label \(server: name: x+\.\.\.\)$/);
    expect(text).not.toContain('second line');
    expect(text.length).toBeLessThan(220);
  });

  it('gives a rejection without a rule or a message a generic reason', () => {
    expect(reason('fixture/q', 'rejected', [])).toBe('not checked by the engine: what the server rejects');
  });

  it('says when the engine rejects what the server accepts, with the rule when there is one', () => {
    expect(reason('file/r', 'accepted', [])).toBe('the engine rejects what the server accepts');
    expect(reason('mutation/x/y/job/good', 'accepted', [], 'an int32 field')).toBe(
      'the engine rejects what the server accepts: an int32 field',
    );
  });
});

describe('engineVerdicts', () => {
  const manifest = (id: string, text: string) => ({ id, text, schemaDirs: [] });
  it('rejects a manifest on an error of the parser or of the engine, keeps its messages, and accepts a valid one', async () => {
    const verdicts = await parity.engineVerdicts(
      offlineSchemaEngine(),
      [
        manifest('valid', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v\n'),
        manifest('schema', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: 1\n'),
        manifest('yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n'),
      ],
      REPO_ROOT,
    );
    expect(verdicts.get('valid')).toEqual({ verdict: 'accepted', messages: [] });
    expect(verdicts.get('schema')).toMatchObject({ verdict: 'rejected', messages: [expect.stringMatching(/^schema at \/data\/k: /)] });
    expect(verdicts.get('yaml')?.verdict).toBe('rejected');
  });
});

describe('raw values of the mutations', () => {
  it('writes 2^63 and quoted YAML 1.1 words as given, where the serializer would round or leave them plain', () => {
    const text = manifestOf({ big: rawValue('9223372036854775808'), quoted: rawValue('"on"'), plain: 'on' });
    expect(text).toBe('big: 9223372036854775808\nquoted: "on"\nplain: on\n');
    expect(withRawValues('no placeholder')).toBe('no placeholder');
  });
});
