/**
 * The Kubernetes API calls the pinned control plane makes, per ServiceAccount of the render: for every
 * consul-k8s-control-plane command a pod runs, the group, resource, verb, namespace and name its code asks
 * for (tools/facts/consul-k8s-<version>/control-plane.json `writes.kubernetesApi`, `authMethodConfig`; for
 * sync-catalog's informers the chart's ClusterRole in chart.json), names resolved from the flags as rendered.
 * A name the render cannot tell (a value set at run time) stays unresolved, with the reason. Pure: objects
 * and facts in, data out; read by control-plane-rbac, control-plane-api-secret and the api-server backend.
 */
import type { ChartFacts, ControlPlaneFacts, Facts } from '../../model/facts.js';
import { asArray, get, podSpecOf } from '../../model/k8s-objects.js';
import type { ParsedResource } from '../../parse/resource.js';
import { flagTable, resolveFlags, type ResolvedFlags } from '../consul/control-plane-flags.js';
import { controlPlaneInvocations, type ControlPlaneInvocation } from '../consul/control-plane-invocation.js';
import type { AccessDecision, AccessRequest } from '../schema/engine.js';

export interface ApiPermission {
  /** API group, '' for core. */
  group: string;
  resource: string;
  verb: string;
  /** `cluster` for cluster-scoped resources and calls across all namespaces. */
  scope: 'namespace' | 'cluster';
  /** The namespace of a namespaced call; undefined: the namespace the render is applied to. */
  namespace?: string;
  /** The object's name, when the call names one and the render tells it. */
  name?: string;
  /** Why a call that names an object has no name here (set at run time, or a create, which carries none). */
  unnamed?: string;
}

export interface PermissionNeed extends ApiPermission {
  /** The ServiceAccount the pod runs as, and its namespace (undefined: the render's). */
  account: string;
  accountNamespace?: string;
  workload: ParsedResource;
  container: string;
  subcommand: string;
  /** Where a finding about the account points: serviceAccountName, else the pod spec. */
  path: string;
  /** Where the name comes from in the command (the flag that gives it), when it does. */
  namePath?: string;
  /** Where the command is (its first argument, or its script). */
  commandPath: string;
  /** The fact it comes from: file, key, and the upstream source line. */
  source: string;
}

interface CallFact {
  verb: string;
  resource: string;
  names?: string[];
  note?: string;
}

const FACTS_FILE = 'tools/facts/consul-k8s-1.9.11/control-plane.json';
const CHART_FILE = 'tools/facts/consul-k8s-1.9.11/chart.json';

/** `jobs (batch/v1)` -> group batch, resource jobs. */
function groupAndResource(text: string): { group: string; resource: string } {
  const match = /^(\S+) \(([^)]+)\)$/.exec(text);
  if (!match) return { group: '', resource: text };
  const groupVersion = match[2]!;
  return { group: groupVersion.includes('/') ? groupVersion.slice(0, groupVersion.lastIndexOf('/')) : '', resource: match[1]! };
}

const CLUSTER_SCOPED = new Set(['nodes', 'namespaces', 'clusterroles', 'clusterrolebindings', 'persistentvolumes']);

/** `$(VAR)` of the container's environment expanded: literal values, and the pod's namespace (metadata.namespace); last entry of a name wins. */
function expander(invocation: ControlPlaneInvocation): (value: string) => { text?: string; destination?: true } {
  const fieldPaths = new Map<string, string | undefined>();
  for (const entry of asArray(invocation.container.container.env)) {
    const name = get(entry, 'name');
    const path = get(entry, 'valueFrom', 'fieldRef', 'fieldPath');
    if (typeof name === 'string') fieldPaths.set(name, typeof path === 'string' ? path : undefined);
  }
  const namespace = invocation.resource.ref.namespace;
  return (value) => {
    let destination = false;
    const text = value.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (whole, name: string) => {
      const literal = invocation.env.get(name);
      if (literal !== undefined && !literal.includes('$')) return literal;
      if (fieldPaths.get(name) === 'metadata.namespace') {
        if (namespace !== undefined) return namespace;
        destination = true;
        return '';
      }
      return whole;
    });
    if (text.includes('$')) return {};
    if (destination) return text === '' ? { destination: true } : {};
    return { text };
  };
}

interface Resolution {
  name?: string;
  unnamed?: string;
  flag?: string;
}

/** The names one fact entry stands for, resolved from the command's flags. */
function namesOf(
  entry: string,
  flags: ResolvedFlags,
  expand: ReturnType<typeof expander>,
  table: Record<string, { default?: unknown }>,
  accountSecrets: (name: string) => string[],
): Resolution[] {
  const flagValue = (flag: string): { value?: string; raw?: string } => {
    const raw = flags.value(flag) ?? (typeof table[flag]?.default === 'string' ? table[flag].default : undefined);
    if (raw === undefined || raw === '') return {};
    const expanded = expand(raw);
    return expanded.text === undefined ? { raw } : { value: expanded.text, raw };
  };
  const fromTemplate = (template: string): Resolution => {
    const placeholders = [...template.matchAll(/<([a-z0-9-]+)>/g)].map((match) => match[1]!);
    let name = template;
    for (const flag of placeholders) {
      const { value, raw } = flagValue(flag);
      if (value === undefined)
        return { unnamed: raw === undefined ? `-${flag} is not set` : `-${flag} is ${raw}, known only at run time`, flag };
      name = name.replace(`<${flag}>`, value);
    }
    return { name, ...(placeholders[0] ? { flag: placeholders[0] } : {}) };
  };
  const flagName = /^-([a-z0-9-]+)$/.exec(entry)?.[1];
  if (flagName) return [fromTemplate(`<${flagName}>`)];
  if (entry === 'bootstrap token Secret') {
    if ((flags.value('secrets-backend') ?? 'kubernetes') !== 'kubernetes') return [];
    return [
      flagValue('bootstrap-token-secret-name').value !== undefined
        ? fromTemplate('<bootstrap-token-secret-name>')
        : fromTemplate('<resource-prefix>-bootstrap-acl-token'),
    ];
  }
  if (entry === '<resource-prefix>-<name>-acl-token') {
    const on = (flag: string) => (flags.value(flag) ?? 'false').toLowerCase() === 'true';
    const names = [
      ...(on('create-enterprise-license-token') ? ['enterprise-license'] : []),
      ...(on('create-acl-replication-token') ? ['acl-replication'] : []),
      ...(on('create-dd-agent-token') ? ['datadog-agent-metrics'] : []),
    ];
    return names.map((name) => fromTemplate(`<resource-prefix>-${name}-acl-token`));
  }
  if (entry === '<resource-prefix>-auth-method and the Secrets the ServiceAccount references') {
    const own = fromTemplate('<resource-prefix>-auth-method');
    return [own, ...(own.name ? accountSecrets(own.name).map((name) => ({ name, flag: 'resource-prefix' })) : [])];
  }
  if (entry === '<job name>') {
    const job = flags.positional[0];
    const expanded = job === undefined ? {} : expand(job);
    return [expanded.text ? { name: expanded.text } : { unnamed: 'the Job name is not given in the render' }];
  }
  if (/^(<[a-z0-9-]+>|[a-z0-9-])+$/.test(entry)) return [fromTemplate(entry)];
  return [{ unnamed: `"${entry}" is not a name the render tells` }];
}

/** The namespace flag of a command and where its calls go. */
const NAMESPACE_FLAGS: Record<string, string> = {
  'acl-init': 'k8s-namespace',
  'delete-completed-job': 'k8s-namespace',
  'gossip-encryption-autogenerate': 'namespace',
  'server-acl-init': 'k8s-namespace',
  'tls-init': 'k8s-namespace',
};

/**
 * When a command makes its calls at all, from the facts' `behaviour`: acl-init reads its token Secret only
 * in Secret mode; with a login (-auth-method-name, CONSUL_LOGIN_AUTH_METHOD) it calls no Kubernetes API.
 */
const MAKES_CALLS: Record<string, (flags: ResolvedFlags) => boolean> = {
  'acl-init': (flags) => !flags.value('auth-method-name'),
};

function upstream(source: unknown): string {
  const first: unknown = Array.isArray(source) ? source[0] : source;
  return typeof first === 'string' ? `, ${first}` : '';
}

/** The API calls of one command invocation, as the pinned release makes them. */
function callsOf(
  invocation: ControlPlaneInvocation,
  facts: ControlPlaneFacts,
  chart: ChartFacts,
  resources: readonly ParsedResource[],
): (ApiPermission & { source: string; namePath?: string })[] {
  const subcommand = invocation.subcommand;
  const command = facts.commands[subcommand];
  if (!command) return [];
  const table = flagTable(facts, subcommand);
  const flags = resolveFlags(invocation, table);
  const expand = expander(invocation);
  const calls: (ApiPermission & { source: string; namePath?: string })[] = [];
  const namespaceFlag = NAMESPACE_FLAGS[subcommand];
  const namespaceOf = (flag: string | undefined): string | undefined => {
    if (!flag) return invocation.resource.ref.namespace;
    const raw = flags.value(flag) ?? (typeof table[flag]?.default === 'string' ? table[flag].default : '');
    const expanded = raw === '' ? { destination: true as const } : expand(raw);
    return expanded.text ?? invocation.resource.ref.namespace;
  };
  const pointer = (flag: string | undefined): string | undefined => {
    if (!flag) return undefined;
    const index = flags.indexOf(flag);
    return index >= 0 && invocation.argsOffset !== undefined ? `${invocation.pointer}/${invocation.argsOffset + index}` : undefined;
  };
  const accountSecrets = (name: string): string[] => {
    const account = resources.find((resource) => resource.ref.kind === 'ServiceAccount' && resource.ref.name === name);
    return asArray(get(account?.object, 'secrets'))
      .map((entry) => get(entry, 'name'))
      .filter((entry): entry is string => typeof entry === 'string');
  };
  const writes = command.writes as { kubernetesApi?: CallFact[]; source?: unknown } | undefined;
  const makesCalls = MAKES_CALLS[subcommand]?.(flags) ?? true;
  (makesCalls ? (writes?.kubernetesApi ?? []) : []).forEach((fact, index) => {
    const { group, resource } = groupAndResource(fact.resource);
    const scope = CLUSTER_SCOPED.has(resource) ? 'cluster' : 'namespace';
    const namespace = scope === 'namespace' ? namespaceOf(namespaceFlag) : undefined;
    const source = `${FACTS_FILE} commands.${subcommand}.writes.kubernetesApi[${index}]${upstream(writes?.source ?? command.file)}`;
    const base = { group, resource, verb: fact.verb, scope, ...(namespace !== undefined ? { namespace } : {}), source } as const;
    if (fact.verb === 'create' || fact.verb === 'list' || fact.verb === 'watch') {
      // The authorizer sees no name on these requests: a Role's resourceNames can never allow them.
      calls.push({ ...base, unnamed: `a ${fact.verb} request carries no name` });
      return;
    }
    for (const entry of fact.names ?? []) {
      // The auth-method reads are told in authMethodConfig, with their own source lines.
      const authMethod = entry.includes('auth-method') ? (command.authMethodConfig as { source?: unknown } | undefined) : undefined;
      const entrySource = authMethod ? `${FACTS_FILE} commands.${subcommand}.authMethodConfig${upstream(authMethod.source)}` : source;
      for (const resolution of namesOf(entry, flags, expand, table, accountSecrets)) {
        const namePath = pointer(resolution.flag);
        calls.push({
          ...base,
          source: entrySource,
          ...(resolution.name !== undefined ? { name: resolution.name } : { unnamed: resolution.unnamed ?? 'unknown' }),
          ...(namePath ? { namePath } : {}),
        });
      }
    }
  });
  if (subcommand === 'sync-catalog') {
    const fallback = table['to-k8s']?.default;
    const toK8s =
      (
        flags.value('to-k8s') ?? (typeof fallback === 'string' || typeof fallback === 'boolean' ? String(fallback) : 'true')
      ).toLowerCase() === 'true';
    const writeNamespace = namespaceOf('k8s-write-namespace');
    chart.syncCatalog.clusterRole.forEach((rule, index) => {
      const source = `${CHART_FILE} syncCatalog.clusterRole[${index}] (${chart.syncCatalog.from})`;
      for (const verb of rule.verbs)
        calls.push({
          group: rule.apiGroup,
          resource: rule.resource,
          verb,
          scope: 'cluster',
          unnamed: verb === 'list' || verb === 'watch' ? 'an informer over every namespace' : 'the objects are named at run time',
          source,
        });
      if (!toK8s) return;
      for (const verb of rule.writeVerbsWithToK8s ?? [])
        calls.push({
          group: rule.apiGroup,
          resource: rule.resource,
          verb,
          scope: 'namespace',
          ...(writeNamespace !== undefined ? { namespace: writeNamespace } : {}),
          unnamed: 'the Services it writes are named at run time (-to-k8s)',
          source,
          ...(pointer('to-k8s') ? { namePath: pointer('to-k8s')! } : {}),
        });
    });
  }
  return calls;
}

/** Every API call the render's control-plane commands make, with the ServiceAccount each runs as. */
export function controlPlanePermissions(
  resources: readonly ParsedResource[],
  facts: Pick<Facts, 'controlPlane' | 'chart'>,
): PermissionNeed[] {
  const needs: PermissionNeed[] = [];
  const seen = new Set<string>();
  for (const resource of resources) {
    const pod = podSpecOf(resource);
    if (!pod) continue;
    const accountName = get(pod.spec, 'serviceAccountName');
    const account = typeof accountName === 'string' && accountName !== '' ? accountName : 'default';
    const path = typeof accountName === 'string' ? `${pod.pointer}/serviceAccountName` : pod.pointer;
    for (const invocation of controlPlaneInvocations(resource)) {
      for (const call of callsOf(invocation, facts.controlPlane, facts.chart, resources)) {
        const need: PermissionNeed = {
          ...call,
          account,
          ...(resource.ref.namespace !== undefined ? { accountNamespace: resource.ref.namespace } : {}),
          workload: resource,
          container: String(invocation.container.container.name),
          subcommand: invocation.subcommand,
          path,
          commandPath: invocation.pointer,
        };
        const key = [resource.ref.kind, resource.ref.name, need.container, permissionKey(need)].join('|');
        if (seen.has(key)) continue;
        seen.add(key);
        needs.push(need);
      }
    }
  }
  return needs;
}

/** One permission as a key: account, group, resource, verb, namespace, name. */
export function permissionKey(need: ApiPermission & { account?: string; accountNamespace?: string }): string {
  return [
    need.accountNamespace ?? '',
    need.account ?? '',
    need.group,
    need.resource,
    need.verb,
    need.scope,
    need.namespace ?? '',
    need.name ?? '',
  ].join('|');
}

/** `get secrets consul-auth-method`, `list networking.k8s.io ingresses (all namespaces)`. */
export function describePermission(permission: ApiPermission): string {
  const resource = permission.group ? `${permission.group} ${permission.resource}` : permission.resource;
  const where =
    permission.scope === 'cluster'
      ? CLUSTER_SCOPED.has(permission.resource)
        ? ''
        : ' in all namespaces'
      : permission.namespace !== undefined
        ? ` in namespace ${permission.namespace}`
        : '';
  return `${permission.verb} ${resource}${permission.name !== undefined ? ` ${permission.name}` : ''}${where}`;
}

/** A need as the request a SubjectAccessReview asks (objects without a namespace are in `default`, as applied). */
export function accessRequestOf(need: PermissionNeed): AccessRequest {
  return {
    account: need.account,
    accountNamespace: need.accountNamespace ?? 'default',
    group: need.group,
    resource: need.resource,
    verb: need.verb,
    ...(need.scope === 'namespace' ? { namespace: need.namespace ?? 'default' } : {}),
    ...(need.name !== undefined ? { name: need.name } : {}),
  };
}

/** What a real authorizer decided about the render's needs (`validate --schema-backend api-server`), keyed by permissionKey. */
export interface AccessReview {
  authorizer: string;
  decisions: ReadonlyMap<string, AccessDecision>;
}
