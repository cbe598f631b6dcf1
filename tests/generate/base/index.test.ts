/** A datacenter's objects by base/ file, its config checksums, and base/'s files with their kustomization. */
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { baseFiles, baseObjects, datacenterObjects } from '../../../tools/src/generate/base/index.js';
import { configChecksum } from '../../../tools/src/model/config-checksum.js';
import type { Spec } from '../../../tools/src/environments/types.js';
import { IMAGES, SECURITY_OFF, settingsOf, type Json } from './fixture.js';

const ALWAYS = [
  'autopilot-config.yaml',
  'client-config.yaml',
  'client-daemonset.yaml',
  'dns-service.yaml',
  'server-config.yaml',
  'server-pdb.yaml',
  'server-service.yaml',
  'server-statefulset.yaml',
  'service-accounts.yaml',
  'sync-catalog-deployment.yaml',
  'sync-catalog-rbac.yaml',
  'ui-service.yaml',
];
const CHECKSUM = 'consul.hashicorp.com/config-checksum';
const only = (objects: Record<string, Json[]>, file: string): Json => {
  const found = objects[file];
  if (found?.length !== 1) throw new Error(`${file}: ${found?.length ?? 0} objects`);
  return found[0] as Json;
};
const dc = (input: Parameters<typeof settingsOf>[0] = {}) => datacenterObjects(settingsOf(input)) as Record<string, Json[]>;
const annotations = (workload: Json): Record<string, string> | undefined => workload.spec.template.metadata.annotations;

describe('datacenterObjects', () => {
  it.each([
    [SECURITY_OFF, []],
    [{ ...SECURITY_OFF, gossip: true }, ['bootstrap-gossip-encryption.yaml']],
    [{ ...SECURITY_OFF, tls: true }, ['bootstrap-tls-init.yaml']],
    [{ ...SECURITY_OFF, acls: true }, ['auth-method.yaml', 'bootstrap-server-acl-init.yaml']],
  ])('with security %j, adds the bootstrap files %j to the ones every datacenter has', (security, extra) => {
    expect(Object.keys(dc({ security })).sort()).toEqual([...ALWAYS, ...extra].sort());
  });

  it('holds the three ServiceAccounts (only catalog sync mounts a token), and the servers, clients and catalog sync', () => {
    const objects = dc({ servers: 7 });
    expect(objects['service-accounts.yaml']?.map((account: Json) => [account.metadata.name, account.automountServiceAccountToken])).toEqual([
      ['consul-server', false],
      ['consul-client', false],
      ['consul-sync-catalog', true],
    ]);
    expect(only(objects, 'server-statefulset.yaml').spec.replicas).toBe(7);
    expect(only(objects, 'server-pdb.yaml').spec.maxUnavailable).toBe(1);
    expect(only(objects, 'client-daemonset.yaml').kind).toBe('DaemonSet');
    expect(only(objects, 'sync-catalog-deployment.yaml').kind).toBe('Deployment');
    expect(only(objects, 'dns-service.yaml').metadata.name).toBe('consul-dns');
    expect(only(objects, 'ui-service.yaml').metadata.name).toBe('consul-ui');
    expect(only(objects, 'server-service.yaml').metadata.name).toBe('consul-server');
    expect(objects['sync-catalog-rbac.yaml']?.map((object: Json) => object.metadata.name)).toEqual(['consul-sync-catalog', 'consul-sync-catalog']);
    expect(objects['auth-method.yaml']?.map((object: Json) => object.kind)).toEqual([
      'ServiceAccount',
      'Secret',
      'ClusterRole',
      'ClusterRoleBinding',
      'ClusterRoleBinding',
    ]);
    expect(objects['bootstrap-gossip-encryption.yaml']?.at(-1)?.metadata.name).toBe('consul-gossip-encryption-autogenerate');
    expect(objects['bootstrap-tls-init.yaml']?.at(-1)?.metadata.name).toBe('consul-tls-init');
    expect(objects['bootstrap-server-acl-init.yaml']?.at(-1)?.metadata.name).toBe('consul-server-acl-init');
  });

  it('each role gets its own ConfigMap and ServiceAccount, labelled with its component', () => {
    const objects = dc({ servers: 5 });
    const component = (object: Json) => object.metadata.labels['app.kubernetes.io/component'] as string | undefined;
    const server = only(objects, 'server-config.yaml');
    const client = only(objects, 'client-config.yaml');
    expect([server.metadata.name, component(server)]).toEqual(['consul-server-config', 'server']);
    expect([client.metadata.name, component(client)]).toEqual(['consul-client-config', 'client']);
    expect(JSON.parse(server.data['00-agent.json'] as string)).toMatchObject({ server: true });
    expect(JSON.parse(server.data['10-environment.json'] as string)).toMatchObject({ bootstrap_expect: 5 });
    expect(JSON.parse(client.data['00-agent.json'] as string)).toMatchObject({ server: false });
    expect(JSON.parse(client.data['10-environment.json'] as string)).toEqual({ datacenter: 'dc-east' });
    expect(objects['service-accounts.yaml']?.map(component)).toEqual(['server', 'client', 'sync-catalog']);
  });

  it('puts the suffix on the cluster-scoped names', () => {
    const objects = dc({ clusterScopedSuffix: '-qa' });
    expect(objects['sync-catalog-rbac.yaml']?.[0]?.metadata.name).toBe('consul-sync-catalog-qa');
    expect(objects['auth-method.yaml']?.at(-1)?.metadata.name).toBe('consul-authdelegator-qa');
  });

  it('the server and client pod templates carry the checksum of the config they mount; catalog sync mounts none', () => {
    const objects = dc();
    const configOf = (file: string) => {
      const configMap = only(objects, file);
      return { name: configMap.metadata.name as string, data: configMap.data };
    };
    expect(annotations(only(objects, 'server-statefulset.yaml'))).toEqual({ [CHECKSUM]: configChecksum([configOf('server-config.yaml')]) });
    expect(annotations(only(objects, 'client-daemonset.yaml'))).toEqual({ [CHECKSUM]: configChecksum([configOf('client-config.yaml')]) });
    expect(annotations(only(objects, 'sync-catalog-deployment.yaml'))).toBeUndefined();
    expect(only(objects, 'server-statefulset.yaml').spec.template.metadata.labels).toMatchObject({ 'app.kubernetes.io/component': 'server' });
  });

  it('a change to the server count rolls the servers (their config changes), not the clients', () => {
    const three = dc({ servers: 3 });
    const five = dc({ servers: 5 });
    expect(annotations(only(three, 'server-statefulset.yaml'))?.[CHECKSUM]).not.toBe(annotations(only(five, 'server-statefulset.yaml'))?.[CHECKSUM]);
    expect(annotations(only(three, 'client-daemonset.yaml'))).toEqual(annotations(only(five, 'client-daemonset.yaml')));
  });
});

describe('baseObjects and baseFiles', () => {
  const spec = { file: 'specs/environments.yaml', defaults: { images: IMAGES, security: { tls: false } } } as unknown as Spec;

  it("base/ is a 3-server datacenter of the spec's defaults", () => {
    const objects = baseObjects(spec);
    expect(only(objects, 'server-statefulset.yaml').spec.replicas).toBe(3);
    expect(Object.keys(objects)).not.toContain('bootstrap-tls-init.yaml');
    expect(Object.keys(objects)).toContain('bootstrap-gossip-encryption.yaml');
  });

  it('writes one file per entry, sorted, each with the banner naming the spec, and a kustomization listing them in order', () => {
    const files = baseFiles(spec, { 'b.yaml': [{ kind: 'B' }], 'a.yaml': [{ kind: 'A1' }, { kind: 'A2' }] });
    expect([...files.keys()]).toEqual(['base/a.yaml', 'base/b.yaml', 'base/kustomization.yaml']);
    for (const text of files.values()) {
      expect(text.split('\n')[0]).toBe('# Generated by consul-gitops from specs/environments.yaml. Do not edit: change the spec, then run `npx consul-gitops generate`.');
    }
    expect(parseAllDocuments(files.get('base/a.yaml') ?? '').map((document) => document.toJS() as unknown)).toEqual([{ kind: 'A1' }, { kind: 'A2' }]);
    expect(parseAllDocuments(files.get('base/kustomization.yaml') ?? '')[0]?.toJS()).toEqual({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: ['a.yaml', 'b.yaml'],
    });
  });
});
