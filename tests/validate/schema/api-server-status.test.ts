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
});

describe('warningTexts: Warning header values into their text', () => {
  it('takes the quoted text of `299 - "..."`, unescaping quotes; keeps any other value whole', () => {
    expect(warningTexts(['299 - "metadata.name: a DNS label is recommended"', '299 - "say \\"hi\\""', 'free text'])).toEqual([
      'metadata.name: a DNS label is recommended',
      'say "hi"',
      'free text',
    ]);
  });
});

describe('warningProblem: a warning at the field it starts with', () => {
  it('a leading field path locates it; free text stays on the object', () => {
    expect(warningProblem('metadata.labels[app.kubernetes.io/name]: prefer x', deployment)).toEqual({
      pointer: '/metadata/labels/app.kubernetes.io~1name',
      message: 'metadata.labels[app.kubernetes.io/name]: prefer x',
    });
    expect(warningProblem('spec.template.spec.containers[1].name: x', deployment).pointer).toBe('/spec/template/spec/containers/1/name');
    expect(warningProblem('policy/v1beta1 PodDisruptionBudget is deprecated', deployment)).toEqual({
      pointer: '',
      message: 'policy/v1beta1 PodDisruptionBudget is deprecated',
    });
  });
});
