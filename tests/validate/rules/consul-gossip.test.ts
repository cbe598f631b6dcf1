/** consul-gossip: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/consul-gossip/). */
import { describe, expect, it } from 'vitest';
import { consulGossip } from '../../../tools/src/validate/rules/consul-gossip.js';
import type { ParsedResource } from '../../../tools/src/parse/resource.js';
import type { Spec } from '../../../tools/src/environments/types.js';
import { clientConfig, found as foundBy, servers, tierSpec, type Body, workload } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';

const CONTAINERS = '/spec/template/spec/containers';
const withGossip = (gossip: boolean) => tierSpec('production', { security: { tls: true, acls: true, gossip } });
const found = (rule: typeof consulGossip, resources: ParsedResource[], spec: Spec = withGossip(false)) => foundBy(rule, resources, spec);
const fromSecret = (secret = 'consul-gossip-encryption-key', key = 'key'): Body => ({
  command: ['consul', 'agent', '-encrypt=$(GOSSIP_KEY)'],
  env: [{ name: 'GOSSIP_KEY', valueFrom: { secretKeyRef: { name: secret, key } } }],
});
const literalEnv = (value: string): Body => ({
  command: ['consul', 'agent', '-encrypt=$(GOSSIP_KEY)'],
  env: [{ name: 'GOSSIP_KEY', value }],
});
const NONE: Body = { command: ['consul', 'agent'] };
const server = (agent: Body) => servers(3, {}, { containers: [{ name: 'consul', ...agent }] });
const client = (agent: Body) => workload('DaemonSet', 'consul-client', { containers: [{ name: 'consul', ...agent }] });
const SERVER_SECRET = 'the servers (StatefulSet/consul-server) use Secret consul-gossip-encryption-key (key "key")';
const CLIENT_SECRET = 'the clients (DaemonSet/consul-client) use Secret consul-gossip-encryption-key (key "key")';

describe('consul-gossip', () => {
  it('both agents on the same Secret and key, or neither encrypting, pass', () => {
    expect(found(consulGossip, [server(fromSecret()), client(fromSecret())])).toEqual([]);
    expect(found(consulGossip, [server(NONE), client(NONE)])).toEqual([]);
  });

  it('a render without both agents raises nothing', () => {
    expect(found(consulGossip, [server(fromSecret())])).toEqual([]);
    expect(found(consulGossip, [client(fromSecret())])).toEqual([]);
  });

  it('one agent without a key, or a different Secret or key, is an error on the clients naming both sources', () => {
    expect(found(consulGossip, [server(fromSecret()), client(NONE)])).toEqual([
      {
        severity: 'error',
        at: `DaemonSet/consul-client ${CONTAINERS}`,
        message: `${SERVER_SECRET}, the clients (DaemonSet/consul-client) use no gossip encryption: gossip between them fails`,
      },
    ]);
    expect(found(consulGossip, [server(NONE), client(fromSecret())]).map((finding) => finding.message)).toEqual([
      `the servers (StatefulSet/consul-server) use no gossip encryption, ${CLIENT_SECRET}: gossip between them fails`,
    ]);
    expect(found(consulGossip, [server(fromSecret()), client(fromSecret('other'))]).map((finding) => finding.message)).toEqual([
      `${SERVER_SECRET}, the clients (DaemonSet/consul-client) use Secret other (key "key"): gossip between them fails`,
    ]);
    expect(found(consulGossip, [server(fromSecret()), client(fromSecret(undefined, 'other'))]).map((finding) => finding.message)).toEqual([
      `${SERVER_SECRET}, the clients (DaemonSet/consul-client) use Secret consul-gossip-encryption-key (key "other"): gossip between them fails`,
    ]);
  });

  it('a literal key in an env value is named on its side, and as a committed key where it differs', () => {
    expect(found(consulGossip, [server(literalEnv('a2V5')), client(fromSecret())])).toEqual([
      {
        severity: 'error',
        at: `StatefulSet/consul-server ${CONTAINERS}/0/env/0/value`,
        message: `the servers (StatefulSet/consul-server) use a literal key (env GOSSIP_KEY), ${CLIENT_SECRET}: gossip between them fails, and the server key is committed`,
      },
      {
        severity: 'error',
        at: `StatefulSet/consul-server ${CONTAINERS}/0/env/0/value`,
        message: 'the server gossip key is a literal (env GOSSIP_KEY): pass it from a Secret to -encrypt through an env var',
      },
    ]);
  });

  it('the same literal on both sides gossips, but both keys are committed; different literals do not gossip', () => {
    expect(found(consulGossip, [server(literalEnv('a2V5')), client(literalEnv('a2V5'))]).map((finding) => finding.at)).toEqual([
      `StatefulSet/consul-server ${CONTAINERS}/0/env/0/value`,
      `DaemonSet/consul-client ${CONTAINERS}/0/env/0/value`,
    ]);
    expect(found(consulGossip, [server(literalEnv('a2V5')), client(literalEnv('b3Ro'))]).map((finding) => finding.message)[0]).toBe(
      'the servers (StatefulSet/consul-server) use a literal key (env GOSSIP_KEY), the clients (DaemonSet/consul-client) use a literal key (env GOSSIP_KEY): gossip between them fails, and the server key is committed',
    );
  });

  it('a literal -encrypt flag points at its args entry', () => {
    const flagged = client({ command: ['consul'], args: ['agent', '-encrypt="a2V5"'] });
    expect(found(consulGossip, [server(NONE), flagged])).toEqual([
      {
        severity: 'error',
        at: `DaemonSet/consul-client ${CONTAINERS}/0/args/1`,
        message:
          'the servers (StatefulSet/consul-server) use no gossip encryption, the clients (DaemonSet/consul-client) use a literal key (the -encrypt flag): gossip between them fails, and the client key is committed',
      },
      {
        severity: 'error',
        at: `DaemonSet/consul-client ${CONTAINERS}/0/args/1`,
        message: 'the client gossip key is a literal (the -encrypt flag): pass it from a Secret to -encrypt through an env var',
      },
    ]);
  });

  it('security.gossip with neither agent passing a key is an error on the servers', () => {
    const spec = withGossip(true);
    expect(found(consulGossip, [server(NONE), client(NONE)], spec)).toEqual([
      {
        severity: 'error',
        at: `StatefulSet/consul-server ${CONTAINERS}`,
        message: 'environment env sets security.gossip, but neither agent passes a gossip key to -encrypt',
      },
    ]);
    expect(found(consulGossip, [server(fromSecret()), client(fromSecret())], spec)).toEqual([]);
    expect(found(consulGossip, [server(NONE), client(NONE)], withGossip(false))).toEqual([]);
  });

  it('a literal key in the agent config is named on the ConfigMap, and the mismatch on the workload', () => {
    // A client that does not start `consul agent` here: its config is then the ConfigMap's own.
    expect(found(consulGossip, [server(fromSecret()), client({}), clientConfig({ encrypt: 'a2V5' })])).toEqual([
      {
        severity: 'error',
        at: `DaemonSet/consul-client ${CONTAINERS}`,
        message: `${SERVER_SECRET}, the clients (DaemonSet/consul-client) use a literal key (encrypt in its config): gossip between them fails, and the client key is committed`,
      },
      {
        severity: 'error',
        at: 'ConfigMap/consul-client-config /data',
        message: 'the client gossip key is a literal (encrypt in its config): pass it from a Secret to -encrypt through an env var',
      },
    ]);
  });

  it('a literal env key is named on the workload even when the role has a config', () => {
    expect(found(consulGossip, [server(fromSecret()), client(literalEnv('a2V5')), clientConfig({})]).map((finding) => finding.at)).toEqual([
      `DaemonSet/consul-client ${CONTAINERS}/0/env/0/value`,
      `DaemonSet/consul-client ${CONTAINERS}/0/env/0/value`,
    ]);
  });

  it('security.gossip with one agent passing a key is the mismatch alone', () => {
    const spec = withGossip(true);
    expect(found(consulGossip, [server(fromSecret()), client(NONE)], spec).map((finding) => finding.message)).toEqual([
      `${SERVER_SECRET}, the clients (DaemonSet/consul-client) use no gossip encryption: gossip between them fails`,
    ]);
    expect(found(consulGossip, [server(NONE), client(fromSecret())], spec).map((finding) => finding.message)).toEqual([
      `the servers (StatefulSet/consul-server) use no gossip encryption, ${CLIENT_SECRET}: gossip between them fails`,
    ]);
  });
});

describeRuleFixtures('consul-gossip');
