/** ca-secret-projection: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/ca-secret-projection/). */
import { describe, expect, it } from 'vitest';
import { caSecretProjection } from '../../../tools/src/validate/rules/ca-secret-projection.js';
import { command, type Body, found, workload } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

const VOLUMES = '/spec/template/spec/volumes';
const mounting = (secretName: string, items?: Body[], name = 'consul-client') =>
  workload('DaemonSet', name, {
    containers: [{ name: 'consul' }],
    volumes: [
      { name: 'data', emptyDir: {} },
      { name: 'ca', secret: { secretName, ...(items ? { items } : {}) } },
    ],
  });
const CERT = [{ key: 'tls.crt', path: 'tls.crt' }];

describe('ca-secret-projection', () => {
  it('the CA Secret projected as its certificate passes; other Secrets may be mounted whole', () => {
    expect(found(caSecretProjection, [mounting('consul-ca-cert', CERT)])).toEqual([]);
    expect(found(caSecretProjection, [mounting('consul-gossip-encryption-key')])).toEqual([]);
  });

  it('the CA Secret mounted whole is an error at its volume', () => {
    expect(found(caSecretProjection, [mounting('consul-ca-cert')])).toEqual([
      {
        severity: 'error',
        at: `DaemonSet/consul-client ${VOLUMES}/1/secret`,
        message:
          'volume ca mounts Secret consul-ca-cert whole: a key added to it reaches this pod; project items: [{key: tls.crt, path: tls.crt}]',
      },
    ]);
  });

  it.each(['tls.key', 'ca-key', 'ca_key', 'key', 'server.key', 'privateKey'])('projecting %s, a key, is an error at its item', (key) => {
    expect(found(caSecretProjection, [mounting('consul-ca-cert', [...CERT, { key, path: 'x' }])])).toEqual([
      {
        severity: 'error',
        at: `DaemonSet/consul-client ${VOLUMES}/1/secret/items/1`,
        message: `volume ca projects ${key} of consul-ca-cert, a private key: only tls-init may read the CA key`,
      },
    ]);
  });

  it.each(['monkey', 'keys', 'tls.crt'])('projecting %s is no key', (key) => {
    expect(found(caSecretProjection, [mounting('consul-ca-cert', [{ key, path: 'x' }])])).toEqual([]);
  });

  it("a tls-init Job's -name-prefix names another CA Secret; other commands' prefixes do not", () => {
    const tlsInit = command(['tls-init', '-name-prefix=edge', '-domain=consul'], { name: 'tls-init' });
    expect(found(caSecretProjection, [tlsInit, mounting('edge-ca-cert')]).map((finding) => finding.at)).toEqual([
      `DaemonSet/consul-client ${VOLUMES}/1/secret`,
    ]);
    expect(
      found(caSecretProjection, [command(['tls-init', '--name-prefix=edge'], { name: 'tls-init' }), mounting('edge-ca-cert')]),
    ).toHaveLength(1);
    expect(found(caSecretProjection, [command(['server-acl-init', '-name-prefix=edge']), mounting('edge-ca-cert')])).toEqual([]);
    expect(found(caSecretProjection, [command(['tls-init']), mounting('edge-ca-cert')])).toEqual([]);
  });

  it('only the -name-prefix flag itself names a prefix, not a flag that ends in it; an empty prefix names none', () => {
    const tlsInit = command(['tls-init', '-ca-name-prefix=other', '-name-prefix=edge'], { name: 'tls-init' });
    expect(found(caSecretProjection, [tlsInit, mounting('edge-ca-cert')])).toHaveLength(1);
    expect(found(caSecretProjection, [tlsInit, mounting('other-ca-cert')])).toEqual([]);
    const empty = command(['tls-init', '-name-prefix='], { name: 'tls-init' });
    expect(found(caSecretProjection, [empty, mounting('-ca-cert')])).toEqual([]);
    expect(found(caSecretProjection, [command(['tls-init'], { name: 'tls-init' }), mounting('undefined-ca-cert')])).toEqual([]);
  });
});

describeRuleFixtures('ca-secret-projection');
