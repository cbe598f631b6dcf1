/**
 * What a kube-apiserver answer says, without a server: field paths of Status causes into JSON pointers
 * (list indexes, associative-list selectors, map keys with dots and slashes), a Status into one problem
 * per field cause, and Warning headers into their text. The real server's answers are covered by
 * api-server.test.ts; these pin each branch of the mapping.
 */
import { describe, expect, it } from 'vitest';
import { fieldPointer, statusProblems, warningProblem, warningTexts } from '../../../tools/src/validate/schema/api-server-status.js';

const deployment = {
  metadata: { name: 'web', labels: { 'app.kubernetes.io/name': 'web' } },
  spec: {
    template: {
      spec: {
        containers: [
          { name: 'sidecar', ports: [{ containerPort: 80, protocol: 'TCP' }] },
          {
            name: 'web',
            ports: [
              { containerPort: 8080, protocol: 'TCP' },
              { containerPort: 8080, protocol: 'UDP' },
            ],
          },
        ],
      },
    },
  },
};

describe('fieldPointer: a server field path into a JSON pointer of the object', () => {
  it.each([
    ['spec.template.spec.containers[1].name', '/spec/template/spec/containers/1/name'],
    ['.spec.template.spec.containers[name="web"].ports', '/spec/template/spec/containers/1/ports'],
    ['spec.template.spec.containers[name="web"].ports[containerPort=8080,protocol="UDP"]', '/spec/template/spec/containers/1/ports/1'],
    ['metadata.labels[app.kubernetes.io/name]', '/metadata/labels/app.kubernetes.io~1name'],
    ['metadata', '/metadata'],
  ])('%s -> %s', (field, pointer) => {
    expect(fieldPointer(field, deployment)).toBe(pointer);
  });

  it('a field the object does not have is named under its parent (a missing required field)', () => {
    expect(fieldPointer('spec.template.spec.containers[0].image', deployment)).toBe('/spec/template/spec/containers/0/image');
  });

  it('stops at the deepest step it can follow: an index past the list, a selector matching nothing, a step below a scalar', () => {
    expect(fieldPointer('spec.template.spec.containers[7].name', deployment)).toBe('/spec/template/spec/containers');
    expect(fieldPointer('spec.template.spec.containers[name="db"].image', deployment)).toBe('/spec/template/spec/containers');
    expect(fieldPointer('metadata.name.first', deployment)).toBe('/metadata/name');
    expect(fieldPointer('spec.template.spec.containers[not a selector]', deployment)).toBe('/spec/template/spec/containers');
  });
});

describe('fieldPointer: each kind of step, and what it does not take for one', () => {
  const object = {
    matrix: [
      [1, 2],
      [3, 4],
    ],
    items: Array.from({ length: 12 }, (_, index) => ({ name: `item-${index}`, port: index })),
    named: [{ name: 'a,b' }, { name: 'a]b' }, { name: 'x"]y' }, { name: 'a"b"' }],
    metadata: { name: 'web', annotations: { 'x[1]': 'v' } },
  };

  it.each([
    ['brackets in a row: a list in a list', 'matrix[1][0]', '/matrix/1/0'],
    ['an index of two digits', 'items[11].name', '/items/11/name'],
    ['an index equal to the length is past the list', 'items[12].name', '/items'],
    ['a selector that matches the first item', 'items[name="item-0"].port', '/items/0/port'],
    ['a selector with a number written bare', 'items[port=3]', '/items/3'],
    ['a selector value with a comma', 'named[name="a,b"]', '/named/0'],
    ['a selector value with a bracket', 'named[name="a]b"]', '/named/1'],
    ['a selector value with an escaped quote before a bracket', 'named[name="x\\"]y"]', '/named/2'],
    ['a bare selector value with quotes in it is taken as written', 'named[name=a"b"]', '/named/3'],
    ['a selector with text after its last pair matches nothing', 'items[name="item-1",!!].port', '/items'],
    ['an empty bracket is no selector', 'items[].name', '/items'],
    ['a map key with brackets in it', 'metadata.annotations[x[1]]', '/metadata/annotations/x[1]'],
    ['an unclosed bracket takes the rest of the path', 'items[1', '/items/1'],
    ['a number after a dot is a field name, not a list index', 'matrix.1', '/matrix'],
    ['a number after a dot before a bracket is a field name too', 'matrix.1[0]', '/matrix'],
    ['a number after a dot in the middle is a field name too', 'items.1.name', '/items'],
    ['a name with = after a dot is no selector', 'items.name=item-1', '/items'],
    ['a trailing dot adds no step', 'metadata.', '/metadata'],
    ['a step below a string, even one naming a character of it', 'metadata.name.0', '/metadata/name'],
  ])('%s: %s -> %s', (_behaviour, field, pointer) => {
    expect(fieldPointer(field, object)).toBe(pointer);
  });
});

describe('statusProblems: a rejection into problems', () => {
  it('one problem per cause that names a field, located in the object', () => {
    const body = JSON.stringify({
      kind: 'Status',
      message: 'Deployment.apps "web" is invalid: [...]',
      details: {
        causes: [
          {
            reason: 'FieldValueInvalid',
            message: 'Invalid value: "Web": a lowercase RFC 1123 label must ...',
            field: 'spec.template.spec.containers[1].name',
          },
          { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.selector' },
          { reason: 'Other', message: 'no field here' },
        ],
      },
    });
    expect(statusProblems(422, body, deployment)).toEqual([
      {
        pointer: '/spec/template/spec/containers/1/name',
        message: 'spec.template.spec.containers[1].name: Invalid value: "Web": a lowercase RFC 1123 label must ...',
      },
      { pointer: '/spec/selector', message: 'spec.selector: Required value' },
    ]);
  });

  it('a cause without a message says its reason', () => {
    const body = JSON.stringify({ kind: 'Status', details: { causes: [{ reason: 'FieldValueRequired', field: 'spec' }] } });
    expect(statusProblems(422, body, deployment)).toEqual([{ pointer: '/spec', message: 'spec: FieldValueRequired' }]);
  });

  it('no field cause: the Status message, located at a field path quoted in it (strict decoding)', () => {
    const message =
      'failed to create typed patch object (default/web; apps/v1, Kind=Deployment): .spec.template.spec.containers[name="web"].imagee: field not declared in schema';
    expect(statusProblems(500, JSON.stringify({ kind: 'Status', message }), deployment)).toEqual([
      { pointer: '/spec/template/spec/containers/1/imagee', message },
    ]);
    expect(statusProblems(409, JSON.stringify({ kind: 'Status', message: 'conflict' }), deployment)).toEqual([
      { pointer: '', message: 'conflict' },
    ]);
    expect(statusProblems(403, JSON.stringify({ kind: 'Status', reason: 'Forbidden' }), deployment)).toEqual([
      { pointer: '', message: 'Forbidden' },
    ]);
    expect(statusProblems(500, JSON.stringify({ kind: 'Status' }), deployment)).toEqual([{ pointer: '', message: 'HTTP 500' }]);
  });

  it('a body that is not a Status: the status code and the first line of the body', () => {
    expect(statusProblems(502, 'bad gateway\nmore', deployment)).toEqual([{ pointer: '', message: 'HTTP 502: bad gateway' }]);
    expect(statusProblems(500, JSON.stringify({ kind: 'Other' }), deployment)).toEqual([
      { pointer: '', message: 'HTTP 500: {"kind":"Other"}' },
    ]);
    expect(statusProblems(500, '', deployment)).toEqual([{ pointer: '', message: 'HTTP 500: (no body)' }]);
  });

  it('a body that is not a Status: its first line after leading blank lines, cut at 500 characters', () => {
    expect(statusProblems(502, '  \nbad gateway\nmore', deployment)).toEqual([{ pointer: '', message: 'HTTP 502: bad gateway' }]);
    expect(statusProblems(500, 'x'.repeat(600), deployment)).toEqual([{ pointer: '', message: `HTTP 500: ${'x'.repeat(500)}` }]);
  });

  it('a cause with a field and neither message nor reason is "invalid"', () => {
    const body = JSON.stringify({ kind: 'Status', details: { causes: [{ field: 'spec' }] } });
    expect(statusProblems(422, body, deployment)).toEqual([{ pointer: '/spec', message: 'spec: invalid' }]);
  });
});

describe('warningTexts: Warning header values into their text', () => {
  it('takes the quoted text of `299 - "..."`, unescaping quotes; keeps any other value whole', () => {
    expect(warningTexts(['299 - "metadata.name: a DNS label is recommended"', '299 - "say \\"hi\\""', 'free text'])).toEqual([
      'metadata.name: a DNS label is recommended',
      'say "hi"',
      'free text',
    ]);
  });

  it('the code, agent and text may be apart by any run of spaces, the agent any word; the value must start with the code', () => {
    expect(warningTexts(['299  kube-apiserver   "spaced"', 'note: 299 - "late"'])).toEqual(['spaced', 'note: 299 - "late"']);
  });
});

describe('warningProblem: a warning at the field it starts with', () => {
  it('a leading field path locates it; free text stays on the object', () => {
    expect(warningProblem('metadata.labels[app.kubernetes.io/name]: prefer x', deployment)).toEqual({
      pointer: '/metadata/labels/app.kubernetes.io~1name',
      message: 'metadata.labels[app.kubernetes.io/name]: prefer x',
    });
    expect(warningProblem('spec.template.spec.containers[1].name: x', deployment).pointer).toBe('/spec/template/spec/containers/1/name');
    expect(warningProblem('metadata.name: x', deployment).pointer).toBe('/metadata/name');
    expect(warningProblem('spec.template.spec.containers[1].ports[0].containerPort: x', deployment).pointer).toBe(
      '/spec/template/spec/containers/1/ports/0/containerPort',
    );
    expect(warningProblem('this API is deprecated; see metadata.name: x', deployment).pointer).toBe('');
    expect(warningProblem('metadata. : a dot, then a space before the colon, ends no field path', deployment).pointer).toBe('');
    expect(warningProblem('policy/v1beta1 PodDisruptionBudget is deprecated', deployment)).toEqual({
      pointer: '',
      message: 'policy/v1beta1 PodDisruptionBudget is deprecated',
    });
  });
});
