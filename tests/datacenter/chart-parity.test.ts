/**
 * Every committed environment, rendered by the real kustomize, checked object by object against the
 * pinned chart release's facts (tools/facts/consul-k8s-1.9.11/chart.json): images, the catalog-sync
 * server contract and RBAC, ports, agent config, the client probe and certificate, the CA projection
 * and the bootstrap Jobs. Placeholders: <prefix> = consul, <ns> = $(NAMESPACE) (the downward API),
 * <dc> = the environment's datacenter.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { HOOK_ANNOTATION } from '../../tools/src/model/argocd-sync.js';
import { quorumSize } from '../../tools/src/model/quorum-math.js';
import type { ParsedResource } from '../../tools/src/parse/resource.js';
import { agentConfigFrom, configValue } from '../../tools/src/model/consul-config.js';
import { asArray, containersOf, get } from '../../tools/src/model/k8s-objects.js';
import { envReferenceOrder } from '../../tools/src/validate/rules/env-reference-order.js';
import { runPolicies } from '../../tools/src/validate/run-policies.js';
import type { EnvironmentSpec } from '../../tools/src/environments/types.js';
import { renderResources, REPO_ROOT, repoSpec } from '../helpers/repo.js';

const CHART = JSON.parse(readFileSync(join(REPO_ROOT, 'tools/facts/consul-k8s-1.9.11/chart.json'), 'utf8'));
const SYNC_FLAGS: Record<string, { default?: unknown }> = JSON.parse(
  readFileSync(join(REPO_ROOT, 'tools/facts/consul-k8s-1.9.11/control-plane.json'), 'utf8'),
).commands['sync-catalog'].flags;

/**
 * What the render's catalog sync lacks of the chart's: a chart flag neither passed nor equal to the
 * command's own default (so leaving it out changes nothing), and a chart ClusterRole rule it does not grant.
 */
function syncCatalogGaps(resources: readonly ParsedResource[], env: EnvironmentSpec): string[] {
  const args = asArray(container(find(resources, 'Deployment', 'consul-sync-catalog'), 'sync-catalog').args).map(String);
  const gaps: string[] = [];
  for (const flag of CHART.syncCatalog.args as string[]) {
    const wanted = fill(flag, env);
    if (args.includes(wanted)) continue;
    const [, name = '', value = 'true'] = /^-([\w-]+)(?:=(.*))?$/.exec(wanted) ?? [];
    const fallback = SYNC_FLAGS[name]?.default;
    // as the flag is written: a list joined by commas, a scalar as itself
    const shown = Array.isArray(fallback)
      ? fallback.map((item) => JSON.stringify(item).replace(/^"|"$/g, '')).join(',')
      : typeof fallback === 'string'
        ? fallback
        : JSON.stringify(fallback);
    if (fallback === undefined || shown !== value) gaps.push(`flag ${wanted} (the command's default: ${shown})`);
  }
  const rules = asArray(get(find(resources, 'ClusterRole', `consul-sync-catalog-${env.name}`).object, 'rules'));
  for (const fact of CHART.syncCatalog.clusterRole as { apiGroup: string; resource: string; verbs: string[] }[]) {
    const rule = rules.find(
      (entry) => asArray(get(entry, 'apiGroups')).includes(fact.apiGroup) && asArray(get(entry, 'resources')).includes(fact.resource),
    );
    const verbs = [...asArray(get(rule, 'verbs'))].map(String).sort();
    if (JSON.stringify(verbs) !== JSON.stringify([...fact.verbs].sort()))
      gaps.push(`ClusterRole ${fact.resource}: ${verbs.join(',') || 'none'}`);
  }
  return gaps;
}

function fill(text: string, env: EnvironmentSpec, component = ''): string {
  return text
    .replaceAll('<prefix>', 'consul')
    .replaceAll('<ns>', '$(NAMESPACE)')
    .replaceAll('<dc>', env.datacenter)
    .replaceAll('<component>', component);
}

function find(resources: readonly ParsedResource[], kind: string, name: string): ParsedResource {
  const found = resources.find((resource) => resource.ref.kind === kind && resource.ref.name === name);
  if (!found) throw new Error(`${kind}/${name} is not in the render`);
  return found;
}

function container(resource: ParsedResource, name: string): Record<string, unknown> {
  const found = containersOf(resource).find((entry) => entry.container.name === name);
  if (!found) throw new Error(`${resource.ref.kind}/${resource.ref.name} has no container ${name}`);
  return found.container;
}

function envMap(item: Record<string, unknown>): Map<string, unknown> {
  return new Map(asArray(item.env).map((entry) => [String(get(entry, 'name')), get(entry, 'value') ?? get(entry, 'valueFrom')]));
}

function mergedConfig(resource: ParsedResource): Record<string, unknown> {
  return agentConfigFrom(get(resource.object, 'data') as Record<string, unknown>).config;
}

function portNames(item: Record<string, unknown>): string[] {
  return asArray(item.ports).map((port) => `${String(get(port, 'name'))}:${String(get(port, 'containerPort'))}`);
}

const spec = await repoSpec();

describe.each(spec.environments.map((env) => ({ env, name: env.name })))('overlays/$name against chart 1.9.11', ({ env }) => {
  let resources: ParsedResource[];
  beforeAll(async () => {
    resources = await renderResources(join(REPO_ROOT, 'overlays', env.name));
  });
  const { tls, acls, gossip } = env.security;

  it('defines every $(VAR) before it is used, in every container', () => {
    expect(runPolicies(resources, spec, [envReferenceOrder]).map((finding) => finding.message)).toEqual([]);
  });

  it('runs the images the chart pins (or the environment overrides)', () => {
    expect(env.images).toEqual({ consul: CHART.images.consul, controlPlane: CHART.images.controlPlane });
    for (const resource of resources) {
      for (const entry of containersOf(resource)) {
        const wanted = JSON.stringify(entry.container.command ?? '').includes('consul-k8s-control-plane')
          ? CHART.images.controlPlane
          : undefined;
        if (wanted) expect(entry.container.image, `${resource.ref.name}/${String(entry.container.name)}`).toBe(wanted);
      }
    }
    expect(container(find(resources, 'StatefulSet', 'consul-server'), 'consul').image).toBe(CHART.images.consul);
    expect(container(find(resources, 'DaemonSet', 'consul-client'), 'consul').image).toBe(CHART.images.consul);
  });

  it('catalog sync speaks the 1.x server contract: addresses, ports, TLS with the CA file, login; none of the 0.x variables', () => {
    const sync = container(find(resources, 'Deployment', 'consul-sync-catalog'), 'sync-catalog');
    const env_ = envMap(sync);
    for (const [name, value] of Object.entries(CHART.serverConnectionEnv.always as Record<string, string>))
      expect(env_.get(name), name).toBe(fill(value, env));
    expect(env_.get('CONSUL_HTTP_PORT')).toBe(tls ? CHART.serverConnectionEnv.httpPort.tls : CHART.serverConnectionEnv.httpPort.plain);
    for (const [name, value] of Object.entries(CHART.serverConnectionEnv.tls as Record<string, string>))
      expect(env_.get(name), name).toBe(tls ? value : undefined);
    for (const [name, value] of Object.entries(CHART.serverConnectionEnv.login as Record<string, string>)) {
      expect(env_.get(name), name).toBe(acls ? fill(value, env, CHART.syncCatalog.loginComponent) : undefined);
    }
    for (const name of CHART.serverConnectionEnv.notRead as string[]) expect(env_.has(name), name).toBe(false);
  });

  it('catalog sync passes the chart flags (namespace allow and deny lists, write namespace, one direction) and probes its health port', () => {
    const sync = container(find(resources, 'Deployment', 'consul-sync-catalog'), 'sync-catalog');
    expect(sync.command).toEqual(['consul-k8s-control-plane']);
    const args = asArray(sync.args).map(String);
    expect(args[0]).toBe(CHART.syncCatalog.subcommand);
    expect(syncCatalogGaps(resources, env)).toEqual([]);
    for (const probe of ['livenessProbe', 'readinessProbe']) {
      expect(get(sync, probe, 'httpGet', 'path')).toBe(CHART.syncCatalog.health.path);
      expect(get(sync, probe, 'httpGet', 'port')).toBe(CHART.syncCatalog.health.port);
    }
  });

  it('catalog sync reads Services, EndpointSlices and Nodes cluster-wide and writes nothing (-to-k8s=false)', () => {
    const role = find(resources, 'ClusterRole', `consul-sync-catalog-${env.name}`);
    const rules = asArray(get(role.object, 'rules'));
    for (const fact of CHART.syncCatalog.clusterRole as { apiGroup: string; resource: string; verbs: string[] }[]) {
      const rule = rules.find(
        (entry) => asArray(get(entry, 'apiGroups')).includes(fact.apiGroup) && asArray(get(entry, 'resources')).includes(fact.resource),
      );
      expect(rule, fact.resource).toBeDefined();
      expect([...asArray(get(rule, 'verbs'))].sort()).toEqual([...fact.verbs].sort());
    }
    expect(resources.some((resource) => resource.ref.kind === 'Role' && resource.ref.name === 'consul-sync-catalog')).toBe(false);
  });

  it.each([
    ['-add-k8s-namespace-suffix', (args: string[]) => args.filter((arg) => arg !== '-add-k8s-namespace-suffix')],
    ['-node-port-sync-type=ExternalFirst', (args: string[]) => args.filter((arg) => !arg.startsWith('-node-port-sync-type='))],
  ])('the chart facts hold %s, and a render without it fails the parity check', (flag, drop) => {
    expect(CHART.syncCatalog.args).toContain(flag);
    const copy = resources.map((resource) => ({ ...resource, object: structuredClone(resource.object) }));
    const sync = container(find(copy, 'Deployment', 'consul-sync-catalog'), 'sync-catalog');
    sync.args = drop(asArray(sync.args).map(String));
    expect(syncCatalogGaps(copy, env)).toEqual([expect.stringContaining(`flag ${flag}`)]);
  });

  it('the chart facts grant list/watch on ingresses, and a render without it fails the parity check', () => {
    expect(CHART.syncCatalog.clusterRole).toContainEqual({
      apiGroup: 'networking.k8s.io',
      resource: 'ingresses',
      verbs: ['get', 'list', 'watch'],
    });
    const copy = resources.map((resource) => ({ ...resource, object: structuredClone(resource.object) }));
    const role = find(copy, 'ClusterRole', `consul-sync-catalog-${env.name}`).object as { rules: { resources: string[] }[] };
    role.rules = role.rules.filter((rule) => !rule.resources.includes('ingresses'));
    expect(syncCatalogGaps(copy, env)).toEqual(['ClusterRole ingresses: none']);
  });

  it("the server PDB is the chart's (consul.server.pdb.maxUnavailable), but 0 at 2 servers: a deliberate difference", () => {
    const pdb = get(find(resources, 'PodDisruptionBudget', 'consul-server').object, 'spec', 'maxUnavailable');
    expect(pdb).toBe(env.servers === 2 ? 0 : CHART.serverPdb.maxUnavailable[String(env.servers)]);
    expect(CHART.serverPdb.maxUnavailable['2']).toBe(1);
  });

  it("servers and clients carry the chart's config checksum annotation on their pod templates", () => {
    for (const [kind, name] of [
      ['StatefulSet', 'consul-server'],
      ['DaemonSet', 'consul-client'],
    ] as const) {
      expect(
        get(find(resources, kind, name).object, 'spec', 'template', 'metadata', 'annotations', CHART.configChecksum.annotation),
        name,
      ).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('agents declare the chart ports: HTTPS only with TLS, HTTP only without; clients bind the API and gRPC to host ports', () => {
    const mode = tls ? 'tls' : 'plain';
    expect(portNames(container(find(resources, 'StatefulSet', 'consul-server'), 'consul')).sort()).toEqual(
      [...CHART.ports.server[mode]].sort(),
    );
    const client = container(find(resources, 'DaemonSet', 'consul-client'), 'consul');
    const hostPorts = asArray(client.ports)
      .filter((port) => get(port, 'hostPort') !== undefined)
      .map((port) => get(port, 'hostPort'));
    expect(hostPorts.sort()).toEqual([...CHART.ports.clientHostPorts[mode]].sort());
  });

  it('servers: bootstrap_expect = replicas, autopilot min_quorum = floor(n/2)+1, the chart TLS and ACL settings', () => {
    const config = mergedConfig(find(resources, 'ConfigMap', 'consul-server-config'));
    const replicas = get(find(resources, 'StatefulSet', 'consul-server').object, 'spec', 'replicas');
    expect(replicas).toBe(env.servers);
    expect(configValue(config, 'bootstrap_expect')).toBe(env.servers);
    expect(configValue(config, 'autopilot.min_quorum')).toBe(quorumSize(env.servers));
    expect(configValue(config, 'datacenter')).toBe(env.datacenter);
    for (const [path, value] of Object.entries(CHART.serverConfig.values as Record<string, unknown>))
      expect(configValue(config, path), path).toEqual(value);
    for (const [path, value] of Object.entries((tls ? CHART.serverConfig.tls : CHART.serverConfig.plain) as Record<string, unknown>))
      expect(configValue(config, path), path).toEqual(value);
    for (const [path, value] of Object.entries(CHART.serverConfig.acl as Record<string, unknown>))
      expect(configValue(config, path), path).toEqual(acls ? value : undefined);
  });

  it('clients: auto_encrypt with ip_san and use_auto_cert, the -k probe with TLS, login through acl-init with ACLs', () => {
    const daemonSet = find(resources, 'DaemonSet', 'consul-client');
    const agent = container(daemonSet, 'consul');
    const config = mergedConfig(find(resources, 'ConfigMap', 'consul-client-config'));
    const script = asArray(agent.args).join('\n');
    const probe = asArray(get(agent, 'readinessProbe', 'exec', 'command')).join(' ');
    expect(probe).toContain(tls ? CHART.clientConfig.readinessProbe.tls : CHART.clientConfig.readinessProbe.plain);
    if (tls) {
      for (const [path, value] of Object.entries(CHART.clientConfig.tls as Record<string, unknown>)) {
        if (path === 'auto_encrypt.ip_san') expect(script).toContain('-hcl="auto_encrypt = {ip_san = [\\"$HOST_IP\\",\\"$POD_IP\\"]}"');
        else expect(configValue(config, path), path).toEqual(value);
      }
      for (const [name, value] of Object.entries(CHART.clientConfig.envWithTls as Record<string, string>))
        expect(envMap(agent).get(name), name).toBe(value);
    } else {
      expect(configValue(config, 'ports.http')).toBeUndefined();
    }
    const aclInit = CHART.clientConfig.aclInit;
    const init = containersOf(daemonSet).find((entry) => entry.init && entry.container.name === aclInit.container);
    expect(init !== undefined, 'client-acl-init').toBe(acls);
    if (init) {
      expect(asArray(init.container.args).map(String)).toEqual(expect.arrayContaining([aclInit.subcommand, ...aclInit.args]));
      expect(envMap(init.container).get('CONSUL_LOGIN_META')).toBe(
        fill(CHART.serverConnectionEnv.login.CONSUL_LOGIN_META, env, aclInit.loginComponent),
      );
      expect(script).toContain(`-config-dir=${aclInit.aclDir}`);
      expect(envMap(agent).get('CONSUL_HTTP_TOKEN_FILE')).toBe(aclInit.tokenFile);
    }
  });

  it('mounts the CA Secret only as its certificate (items: tls.crt)', () => {
    let seen = 0;
    for (const resource of resources) {
      const volumes = asArray(get(resource.object, 'spec', 'template', 'spec', 'volumes'));
      for (const volume of volumes.filter((entry) => get(entry, 'secret', 'secretName') === 'consul-ca-cert')) {
        seen += 1;
        expect(get(volume, 'secret', 'items'), resource.ref.name).toEqual(CHART.caCertProjection.items);
      }
    }
    expect(seen > 0).toBe(tls);
  });

  it('bootstraps as the chart does: the Jobs the switches call for, their hook phase, arguments and Secrets', () => {
    const jobs = { 'gossip-encryption-autogenerate': gossip, 'tls-init': tls, 'server-acl-init': acls } as const;
    for (const [subcommand, enabled] of Object.entries(jobs)) {
      const name = `consul-${subcommand}`;
      const job = resources.find((resource) => resource.ref.kind === 'Job' && resource.ref.name === name);
      expect(job !== undefined, name).toBe(enabled);
      if (!job) continue;
      const fact = CHART.bootstrap[subcommand];
      expect(get(job.object, 'metadata', 'annotations', HOOK_ANNOTATION)).toBe(fact.phase);
      const main = containersOf(job)[0]?.container ?? {};
      const args = asArray(main.args).map(String);
      expect(args[0]).toBe(subcommand);
      for (const flag of fact.args as string[]) expect(args).toContain(fill(flag, env));
      for (const dnsName of (fact.additionalDnsNames ?? []) as string[])
        expect(args).toContain(`-additional-dnsname=${fill(dnsName, env)}`);
      const role = find(resources, 'Role', name);
      const verbs = new Set(asArray(get(role.object, 'rules')).flatMap((rule) => asArray(get(rule, 'verbs')).map(String)));
      for (const verb of verbs) expect(fact.roleVerbs, `${name} verb ${verb}`).toContain(verb);
      const readable = asArray(get(role.object, 'rules')).flatMap((rule) =>
        asArray(get(rule, 'verbs')).includes('get') ? asArray(get(rule, 'resourceNames')).map(String) : [],
      );
      for (const secret of fact.writes as string[]) expect(readable, `${name} reads ${secret}`).toContain(fill(secret, env));
    }
    const authMethod = CHART.bootstrap.authMethod;
    const account = resources.find(
      (resource) => resource.ref.kind === 'ServiceAccount' && resource.ref.name === fill(authMethod.serviceAccount, env),
    );
    expect(account !== undefined).toBe(acls);
    if (acls) {
      expect(get(find(resources, 'Secret', fill(authMethod.serviceAccount, env)).object, 'type')).toBe(authMethod.secretType);
      expect(get(find(resources, 'ClusterRoleBinding', `consul-authdelegator-${env.name}`).object, 'roleRef', 'name')).toBe(
        authMethod.authDelegator,
      );
    }
  });
});
