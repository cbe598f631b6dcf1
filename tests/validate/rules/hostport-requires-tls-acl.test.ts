/** hostport-requires-tls-acl: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/hostport-requires-tls-acl/). */
import { describe, expect, it } from 'vitest';
import type { ParsedResource } from '../../../tools/src/parse/resource.js';
import { hostportRequiresTlsAcl } from '../../../tools/src/validate/rules/hostport-requires-tls-acl.js';
import { client, clientConfig, found, port, tierSpec, workload } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

const TLS = { tls: { defaults: { ca_file: '/ca.pem', verify_outgoing: true } } };

describe('hostport-requires-tls-acl', () => {
  const ACL = { acl: { enabled: true, default_policy: 'deny' } };
  const onHostPort = client([port(8501, 8501)]);
  const check = (tier: 'development' | 'staging' | 'production', resources: ParsedResource[]) =>
    found(hostportRequiresTlsAcl, resources, tierSpec(tier));
  const AT = 'ConfigMap/consul-client-config /data';

  it('TLS and default-deny ACLs pass; development is not checked', () => {
    expect(check('production', [onHostPort, clientConfig({ ...TLS, ...ACL })])).toEqual([]);
    expect(check('development', [onHostPort, clientConfig({})])).toEqual([]);
  });

  it('missing TLS or ACLs (or ACLs that allow) on a host port are errors in staging and production', () => {
    expect(check('staging', [onHostPort, clientConfig(ACL)])).toEqual([
      {
        severity: 'error',
        at: AT,
        message: 'tier staging: the client agent on a host port has no TLS (tls.defaults.ca_file and verify_outgoing)',
      },
    ]);
    expect(check('production', [onHostPort, clientConfig({ ...TLS, acl: { enabled: true, default_policy: 'allow' } })])).toEqual([
      { severity: 'error', at: AT, message: 'tier production: the client agent on a host port has no ACLs with default_policy deny' },
    ]);
    expect(
      check('production', [onHostPort, clientConfig({ ...TLS, acl: { default_policy: 'deny' } })]).map((finding) => finding.at),
    ).toEqual([AT]);
  });

  it('no client config: both errors on the DaemonSet', () => {
    expect(check('production', [onHostPort]).map((finding) => finding.at)).toEqual([
      'DaemonSet/consul-client /data',
      'DaemonSet/consul-client /data',
    ]);
  });

  it('no host port, or no client DaemonSet, is not checked', () => {
    expect(check('production', [client([port(8500)]), clientConfig({})])).toEqual([]);
    expect(check('production', [clientConfig({})])).toEqual([]);
  });

  it('one host port among plain ports, or in one of several containers, is a host port', () => {
    const mixed = client([port(8501, 8501), port(8301)]);
    expect(check('production', [mixed, clientConfig(ACL)]).map((finding) => finding.message)).toEqual([
      'tier production: the client agent on a host port has no TLS (tls.defaults.ca_file and verify_outgoing)',
    ]);
    const sidecar = workload('DaemonSet', 'consul-client', {
      containers: [
        { name: 'consul', ports: [port(8501, 8501)] },
        { name: 'exporter', ports: [port(9100)] },
      ],
    });
    expect(check('production', [sidecar, clientConfig(ACL)]).map((finding) => finding.at)).toEqual([AT]);
  });
});

describeRuleFixtures('hostport-requires-tls-acl');
