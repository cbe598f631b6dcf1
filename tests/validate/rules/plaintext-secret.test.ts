/**
 * plaintext-secret: the rule over its detector (tests/validate/policies/plaintext-secret.test.ts states each shape and
 * place), on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/plaintext-secret/).
 */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseRendered } from '../../../tools/src/parse/documents.js';
import { plaintextSecret } from '../../../tools/src/validate/rules/plaintext-secret.js';
import { runPolicies } from '../../../tools/src/validate/run-policies.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

const TOKEN = '6c1e9f52-7a0b-4d3e-9f1a-2b3c4d5e6f70';

function findings(...objects: Record<string, unknown>[]) {
  const { resources } = parseRendered({
    yaml: objects.map((object) => stringify(object)).join('---\n'),
    file: 'render.yaml',
    rendered: true,
  });
  return runPolicies(resources, undefined, [plaintextSecret]);
}

describe('plaintext-secret', () => {
  it('a token in an embedded config file is an error at its line inside the file, without the value', () => {
    const config = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'consul-client-config' },
      data: { 'a.hcl': `datacenter = "dc1"\n\nacl {\n  tokens {\n    agent = "${TOKEN}"\n  }\n}\n` },
    };
    const [finding, ...rest] = findings(config);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ rule: 'plaintext-secret', severity: 'error', path: '/data/a.hcl', embeddedLine: 5 });
    // the key a.hcl is on line 6 (apiVersion, kind, metadata, name, data), the token on the 5th line of its block scalar
    expect(finding?.location).toEqual({ file: 'render.yaml', line: 11, rendered: true });
    expect(finding?.message).not.toContain(TOKEN);
  });

  it('a token in a one-line env value is an error at the line of the value, with no embedded line', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'c', env: [{ name: 'CONSUL_HTTP_TOKEN', value: TOKEN }] }] },
    };
    const [finding, ...rest] = findings(pod);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ rule: 'plaintext-secret', path: '/spec/containers/0/env/0/value' });
    expect(finding).not.toHaveProperty('embeddedLine');
    // line 10: `value: <token>` (before, the one-line value counted as line 1 of an embedded file: line 11)
    expect(finding?.location).toEqual({ file: 'render.yaml', line: 10, rendered: true });
  });

  it('a one-line annotation or ConfigMap value and binaryData are found at their own line', () => {
    // lines: annotation 6, data 8, binaryData 10 (apiVersion, kind, metadata, name, annotations, ...)
    const config = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'm', annotations: { 'consul.hashicorp.com/token': TOKEN } },
      data: { CONSUL_HTTP_TOKEN: TOKEN },
      binaryData: { key: Buffer.from(`token = "${TOKEN}"\nother = 1\n`).toString('base64') },
    };
    expect(findings(config).map((finding) => [finding.path, finding.embeddedLine, finding.location?.line])).toEqual([
      ['/metadata/annotations/consul.hashicorp.com~1token', undefined, 6],
      ['/data/CONSUL_HTTP_TOKEN', undefined, 8],
      ['/binaryData/key', undefined, 10],
    ]);
  });

  it('no credential, no finding', () => {
    expect(findings({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'm' }, data: { datacenter: 'dc1' } })).toEqual([]);
  });
});

describeRuleFixtures('plaintext-secret');
