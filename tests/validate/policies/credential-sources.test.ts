/** consul-gossip and consul-acl compare how each role gets its key and token, and say nothing more than that. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPolicies } from '../../../tools/src/validate/run-policies.js';
import { renderResources, REPO_ROOT, repoSpec } from '../../helpers/repo.js';

const fixture = (rule: string, name: string) => join(REPO_ROOT, 'tests/fixtures/rules', rule, name);

async function messages(dir: string, rule: string): Promise<string[]> {
  return runPolicies(await renderResources(dir), await repoSpec())
    .filter((finding) => finding.rule === rule && finding.severity === 'error')
    .map((finding) => `${finding.resource?.kind}/${finding.resource?.name} ${finding.path}: ${finding.message}`);
}

describe('token and key sources per role', () => {
  it('a literal agent token in the client config is one finding: the literal, not also "no agent token"', async () => {
    expect(await messages(fixture('consul-acl', 'fail-client-token-in-config'), 'consul-acl')).toEqual([
      'ConfigMap/consul-client-config /data: the clients (DaemonSet/consul-client) take an ACL token from a literal (acl.tokens.agent in ConfigMap consul-client-config), while the servers use tokens set by server-acl-init; catalog sync uses an auth-method login (CONSUL_LOGIN_AUTH_METHOD): a committed token is readable by everyone with the repository',
    ]);
  }, 60_000);

  it('a server key from a literal env value next to clients reading the Secret: the mismatch names both, plus the literal', async () => {
    expect(await messages(fixture('consul-gossip', 'fail-server-literal-env'), 'consul-gossip')).toEqual([
      'StatefulSet/consul-server /spec/template/spec/containers/0/env/4/value: the servers (StatefulSet/consul-server) use a literal key (env GOSSIP_KEY), the clients (DaemonSet/consul-client) use Secret consul-gossip-encryption-key (key "key"): gossip between them fails, and the server key is committed',
      'StatefulSet/consul-server /spec/template/spec/containers/0/env/4/value: the server gossip key is a literal (env GOSSIP_KEY): pass it from a Secret to -encrypt through an env var',
    ]);
  }, 60_000);
});
