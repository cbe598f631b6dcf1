/**
 * token-sources: how each role (servers, clients, catalog sync) gets its ACL token, read through consul-acl's
 * literal-token findings (the only rule that reports them), whose message names every other role's sources.
 */
import { describe, expect, it } from 'vitest';
import { consulAcl } from '../../../tools/src/validate/rules/consul-acl.js';
import { found, object, servers, type Body, workload } from '../../helpers/inline-rules.js';

const TOKEN = '6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const GOSSIP_KEY = Buffer.alloc(32, 7).toString('base64');
const LITERAL = { name: 'CONSUL_HTTP_TOKEN', value: TOKEN };
const agent = (extra: Body = {}) => ({ name: 'consul', image: 'hashicorp/consul:1.22.7', ...extra });
const config = (role: 'server' | 'client', body: Body = {}) =>
  object('v1', 'ConfigMap', `consul-${role}-config`, { data: { 'agent.json': JSON.stringify(body) } });
const job = (containers: Body[]) => object('batch/v1', 'Job', 'consul-server-acl-init', { spec: { template: { spec: { containers } } } });
interface Render {
  server?: Body;
  serverInit?: Body[];
  client?: Body;
  clientInit?: Body[];
  sync?: Body;
  syncInit?: Body[];
  clientConfig?: Body;
  aclInitJob?: Body[];
}
/** consul-acl's literal-token messages for a render of these roles (ACLs off: no other consul-acl finding). */
function messages(render: Render): string[] {
  const resources = [
    ...(render.server ? [servers(3, {}, { initContainers: render.serverInit ?? [], containers: [agent(render.server)] })] : []),
    ...(render.client
      ? [workload('DaemonSet', 'consul-client', { initContainers: render.clientInit ?? [], containers: [agent(render.client)] })]
      : []),
    ...(render.sync || render.syncInit
      ? [
          workload('Deployment', 'consul-sync-catalog', {
            initContainers: render.syncInit ?? [],
            containers: render.sync ? [{ name: 'sync-catalog', ...render.sync }] : [],
          }),
        ]
      : []),
    config('server'),
    config('client', render.clientConfig),
    ...(render.aclInitJob ? [job(render.aclInitJob)] : []),
  ];
  return found(consulAcl, resources)
    .filter((finding) => finding.message.includes('from a literal'))
    .map((finding) => `${finding.at}: ${finding.message.replace(/: a committed token is readable by everyone with the repository$/, '')}`);
}
const SERVERS_LITERAL =
  'StatefulSet/consul-server /spec/template/spec/containers/0/env/0/value: the servers (StatefulSet/consul-server) take an ACL token from a literal (env CONSUL_HTTP_TOKEN)';
const SYNC_LITERAL =
  'Deployment/consul-sync-catalog /spec/template/spec/containers/0/env/0/value: catalog sync (Deployment/consul-sync-catalog) takes an ACL token from a literal (env CONSUL_HTTP_TOKEN)';

describe('token sources of each role', () => {
  it('an init container is an acl-init login only when it runs acl-init; its own login variable is that login', () => {
    expect(
      messages({ server: {}, client: { env: [LITERAL] }, serverInit: [{ name: 'copy', image: 'busybox', args: ['cp'] }] })[0],
    ).toContain(', while the servers have no token source');
    const aclInit = {
      name: 'acl-init',
      args: ['acl-init'],
      env: [
        { name: 'CONSUL_LOGIN_AUTH_METHOD', value: 'm' },
        { name: 'CONSUL_HTTP_TOKEN', valueFrom: { secretKeyRef: { name: 'boot', key: 'token' } } },
      ],
    };
    expect(messages({ server: { env: [LITERAL] }, client: {}, clientInit: [aclInit] })).toEqual([
      `${SERVERS_LITERAL}, while the clients use Secret boot (CONSUL_HTTP_TOKEN) and an acl-init login`,
    ]);
  });

  it('a *TOKEN_FILE variable is a token file; a variable that only contains TOKEN_FILE is none', () => {
    expect(
      messages({
        server: {
          env: [
            { name: 'CONSUL_HTTP_TOKEN_FILE', value: '/t' },
            { name: 'TOKEN_FILE_DIR', value: '/consul/tokens' },
          ],
        },
        sync: { env: [LITERAL] },
      }),
    ).toEqual([`${SYNC_LITERAL}, while the servers use a token file (CONSUL_HTTP_TOKEN_FILE)`]);
  });

  it('a credential that is not a token (a gossip key in env or on a flag) is no token literal', () => {
    expect(
      messages({ server: { env: [{ name: 'GOSSIP_KEY', value: GOSSIP_KEY }], args: [`-encrypt=${GOSSIP_KEY}`] }, client: {} }),
    ).toEqual([]);
  });

  it('a token on the command line by its name or by what it is: a -token flag holding any key, a token in a URL', () => {
    expect(messages({ server: { args: [`-token=${GOSSIP_KEY}`] } })).toEqual([
      'StatefulSet/consul-server /spec/template/spec/containers/0/args/0: the servers (StatefulSet/consul-server) take an ACL token from a literal (a -token flag on its args)',
    ]);
    expect(messages({ server: { args: ['agent', `-http-addr=https://${TOKEN}@consul-server:8501`] } })).toEqual([
      'StatefulSet/consul-server /spec/template/spec/containers/0/args/1: the servers (StatefulSet/consul-server) take an ACL token from a literal (a -token flag on its args)',
    ]);
  });

  it('another role is described by its safe sources only: its literals, and config tokens that are no credential, are left out', () => {
    expect(
      messages({ server: { env: [LITERAL] }, client: { env: [LITERAL] }, clientConfig: { acl: { tokens: { default: 'not-a-token' } } } }),
    ).toEqual([
      `${SERVERS_LITERAL}, while the clients have no token source`,
      'DaemonSet/consul-client /spec/template/spec/containers/0/env/0/value: the clients (DaemonSet/consul-client) take an ACL token from a literal (env CONSUL_HTTP_TOKEN), while the servers have no token source',
    ]);
  });

  it('server-acl-init sets the servers’ tokens when any of its containers passes -set-server-tokens, and only the servers’', () => {
    const setter = { name: 'server-acl-init', args: ['server-acl-init', '-set-server-tokens'] };
    const other = { name: 'other', args: ['-resource-prefix=consul-set-server-tokens'] };
    expect(messages({ server: {}, sync: { env: [LITERAL] }, aclInitJob: [setter, other] })).toEqual([
      `${SYNC_LITERAL}, while the servers use tokens set by server-acl-init`,
    ]);
    expect(messages({ server: {}, sync: { env: [LITERAL] }, aclInitJob: [other] })).toEqual([
      `${SYNC_LITERAL}, while the servers have no token source`,
    ]);
    expect(messages({ client: {}, sync: { env: [LITERAL] }, aclInitJob: [setter] })).toEqual([
      `${SYNC_LITERAL}, while the clients have no token source`,
    ]);
  });

  it('a catalog sync Deployment without a regular container is no role', () => {
    expect(messages({ server: { env: [LITERAL] }, syncInit: [{ name: 'wait', image: 'busybox' }] })).toEqual([SERVERS_LITERAL]);
  });
});
