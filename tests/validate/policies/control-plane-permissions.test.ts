/**
 * controlPlanePermissions, permissionKey, describePermission and accessRequestOf: each branch on inline objects,
 * against the pinned releases' facts or against small fact tables that state one branch each (the rule that reads
 * them, control-plane-rbac, has its own cases in tests/validate/rules/control-plane-rbac.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { pinnedFacts } from '../../../tools/src/facts/pinned.js';
import type { ChartFacts, ControlPlaneCommand, ControlPlaneFacts } from '../../../tools/src/model/facts.js';
import type { ParsedResource } from '../../../tools/src/parse/resource.js';
import {
  accessRequestOf,
  controlPlanePermissions,
  describePermission,
  permissionKey,
  type PermissionNeed,
} from '../../../tools/src/validate/policies/control-plane-permissions.js';
import { command, inNamespace, object, workload, type Body } from '../../helpers/inline-rules.js';

const FACTS_FILE = 'tools/facts/consul-k8s-1.9.11/control-plane.json';

/** Facts with these commands (and sync-catalog's ClusterRole rules), nothing else. */
function factsWith(commands: Record<string, Partial<ControlPlaneCommand>>, clusterRole: ChartFacts['syncCatalog']['clusterRole'] = []) {
  const controlPlane: ControlPlaneFacts = {
    source: 'test',
    version: '0',
    subcommands: Object.keys(commands),
    flagSets: {},
    commands: Object.fromEntries(Object.entries(commands).map(([name, entry]) => [name, { flags: {}, ...entry }])),
  };
  const chart: ChartFacts = { source: 'test', chart: 'test', syncCatalog: { from: 'the chart', clusterRole } };
  return { controlPlane, chart };
}
/** One command `probe` that makes these calls, with these flags (strings unless told). */
const probe = (calls: Body[], flags: ControlPlaneCommand['flags'] = {}, extra: Partial<ControlPlaneCommand> = {}) =>
  factsWith({ probe: { flags, writes: { kubernetesApi: calls, source: ['probe.go:1'] }, ...extra } });
const STRING = { type: 'string' } as const;

const described = (needs: PermissionNeed[]) =>
  needs.map((need) => `${describePermission(need)}${need.unnamed ? ` [${need.unnamed}]` : ''}`);
const pinned = (resources: readonly ParsedResource[]) => controlPlanePermissions(resources, pinnedFacts());

describe('controlPlanePermissions: the resource and group of a call', () => {
  it('`<resource> (<group>/<version>)` gives the group (all before the last slash; none for v1); any other text is the resource as written', () => {
    const needs = controlPlanePermissions(
      [command(['probe'])],
      probe([
        { verb: 'create', resource: 'deployments (apps/v1)' },
        { verb: 'create', resource: 'pods (v1)' },
        { verb: 'create', resource: 'things (a.example/b/v1)' },
        { verb: 'create', resource: 'two words (batch/v1)' },
        { verb: 'create', resource: 'jobs (batch/v1) and more' },
      ]),
    );
    expect(needs.map((need) => [need.group, need.resource])).toEqual([
      ['apps', 'deployments'],
      ['', 'pods'],
      ['a.example/b', 'things'],
      ['', 'two words (batch/v1)'],
      ['', 'jobs (batch/v1) and more'],
    ]);
  });

  it('a cluster-scoped resource is called at cluster scope, without a namespace; a namespaced one in the namespace', () => {
    const needs = controlPlanePermissions(
      [command(['probe', '-node=n1'], { namespace: 'ns' })],
      probe(
        [
          { verb: 'get', resource: 'nodes', names: ['-node'] },
          { verb: 'get', resource: 'secrets', names: ['-node'] },
        ],
        { node: STRING },
      ),
    );
    expect(needs.map((need) => [need.scope, need.namespace, need.name])).toEqual([
      ['cluster', undefined, 'n1'],
      ['namespace', 'ns', 'n1'],
    ]);
    expect('namespace' in needs[0]!).toBe(false);
    expect(described(needs)).toEqual(['get nodes n1', 'get secrets n1 in namespace ns']);
  });

  it('create, list and watch carry no name whatever names the facts give; a call the facts give no name for is not made by name', () => {
    const needs = controlPlanePermissions(
      [command(['probe', '-node=n1'], { namespace: 'ns' })],
      probe(
        [
          { verb: 'list', resource: 'secrets', names: ['-node'] },
          { verb: 'watch', resource: 'secrets', names: ['-node'] },
          { verb: 'get', resource: 'secrets' },
        ],
        { node: STRING },
      ),
    );
    expect(described(needs)).toEqual([
      'list secrets in namespace ns [a list request carries no name]',
      'watch secrets in namespace ns [a watch request carries no name]',
    ]);
    expect(needs.map((need) => need.name)).toEqual([undefined, undefined]);
  });

  it('the source is the fact and its first upstream line, or the fact alone when the facts name none', () => {
    const [withLine] = controlPlanePermissions([command(['probe'])], probe([{ verb: 'create', resource: 'secrets' }]));
    expect(withLine!.source).toBe(`${FACTS_FILE} commands.probe.writes.kubernetesApi[0], probe.go:1`);
    const bare = factsWith({ probe: { flags: {}, writes: { kubernetesApi: [{ verb: 'create', resource: 'secrets' }] } } });
    expect(controlPlanePermissions([command(['probe'])], bare)[0]!.source).toBe(`${FACTS_FILE} commands.probe.writes.kubernetesApi[0]`);
    const file = factsWith({
      probe: { flags: {}, file: 'probe.go', writes: { kubernetesApi: [{ verb: 'create', resource: 'secrets' }] } },
    });
    expect(controlPlanePermissions([command(['probe'])], file)[0]!.source).toBe(
      `${FACTS_FILE} commands.probe.writes.kubernetesApi[0], probe.go`,
    );
  });
});

describe('controlPlanePermissions: names from the flags', () => {
  it('$(VAR) of metadata.namespace is the pod namespace; of another source, run time; with no namespace on the workload, the namespace applied to (unknown)', () => {
    const facts = probe([{ verb: 'get', resource: 'secrets', names: ['-prefix'] }], { prefix: STRING });
    expect(controlPlanePermissions([command(['probe', '-prefix=$(NAMESPACE)-x'], { namespace: 'ns' })], facts)[0]).toMatchObject({
      name: 'ns-x',
    });
    const secret = [{ name: 'PREFIX', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }];
    expect(controlPlanePermissions([command(['probe', '-prefix=$(PREFIX)'], { namespace: 'ns', env: secret })], facts)[0]!.unnamed).toBe(
      '-prefix is $(PREFIX), known only at run time',
    );
    expect(controlPlanePermissions([command(['probe', '-prefix=$(NAMESPACE)'])], facts)[0]!.unnamed).toBe(
      '-prefix is $(NAMESPACE), known only at run time',
    );
  });

  it('of two env entries of one name the last wins, as in Kubernetes: a metadata.namespace hidden by a Secret is known only at run time', () => {
    const facts = probe([{ verb: 'get', resource: 'secrets', names: ['-prefix'] }], { prefix: STRING });
    const hidden = [{ name: 'NAMESPACE', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }];
    expect(controlPlanePermissions([command(['probe', '-prefix=$(NAMESPACE)'], { namespace: 'ns', env: hidden })], facts)[0]).toMatchObject(
      { unnamed: '-prefix is $(NAMESPACE), known only at run time' },
    );
    const shown = [
      { name: 'NAMESPACE', value: 'lit' },
      { name: 'NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
    ];
    expect(controlPlanePermissions([command(['probe', '-prefix=$(NAMESPACE)'], { namespace: 'ns', env: shown })], facts)[0]).toMatchObject({
      name: 'ns',
    });
  });

  it('a flag not given takes its string default; a default of another type, or a flag the facts do not know, is not set', () => {
    // one verb each: calls that differ only in why they have no name are one permission, listed once
    const facts = probe(
      [
        { verb: 'get', resource: 'secrets', names: ['<with-default>-a'] },
        { verb: 'update', resource: 'secrets', names: ['<int-default>'] },
        { verb: 'delete', resource: 'secrets', names: ['<unknown>'] },
      ],
      { 'with-default': { type: 'string', default: 'dflt' }, 'int-default': { type: 'int', default: 3 } },
    );
    expect(described(controlPlanePermissions([command(['probe'], { namespace: 'ns' })], facts))).toEqual([
      'get secrets dflt-a in namespace ns',
      'update secrets in namespace ns [-int-default is not set]',
      'delete secrets in namespace ns [-unknown is not set]',
    ]);
  });

  it('an entry that is neither a flag nor a name template is not a name the render tells', () => {
    const facts = probe(
      ['-prefix.x', 'a B a', 'Upper-case', 'lower Case'].map((entry, index) => ({
        verb: ['get', 'update', 'patch', 'delete'][index],
        resource: 'secrets',
        names: [entry],
      })),
      { prefix: STRING },
    );
    expect(described(controlPlanePermissions([command(['probe', '-prefix=p'], { namespace: 'ns' })], facts))).toEqual([
      'get secrets in namespace ns ["-prefix.x" is not a name the render tells]',
      'update secrets in namespace ns ["a B a" is not a name the render tells]',
      'patch secrets in namespace ns ["Upper-case" is not a name the render tells]',
      'delete secrets in namespace ns ["lower Case" is not a name the render tells]',
    ]);
  });

  it('the name points at the flag that gives it (exec form): none when the flag is not given, or the command is a script', () => {
    const facts = probe([{ verb: 'get', resource: 'secrets', names: ['-prefix', '<other>-<with-default>'] }], {
      prefix: STRING,
      other: STRING,
      'with-default': { type: 'string', default: 'd' },
    });
    const needs = controlPlanePermissions([command(['probe', '-other=o', '-prefix=p'])], facts);
    expect(needs.map((need) => [need.name, need.namePath])).toEqual([
      ['p', '/spec/template/spec/containers/0/args/2'],
      ['o-d', '/spec/template/spec/containers/0/args/1'],
    ]);
    const defaulted = controlPlanePermissions(
      [command(['probe'])],
      probe([{ verb: 'get', resource: 'secrets', names: ['<with-default>'] }], {
        'with-default': { type: 'string', default: 'd' },
      }),
    );
    expect(defaulted[0]).toMatchObject({ name: 'd' });
    expect(defaulted[0]!.namePath).toBeUndefined();
    const script = workload('Job', 'job', {
      containers: [{ name: 'c', command: ['sh', '-c', 'consul-k8s-control-plane probe -other=o -prefix=p'] }],
    });
    const scripted = controlPlanePermissions([script], facts);
    expect(scripted.map((need) => [need.name, need.namePath])).toEqual([
      ['p', undefined],
      ['o-d', undefined],
    ]);
    expect(scripted[0]!.commandPath).toBe('/spec/template/spec/containers/0/command/2');
  });
});

describe('controlPlanePermissions: namespaces', () => {
  it("a command without a namespace flag calls in the workload's namespace, whatever its flags", () => {
    const facts = probe([{ verb: 'create', resource: 'secrets' }], { undefined: { type: 'string', default: 'elsewhere' } });
    expect(controlPlanePermissions([command(['probe'], { namespace: 'ns' })], facts)[0]!.namespace).toBe('ns');
  });

  it("a namespace flag not given, and without a string default, is the workload's namespace", () => {
    const facts = factsWith({ 'tls-init': { flags: {}, writes: { kubernetesApi: [{ verb: 'create', resource: 'secrets' }] } } });
    expect(controlPlanePermissions([command(['tls-init'], { namespace: 'ns' })], facts)[0]!.namespace).toBe('ns');
    const typed = factsWith({
      'tls-init': {
        flags: { 'k8s-namespace': { type: 'int', default: 1 } },
        writes: { kubernetesApi: [{ verb: 'create', resource: 'secrets' }] },
      },
    });
    expect(controlPlanePermissions([command(['tls-init'], { namespace: 'ns' })], typed)[0]!.namespace).toBe('ns');
    const given = factsWith({ 'tls-init': { flags: {}, writes: { kubernetesApi: [{ verb: 'create', resource: 'secrets' }] } } });
    expect(controlPlanePermissions([command(['tls-init', '-k8s-namespace=other'], { namespace: 'ns' })], given)[0]!.namespace).toBe(
      'other',
    );
  });
});

describe('controlPlanePermissions: server-acl-init (pinned facts)', () => {
  const job = (extra: string[]) => command(['server-acl-init', '-k8s-namespace=ns', ...extra], { namespace: 'ns' });

  it('with a Secrets backend other than Kubernetes it reads no bootstrap token Secret, and nothing in its place', () => {
    expect(described(pinned([job(['-resource-prefix=consul', '-secrets-backend=vault'])]))).toEqual([
      'get secrets consul-auth-method in namespace ns',
      'create secrets in namespace ns [a create request carries no name]',
      'get serviceaccounts consul-auth-method in namespace ns',
    ]);
  });

  it('without -resource-prefix the Secrets it reads are unnamed (one permission, listed once)', () => {
    expect(described(pinned([job([])]))).toEqual([
      'get secrets in namespace ns [-resource-prefix is not set]',
      'create secrets in namespace ns [a create request carries no name]',
      'get serviceaccounts in namespace ns [-resource-prefix is not set]',
    ]);
  });

  it("the auth-method ServiceAccount's own Secrets (string names only), found by kind and name, point at -resource-prefix; the auth-method reads cite authMethodConfig", () => {
    const secrets = (names: unknown[]) => ({ secrets: names.map((name) => ({ name })) });
    const resources = [
      inNamespace(object('v1', 'Secret', 'consul-auth-method', secrets(['not-an-account'])), 'ns'),
      inNamespace(object('v1', 'ServiceAccount', 'other', secrets(['other-token'])), 'ns'),
      inNamespace(object('v1', 'ServiceAccount', 'consul-auth-method', { secrets: [{ name: 'sa-token' }, { name: 5 }, {}] }), 'ns'),
      job(['-resource-prefix=consul']),
    ];
    const needs = pinned(resources).filter((need) => need.verb === 'get' && need.resource === 'secrets');
    expect(described(needs)).toEqual([
      'get secrets consul-bootstrap-acl-token in namespace ns',
      'get secrets consul-auth-method in namespace ns',
      'get secrets sa-token in namespace ns',
    ]);
    expect(needs[2]!.namePath).toBe('/spec/template/spec/containers/0/args/2');
    expect(needs[0]!.source).toMatch(new RegExp(`^${FACTS_FILE} commands\\.server-acl-init\\.writes\\.kubernetesApi\\[0\\]`));
    expect(needs[1]!.source).toMatch(new RegExp(`^${FACTS_FILE} commands\\.server-acl-init\\.authMethodConfig, `));
  });
});

describe('controlPlanePermissions: sync-catalog', () => {
  const RULES: ChartFacts['syncCatalog']['clusterRole'] = [
    { apiGroup: '', resource: 'services', verbs: ['get', 'list', 'watch'], writeVerbsWithToK8s: ['create'] },
    { apiGroup: '', resource: 'nodes', verbs: ['get'] },
  ];
  const sync = (flags: ControlPlaneCommand['flags']) => factsWith({ 'sync-catalog': { flags } }, RULES);
  const READS = [
    'get services in all namespaces [the objects are named at run time]',
    'list services in all namespaces [an informer over every namespace]',
    'watch services in all namespaces [an informer over every namespace]',
  ];

  it('-to-k8s defaults to true when the facts give no default: the write verbs, in the namespace the render is applied to', () => {
    const needs = controlPlanePermissions([command(['sync-catalog'], { kind: 'Deployment' })], sync({}));
    expect(described(needs)).toEqual([
      ...READS,
      'create services [the Services it writes are named at run time (-to-k8s)]',
      'get nodes [the objects are named at run time]',
    ]);
    expect(needs[3]).toMatchObject({ scope: 'namespace', verb: 'create' });
    expect('namespace' in needs[3]!).toBe(false);
    expect(needs[3]!.namePath).toBeUndefined();
  });

  it('a default of false, as a bool or a string, leaves the write verbs out', () => {
    for (const fallback of [false, 'false', 'FALSE']) {
      const needs = controlPlanePermissions(
        [command(['sync-catalog'], { kind: 'Deployment' })],
        sync({ 'to-k8s': { type: 'bool', default: fallback } }),
      );
      expect(described(needs)).toEqual([...READS, 'get nodes [the objects are named at run time]']);
    }
  });

  it('-to-k8s given: the writes go to -k8s-write-namespace and point at -to-k8s', () => {
    const needs = controlPlanePermissions(
      [command(['sync-catalog', '-k8s-write-namespace=writes', '-to-k8s=true'], { kind: 'Deployment', namespace: 'ns' })],
      sync({ 'to-k8s': { type: 'bool', default: false } }),
    );
    expect(needs[3]).toMatchObject({
      verb: 'create',
      scope: 'namespace',
      namespace: 'writes',
      namePath: '/spec/template/spec/containers/0/args/2',
    });
  });
});

describe('controlPlanePermissions: accounts and duplicates', () => {
  const facts = probe([{ verb: 'create', resource: 'secrets' }]);

  it('an empty serviceAccountName is the default account, pointed at; no accountNamespace without a workload namespace', () => {
    const [need] = controlPlanePermissions([command(['probe'], { account: '' })], facts);
    expect(need).toMatchObject({ account: 'default', path: '/spec/template/spec/serviceAccountName' });
    expect('accountNamespace' in need!).toBe(false);
  });

  it('the same call of one container is listed once; the same call of other workloads or containers is listed for each', () => {
    const twice = probe([{ verb: 'get', resource: 'secrets', names: ['-a', '-b'] }], { a: STRING, b: STRING });
    expect(described(controlPlanePermissions([command(['probe', '-a=x', '-b=x'])], twice))).toEqual(['get secrets x']);
    const ab = command(['probe'], { name: 'ab' });
    const a = command(['probe'], { name: 'a' });
    const renamed = (resource: ParsedResource, container: string): ParsedResource => {
      const spec = (resource.object.spec as Body).template as { spec: { containers: Body[] } };
      spec.spec.containers[0]!.name = container;
      return resource;
    };
    const needs = controlPlanePermissions([renamed(ab, 'c'), renamed(a, 'bc')], facts);
    expect(needs.map((need) => `${need.workload.ref.name}/${need.container}`)).toEqual(['ab/c', 'a/bc']);
  });
});

describe('permissionKey, describePermission, accessRequestOf', () => {
  it('permissionKey: account namespace, account, group, resource, verb, scope, namespace, name; empty when absent', () => {
    expect(
      permissionKey({
        accountNamespace: 'ans',
        account: 'acc',
        group: 'g',
        resource: 'r',
        verb: 'get',
        scope: 'namespace',
        namespace: 'ns',
        name: 'n',
      }),
    ).toBe('ans|acc|g|r|get|namespace|ns|n');
    expect(permissionKey({ group: '', resource: 'nodes', verb: 'list', scope: 'cluster' })).toBe('|||nodes|list|cluster||');
  });

  it('describePermission: a namespaced call without a namespace names none', () => {
    expect(describePermission({ group: '', resource: 'secrets', verb: 'create', scope: 'namespace' })).toBe('create secrets');
    expect(
      describePermission({ group: 'apps', resource: 'deployments', verb: 'get', scope: 'namespace', namespace: 'ns', name: 'd' }),
    ).toBe('get apps deployments d in namespace ns');
  });

  it('accessRequestOf: a cluster-scoped call asks without a namespace, a call without a name without one', () => {
    const [node] = controlPlanePermissions(
      [command(['probe', '-node=n1'])],
      probe(
        [
          { verb: 'get', resource: 'nodes', names: ['-node'] },
          { verb: 'create', resource: 'secrets' },
        ],
        { node: STRING },
      ),
    );
    expect(accessRequestOf(node!)).toStrictEqual({
      account: 'default',
      accountNamespace: 'default',
      group: '',
      resource: 'nodes',
      verb: 'get',
      name: 'n1',
    });
    const [, created] = controlPlanePermissions(
      [command(['probe', '-node=n1'], { namespace: 'ns' })],
      probe(
        [
          { verb: 'get', resource: 'nodes', names: ['-node'] },
          { verb: 'create', resource: 'secrets' },
        ],
        { node: STRING },
      ),
    );
    expect(accessRequestOf(created!)).toStrictEqual({
      account: 'default',
      accountNamespace: 'ns',
      group: '',
      resource: 'secrets',
      verb: 'create',
      namespace: 'ns',
    });
  });
});
