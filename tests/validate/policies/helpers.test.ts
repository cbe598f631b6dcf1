/** The small pure readers behind the new rules, one behaviour per case. */
import { describe, expect, it } from 'vitest';
import { flagUsesVariable, flagValue } from '../../../tools/src/validate/policies/agents.js';
import { serverServiceNames } from '../../../tools/src/validate/policies/agent-facts.js';
import { apiVersionChange, TARGET_KUBERNETES, versionAtMost } from '../../../tools/src/validate/policies/api-versions.js';
import { KUBERNETES_VERSION } from '../../../tools/src/validate/schema/catalog.js';
import { portsOf, servedPorts } from '../../../tools/src/validate/policies/ports.js';
import { rolloutUnavailable } from '../../../tools/src/validate/policies/rollout-unavailable.js';
import { credentialLike } from '../../../tools/src/model/secret-shapes.js';

describe('rolloutUnavailable: rollingUpdate.maxUnavailable as a count', () => {
  it.each([
    [undefined, 5, 1],
    [2, 5, 2],
    ['40%', 5, 2],
    ['50%', 5, 3],
    ['1%', 3, 1],
    ['x', 5, undefined],
  ])('%s of %i servers is %s (percentages round up)', (raw, n, expected) => {
    expect(rolloutUnavailable(raw, n)).toBe(expected);
  });
});

describe('flags on the agent command line', () => {
  it.each([
    ['exec consul agent ${GOSSIP_KEY:+-encrypt=$GOSSIP_KEY}', true],
    ['consul agent -encrypt=${GOSSIP_KEY}', true],
    ['consul agent -encrypt=$(GOSSIP_KEY)', true],
    ['consul agent -encrypt=$GOSSIP_KEY_OLD', false],
    ['consul agent', false],
  ])('%s passes GOSSIP_KEY to -encrypt: %s', (line, expected) => {
    expect(flagUsesVariable(line, 'encrypt', 'GOSSIP_KEY')).toBe(expected);
  });

  it('reads a literal flag value and ignores variables', () => {
    expect(flagValue('consul agent -datacenter=dc9 -client=0.0.0.0', 'datacenter')).toBe('dc9');
    expect(flagValue('consul agent -datacenter=$DC', 'datacenter')).toBeUndefined();
  });
});

describe('join addresses of the server Service', () => {
  it('accepts the short, namespaced and cluster-local names only', () => {
    expect(serverServiceNames('consul-prod')).toEqual([
      'consul-server',
      'consul-server.consul-prod',
      'consul-server.consul-prod.svc',
      'consul-server.consul-prod.svc.cluster.local',
    ]);
    expect(serverServiceNames(undefined)).toEqual(['consul-server']);
  });
});

describe('ports an agent config serves', () => {
  it('plain HTTP off, HTTPS and gRPC on; DNS and Serf LAN at their defaults', () => {
    expect(servedPorts({ ports: { http: -1, https: 8501, grpc: 8502 } })).toEqual([
      { key: 'https', port: 8501 },
      { key: 'grpc', port: 8502 },
      { key: 'dns', port: 8600 },
      { key: 'serf_lan', port: 8301 },
    ]);
  });
});

describe("a container's ports", () => {
  it('keeps each field only where it has its type; the protocol defaults to TCP', () => {
    expect(
      portsOf({
        ports: [
          { name: 'http', containerPort: 8500, hostPort: 8500, protocol: 'UDP' },
          { name: 7, containerPort: '8501', hostPort: '8501' },
          'not a port',
        ],
      }),
    ).toEqual([
      { name: 'http', containerPort: 8500, hostPort: 8500, protocol: 'UDP', index: 0 },
      { protocol: 'TCP', index: 1 },
      { protocol: 'TCP', index: 2 },
    ]);
  });
});

describe('credential-looking values', () => {
  it.each([
    ['pUqJrVyVRj5jsiYEkM/tFQYfWyJIv4s3XkvDwy7Cu5s=', '', 'a 32-byte base64 key (a gossip encryption key)'],
    ['3b6f0f3e-3d1c-4a57-9c8e-2f9d4b1a7c55', 'agent', 'a UUID under a token name (a Consul ACL token)'],
    ['3b6f0f3e-3d1c-4a57-9c8e-2f9d4b1a7c55', 'node_id', undefined],
    ['-----BEGIN RSA PRIVATE KEY-----\nabc\n-----END RSA PRIVATE KEY-----', '', 'a PEM private key'],
    ['-----BEGIN CERTIFICATE-----\nabc\n-----END CERTIFICATE-----', '', undefined],
    ['dc1', 'datacenter', undefined],
  ])('%s under key "%s"', (value, key, expected) => {
    expect(credentialLike(value, key)).toBe(expected);
  });
});

describe('the deprecated API table', () => {
  it('knows removed and deprecated versions and compares minor versions numerically', () => {
    expect(apiVersionChange('policy/v1beta1', 'PodDisruptionBudget')?.removedIn).toBe('1.25');
    expect(apiVersionChange('apps/v1', 'StatefulSet')).toBeUndefined();
    expect(apiVersionChange('v1', 'Endpoints')?.removedIn).toBeUndefined();
    expect(versionAtMost('1.9', '1.36')).toBe(true);
    expect(versionAtMost('1.37', '1.36')).toBe(false);
    expect(versionAtMost('1.36', '1.36')).toBe(true);
  });

  it('targets the Kubernetes version of the schema data (one fact, checked here rather than read at rule load)', () => {
    expect(TARGET_KUBERNETES).toBe(KUBERNETES_VERSION);
  });
});
