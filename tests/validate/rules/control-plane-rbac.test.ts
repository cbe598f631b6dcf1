/** control-plane-rbac: its branches on inline objects (no kustomize build), then its fixtures (tests/fixtures/rules/control-plane-rbac/). */
import { describe, expect, it } from 'vitest';
import type { ParsedResource } from '../../../tools/src/parse/resource.js';
import {
  accessRequestOf,
  controlPlanePermissions as permissionsWith,
  describePermission,
  permissionKey,
  type PermissionNeed,
} from '../../../tools/src/validate/policies/control-plane-permissions.js';
import { controlPlaneRbac } from '../../../tools/src/validate/rules/control-plane-rbac.js';
import { runPolicies } from '../../../tools/src/validate/run-policies.js';
import { command, found, inNamespace, object, tierSpec, type Body } from '../../helpers/inline-rules.js';
import { describeRuleFixtures } from '../../helpers/rule-fixtures.js';
import { pinnedFacts } from '../../../tools/src/facts/pinned.js';
import { isConsulObject } from '../../../tools/src/validate/policies/consul-objects.js';

/** The calls, against the pinned releases' facts. */
const controlPlanePermissions = (resources: readonly ParsedResource[]): PermissionNeed[] => permissionsWith(resources, pinnedFacts());

const RBAC = 'rbac.authorization.k8s.io/v1';
const role = (kind: 'Role' | 'ClusterRole', name: string, rules: Body[], namespace?: string) =>
  inNamespace(object(RBAC, kind, name, { rules }), kind === 'Role' ? namespace : undefined);
const binding = (
  kind: 'RoleBinding' | 'ClusterRoleBinding',
  roleKind: string,
  roleName: string,
  account: string,
  namespace?: string,
  subjectNamespace?: string,
) =>
  inNamespace(
    object(RBAC, kind, `${roleName}-binding`, {
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: roleKind, name: roleName },
      subjects: [{ kind: 'ServiceAccount', name: account, ...(subjectNamespace === undefined ? {} : { namespace: subjectNamespace }) }],
    }),
    kind === 'RoleBinding' ? namespace : undefined,
  );
const described = (needs: PermissionNeed[]) =>
  needs.map((need) => `${describePermission(need)}${need.unnamed ? ` [${need.unnamed}]` : ''}`);
const TLS = ['tls-init', '-name-prefix=c', '-k8s-namespace=$(NAMESPACE)'];
const tlsRole = (rules: Body[]) => [
  command(TLS, { account: 'tls', namespace: 'ns', name: 'tls' }),
  role('Role', 'tls', rules, 'ns'),
  binding('RoleBinding', 'Role', 'tls', 'tls', 'ns'),
];
const TLS_RULES: Body[] = [
  { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
  { apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['c-ca-cert', 'c-ca-key', 'c-server-cert'] },
  { apiGroups: [''], resources: ['secrets'], verbs: ['update'], resourceNames: ['c-server-cert'] },
];

describe('controlPlanePermissions: the calls, as the pinned release makes them', () => {
  it('tls-init: get, create and update of the Secrets its -name-prefix names, in -k8s-namespace ($(NAMESPACE): the pod namespace)', () => {
    const needs = controlPlanePermissions([
      command(['tls-init', '-name-prefix=consul', '-k8s-namespace=$(NAMESPACE)'], { account: 'tls', namespace: 'ns' }),
    ]);
    expect(described(needs)).toEqual([
      'get secrets consul-ca-cert in namespace ns',
      'get secrets consul-ca-key in namespace ns',
      'get secrets consul-server-cert in namespace ns',
      'create secrets in namespace ns [a create request carries no name]',
      'update secrets consul-server-cert in namespace ns',
    ]);
    expect(needs[0]).toMatchObject({
      account: 'tls',
      accountNamespace: 'ns',
      subcommand: 'tls-init',
      path: '/spec/template/spec/serviceAccountName',
    });
    expect(needs[0]!.namePath).toBe('/spec/template/spec/containers/0/args/1');
    expect(needs[0]!.source).toMatch(
      /^tools\/facts\/consul-k8s-1\.9\.11\/control-plane\.json commands\.tls-init\.writes\.kubernetesApi\[0\], control-plane\/subcommand\/tls-init\/command\.go:/,
    );
  });

  it('a name set at run time, or a flag not given, stays unnamed with the reason; a literal env value is expanded', () => {
    const runtime = controlPlanePermissions([
      command(['tls-init', '-name-prefix=$(PREFIX)'], { env: [{ name: 'PREFIX', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] }),
    ]);
    expect(runtime[0]).toMatchObject({ unnamed: '-name-prefix is $(PREFIX), known only at run time' });
    expect(runtime[0]!.name).toBeUndefined();
    expect(controlPlanePermissions([command(['tls-init'])])[0]).toMatchObject({ unnamed: '-name-prefix is not set' });
    const literal = controlPlanePermissions([command(['tls-init', '-name-prefix=$(PREFIX)'], { env: [{ name: 'PREFIX', value: 'dc1' }] })]);
    expect(literal[0]!.name).toBe('dc1-ca-cert');
  });

  it('without a namespace on the workload, $(NAMESPACE) is the namespace the render is applied to; a flag default applies when not given', () => {
    const [need] = controlPlanePermissions([command(['tls-init', '-name-prefix=c', '-k8s-namespace=$(NAMESPACE)'])]);
    expect(need!.namespace).toBeUndefined();
    expect(accessRequestOf(need!)).toMatchObject({
      accountNamespace: 'default',
      namespace: 'default',
      name: 'c-ca-cert',
      account: 'default',
    });
    expect(need!.path).toBe('/spec/template/spec');
    const [defaulted] = controlPlanePermissions([command(['tls-init', '-name-prefix=c'], { namespace: 'ns' })]);
    expect(defaulted!.namespace).toBe('default');
  });

  it('acl-init calls the API only in Secret mode: with a login it reads no Secret', () => {
    expect(described(controlPlanePermissions([command(['acl-init', '-secret-name=token', '-k8s-namespace=ns'])]))).toEqual([
      'get secrets token in namespace ns',
    ]);
    expect(controlPlanePermissions([command(['acl-init'], { env: [{ name: 'CONSUL_LOGIN_AUTH_METHOD', value: 'm' }] })])).toEqual([]);
  });

  it('server-acl-init: the bootstrap token (default name, or -bootstrap-token-secret-name), the auth-method ServiceAccount and Secrets, the optional token Secrets', () => {
    const account = inNamespace(
      object('v1', 'ServiceAccount', 'consul-auth-method', { secrets: [{ name: 'consul-auth-method-token-x' }] }),
      'ns',
    );
    const job = (extra: string[]) =>
      command(['server-acl-init', '-resource-prefix=consul', '-k8s-namespace=ns', ...extra], { namespace: 'ns' });
    expect(described(controlPlanePermissions([job([]), account]))).toEqual([
      'get secrets consul-bootstrap-acl-token in namespace ns',
      'get secrets consul-auth-method in namespace ns',
      'get secrets consul-auth-method-token-x in namespace ns',
      'create secrets in namespace ns [a create request carries no name]',
      'get serviceaccounts consul-auth-method in namespace ns',
    ]);
    const named = described(
      controlPlanePermissions([job(['-bootstrap-token-secret-name=boot', '-create-acl-replication-token', '-create-dd-agent-token=true'])]),
    );
    expect(named).toContain('get secrets boot in namespace ns');
    expect(named).toContain('get secrets consul-acl-replication-acl-token in namespace ns');
    expect(named).toContain('get secrets consul-datadog-agent-metrics-acl-token in namespace ns');
    expect(described(controlPlanePermissions([job(['-secrets-backend=vault', '-create-enterprise-license-token'])]))).toContain(
      'get secrets consul-enterprise-license-acl-token in namespace ns',
    );
    expect(described(controlPlanePermissions([job(['-secrets-backend=vault'])]))).not.toContain(
      'get secrets consul-bootstrap-acl-token in namespace ns',
    );
  });

  it('sync-catalog: its informers across all namespaces (chart facts); write verbs in -k8s-write-namespace only with -to-k8s (the default)', () => {
    const reads = controlPlanePermissions([
      command(['sync-catalog', '-to-k8s=false'], { kind: 'Deployment', account: 'sync', namespace: 'ns' }),
    ]);
    expect(described(reads)).toContain('list networking.k8s.io ingresses in all namespaces [an informer over every namespace]');
    expect(described(reads)).toContain('get nodes [the objects are named at run time]');
    expect(reads.every((need) => need.scope === 'cluster')).toBe(true);
    expect(reads[0]!.source).toMatch(/^tools\/facts\/consul-k8s-1\.9\.11\/chart\.json syncCatalog\.clusterRole\[0\]/);
    const writes = controlPlanePermissions([
      command(['sync-catalog', '-k8s-write-namespace=$(NAMESPACE)'], { kind: 'Deployment', namespace: 'ns' }),
    ]);
    expect(described(writes)).toContain('create services in namespace ns [the Services it writes are named at run time (-to-k8s)]');
    expect(described(writes)).toContain(
      'delete discovery.k8s.io endpointslices in namespace ns [the Services it writes are named at run time (-to-k8s)]',
    );
  });

  it('delete-completed-job names its Job by argument (group batch); fetch-server-region reads a Node named at run time', () => {
    expect(described(controlPlanePermissions([command(['delete-completed-job', '-k8s-namespace=ns', 'boot'])]))).toEqual([
      'get batch jobs boot in namespace ns',
      'delete batch jobs boot in namespace ns',
    ]);
    expect(described(controlPlanePermissions([command(['delete-completed-job', '-k8s-namespace=ns'])]))[0]).toBe(
      'get batch jobs in namespace ns [the Job name is not given in the render]',
    );
    expect(described(controlPlanePermissions([command(['fetch-server-region', '-node-name=$(NODE_NAME)', '-output-file=/f'])]))).toEqual([
      'get nodes [-node-name is $(NODE_NAME), known only at run time]',
    ]);
  });

  it('a subcommand without facts, and an object without a pod, call nothing; one call is listed once per container', () => {
    expect(controlPlanePermissions([command(['version']), object('v1', 'ConfigMap', 'x')])).toEqual([]);
    const twice = command(['tls-init', '-name-prefix=c', '-name-prefix=c']);
    expect(controlPlanePermissions([twice]).length).toBe(5);
    expect(permissionKey(controlPlanePermissions([twice])[0]!)).toBe('|default||secrets|get|namespace|default|c-ca-cert');
  });
});
describe('control-plane-rbac', () => {
  it('every call allowed by a bound Role (names through resourceNames): nothing', () => {
    expect(found(controlPlaneRbac, tlsRole(TLS_RULES))).toEqual([]);
  });

  it('a call no bound rule allows: an error at serviceAccountName, with the rule to add to the bound Role', () => {
    const findings = found(controlPlaneRbac, tlsRole(TLS_RULES.slice(0, 2)));
    expect(findings).toEqual([
      {
        severity: 'error',
        at: 'Job/tls /spec/template/spec/serviceAccountName',
        message: expect.stringMatching(
          /^ServiceAccount tls may not update secrets c-server-cert in namespace ns, which tls-init \(Job\/tls c\) calls \(tools\/facts\/.*\): no Role or ClusterRole of the render bound to it allows it; add \{apiGroups: \[""\], resources: \[secrets\], verbs: \[update\], resourceNames: \[c-server-cert\]\} to Role tls$/,
        ),
      },
    ]);
  });

  it('no role bound at all: bind one; a cluster-wide call needs a ClusterRole through a ClusterRoleBinding, a RoleBinding does not do', () => {
    expect(found(controlPlaneRbac, [command(TLS, { account: 'tls', namespace: 'ns' })])[0]!.message).toMatch(
      /bind ServiceAccount tls to a Role \(RoleBinding\) with \{apiGroups/,
    );
    const sync = command(['sync-catalog', '-to-k8s=false'], { kind: 'Deployment', account: 'sync', namespace: 'ns' });
    const everything = { apiGroups: ['*'], resources: ['*'], verbs: ['*'] };
    const viaRoleBinding = found(controlPlaneRbac, [
      sync,
      role('ClusterRole', 'sync', [everything]),
      binding('RoleBinding', 'ClusterRole', 'sync', 'sync', 'ns'),
    ]);
    expect(viaRoleBinding.filter((finding) => finding.severity === 'error').length).toBe(10);
    expect(viaRoleBinding[0]!.message).toMatch(/bind ServiceAccount sync to a ClusterRole \(ClusterRoleBinding\) with/);
    expect(
      found(controlPlaneRbac, [
        sync,
        role('ClusterRole', 'sync', [everything]),
        binding('ClusterRoleBinding', 'ClusterRole', 'sync', 'sync', undefined, 'ns'),
      ]),
    ).toEqual([]);
    expect(
      found(controlPlaneRbac, [
        sync,
        role('ClusterRole', 'sync', [everything]),
        binding('ClusterRoleBinding', 'ClusterRole', 'sync', 'sync', undefined, 'other'),
      ]).length,
    ).toBe(10);
  });

  it('a RoleBinding in another namespace than the call, or of a Role of another namespace, allows nothing', () => {
    const [job, tls] = tlsRole(TLS_RULES);
    expect(found(controlPlaneRbac, [job!, tls!, binding('RoleBinding', 'Role', 'tls', 'tls', 'other', 'ns')]).length).toBe(5);
    expect(
      found(controlPlaneRbac, [job!, role('Role', 'tls', TLS_RULES, 'other'), binding('RoleBinding', 'Role', 'tls', 'tls', 'ns')]).length,
    ).toBe(5);
  });

  it('the rule to add for a cluster-wide call goes to the ClusterRole of a ClusterRoleBinding, not of a RoleBinding', () => {
    const sync = command(['sync-catalog', '-to-k8s=false'], { kind: 'Deployment', account: 'sync', namespace: 'ns' });
    const findings = found(controlPlaneRbac, [
      sync,
      role('ClusterRole', 'namespaced', [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }]),
      binding('RoleBinding', 'ClusterRole', 'namespaced', 'sync', 'ns'),
      role('ClusterRole', 'cluster', [{ apiGroups: [''], resources: ['configmaps'], verbs: ['list'] }]),
      binding('ClusterRoleBinding', 'ClusterRole', 'cluster', 'sync', undefined, 'ns'),
    ]).filter((finding) => finding.severity === 'error');
    expect(findings.length).toBeGreaterThan(0);
    for (const finding of findings) expect(finding.message).toMatch(/; add \{apiGroups: .*\} to ClusterRole cluster$/);
  });

  it('least privilege is judged per group, resource, verb and name of a rule, each reported once', () => {
    const findings = found(
      controlPlaneRbac,
      tlsRole([
        ...TLS_RULES,
        { apiGroups: ['', 'apps'], resources: ['secrets', 'configmaps'], verbs: ['get', 'get'], resourceNames: ['c-ca-cert', 'x', 'y'] },
      ]),
    );
    expect(findings.map((finding) => `${finding.severity} ${finding.at} ${finding.message}`)).toEqual(
      [
        'get secrets x',
        'get secrets y',
        'get configmaps c-ca-cert',
        'get configmaps x',
        'get configmaps y',
        'get apps secrets c-ca-cert',
        'get apps secrets x',
        'get apps secrets y',
        'get apps configmaps c-ca-cert',
        'get apps configmaps x',
        'get apps configmaps y',
      ].map(
        (what) =>
          `info Role/tls /rules/3 Role tls grants ServiceAccount tls ${what}, which none of its control-plane commands calls (tls-init): remove it (least privilege)`,
      ),
    );
  });

  it('the needs are grouped by account and namespace; an unused grant names every command of its account', () => {
    const perNamespace = (namespace: string) => [
      command(TLS, { account: 'tls', namespace, name: `tls-${namespace}` }),
      role('Role', 'tls', TLS_RULES, namespace),
      binding('RoleBinding', 'Role', 'tls', 'tls', namespace),
    ];
    expect(found(controlPlaneRbac, [...perNamespace('a'), ...perNamespace('b')])).toEqual([]);
    const other = [
      command(['gossip-encryption-autogenerate', '-namespace=ns', '-secret-name=gossip'], {
        account: 'other',
        namespace: 'ns',
        name: 'gossip',
      }),
      role('Role', 'other', [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'create'] }], 'ns'),
      binding('RoleBinding', 'Role', 'other', 'other', 'ns'),
    ];
    expect(found(controlPlaneRbac, [...tlsRole(TLS_RULES), ...other]).filter((finding) => finding.severity === 'error')).toEqual([]);
    const shared = [
      command(TLS, { account: 'tls', namespace: 'ns', name: 'tls' }),
      command(['gossip-encryption-autogenerate', '-namespace=ns', '-secret-name=gossip'], {
        account: 'tls',
        namespace: 'ns',
        name: 'gossip',
      }),
      role('Role', 'tls', [{ apiGroups: [''], resources: ['configmaps'], verbs: ['delete'] }], 'ns'),
      binding('RoleBinding', 'Role', 'tls', 'tls', 'ns'),
    ];
    expect(
      found(controlPlaneRbac, shared)
        .filter((finding) => finding.severity === 'info')
        .map((finding) => finding.message),
    ).toEqual([
      'Role tls grants ServiceAccount tls delete configmaps, which none of its control-plane commands calls (tls-init, gossip-encryption-autogenerate): remove it (least privilege)',
    ]);
  });

  it('a ClusterRoleBinding grants only a ClusterRole: one whose roleRef names a Role grants nothing', () => {
    const resources = [
      command(TLS, { account: 'tls', namespace: 'default', name: 'tls' }),
      role('Role', 'tls', TLS_RULES, 'default'),
      binding('ClusterRoleBinding', 'Role', 'tls', 'tls', undefined, 'default'),
    ];
    expect(found(controlPlaneRbac, resources).filter((finding) => finding.severity === 'error')).toHaveLength(5);
  });

  it('a bound rule no command calls is least-privilege advice: info at the role rule', () => {
    const findings = found(controlPlaneRbac, tlsRole([...TLS_RULES, { apiGroups: [''], resources: ['secrets'], verbs: ['list', 'get'] }]));
    expect(findings).toEqual([
      {
        severity: 'info',
        at: 'Role/tls /rules/3',
        message:
          'Role tls grants ServiceAccount tls list secrets, which none of its control-plane commands calls (tls-init): remove it (least privilege)',
      },
      {
        severity: 'info',
        at: 'Role/tls /rules/3',
        message:
          'Role tls grants ServiceAccount tls get secrets on every object, but its commands get only c-ca-cert, c-ca-key, c-server-cert: list them in resourceNames (least privilege)',
      },
    ]);
  });

  it("with a real authorizer's decisions, they decide: a denial names the authorizer and its reason; an allowed call raises nothing", () => {
    const resources = tlsRole(TLS_RULES.slice(0, 2));
    const needs = controlPlanePermissions(resources);
    const decisions = new Map(needs.map((need) => [permissionKey(need), { allowed: need.verb !== 'create' }]));
    decisions.set(permissionKey(needs[0]!), { allowed: false, reason: 'no RBAC policy matched' } as never);
    const findings = runPolicies(resources, tierSpec('development'), [controlPlaneRbac], {
      accessReview: { authorizer: 'kube-apiserver v1', decisions },
    });
    expect(findings.map((finding) => finding.message.replace(/ \(tools\/facts\/[^)]*\)/, ''))).toEqual([
      'ServiceAccount tls may not get secrets c-ca-cert in namespace ns, which tls-init (Job/tls c) calls: kube-apiserver v1 denies it (SubjectAccessReview: no RBAC policy matched); add {apiGroups: [""], resources: [secrets], verbs: [get], resourceNames: [c-ca-cert]} to Role tls',
      'ServiceAccount tls may not create secrets in namespace ns (asked without a name: a create request carries no name), which tls-init (Job/tls c) calls: kube-apiserver v1 denies it (SubjectAccessReview); add {apiGroups: [""], resources: [secrets], verbs: [create]} to Role tls',
    ]);
  });
});

describe('runPolicies with an access review', () => {
  it('on a render without Consul objects is no error (there is no Consul context to hand it to)', () => {
    const plain = object('v1', 'ConfigMap', 'plain');
    (plain.object.metadata as Body).labels = { app: 'web' };
    expect(isConsulObject(plain)).toBe(false);
    expect(
      runPolicies([plain], tierSpec('development'), [controlPlaneRbac], {
        accessReview: { authorizer: 'kube-apiserver v1', decisions: new Map() },
      }),
    ).toEqual([]);
  });
});

describeRuleFixtures('control-plane-rbac');
