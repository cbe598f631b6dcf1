/** boundRules and ruleAllows: the render's RBAC as Kubernetes' RBAC authorizer evaluates it, one case per branch. */
import { describe, expect, it } from 'vitest';
import type { ParsedResource } from '../../../tools/src/parse/resource.js';
import { createContext } from '../../../tools/src/validate/policies/context.js';
import { pinnedFacts } from '../../../tools/src/facts/pinned.js';
import type { ApiPermission } from '../../../tools/src/validate/policies/control-plane-permissions.js';
import { boundRules, ruleAllows } from '../../../tools/src/validate/policies/rbac-grants.js';
import { object, type Body } from '../../helpers/inline-rules.js';

const RBAC = 'rbac.authorization.k8s.io/v1';
const namespaced = (resource: ParsedResource, namespace?: string): ParsedResource =>
  namespace === undefined
    ? resource
    : {
        ...resource,
        ref: { ...resource.ref, namespace },
        object: { ...resource.object, metadata: { ...(resource.object.metadata as Body), namespace } },
      };
const role = (kind: string, name: string, rules: Body[], namespace?: string) => namespaced(object(RBAC, kind, name, { rules }), namespace);
const binding = (kind: string, roleKind: string, subjects: Body[], namespace?: string) =>
  namespaced(object(RBAC, kind, 'b', { roleRef: { kind: roleKind, name: 'r' }, subjects }), namespace);
const sa = (namespace?: string): Body => ({ kind: 'ServiceAccount', name: 'sync', ...(namespace === undefined ? {} : { namespace }) });
const services = { apiGroups: [''], resources: ['services'], verbs: ['get', 'list'] };
const get = (extra: Partial<ApiPermission> = {}): ApiPermission => ({
  group: '',
  resource: 'services',
  verb: 'get',
  scope: 'namespace',
  namespace: 'consul',
  ...extra,
});

/** Whether the render lets ServiceAccount consul/sync make the call. */
const allows = (resources: ParsedResource[], permission: ApiPermission = get(), namespace = 'consul') =>
  boundRules(createContext(resources, [], pinnedFacts()), { account: 'sync', namespace }).some((rule) => ruleAllows(rule, permission));

describe('boundRules and ruleAllows', () => {
  it('a RoleBinding grants its Role in its namespace; a ClusterRoleBinding its ClusterRole everywhere, cluster scope included', () => {
    expect(allows([role('Role', 'r', [services], 'consul'), binding('RoleBinding', 'Role', [sa()], 'consul')])).toBe(true);
    expect(
      allows([role('Role', 'r', [services], 'consul'), binding('RoleBinding', 'Role', [sa()], 'consul')], get({ namespace: 'other' })),
    ).toBe(false);
    expect(
      allows([role('Role', 'r', [services], 'consul'), binding('RoleBinding', 'Role', [sa()], 'consul')], get({ scope: 'cluster' })),
    ).toBe(false);
    const cluster = [role('ClusterRole', 'r', [services]), binding('ClusterRoleBinding', 'ClusterRole', [sa('consul')])];
    expect(allows(cluster, get({ namespace: 'other' }))).toBe(true);
    expect(allows(cluster, get({ scope: 'cluster', verb: 'list' }))).toBe(true);
  });

  it('a RoleBinding of a ClusterRole grants it in the binding namespace only; a ClusterRoleBinding of a Role grants nothing', () => {
    expect(allows([role('ClusterRole', 'r', [services]), binding('RoleBinding', 'ClusterRole', [sa()], 'consul')])).toBe(true);
    expect(
      allows([role('ClusterRole', 'r', [services]), binding('RoleBinding', 'ClusterRole', [sa()], 'consul')], get({ scope: 'cluster' })),
    ).toBe(false);
    expect(allows([role('Role', 'r', [services], 'consul'), binding('ClusterRoleBinding', 'Role', [sa('consul')])])).toBe(false);
  });

  it('subjects: a ServiceAccount of another namespace is not bound; one without a namespace is in the RoleBinding namespace; other kinds and names are not', () => {
    const roleIn = role('Role', 'r', [services], 'consul');
    expect(allows([roleIn, binding('RoleBinding', 'Role', [sa('other')], 'consul')])).toBe(false);
    expect(allows([role('ClusterRole', 'r', [services]), binding('ClusterRoleBinding', 'ClusterRole', [sa()])])).toBe(false);
    expect(
      allows([
        roleIn,
        binding(
          'RoleBinding',
          'Role',
          [
            { kind: 'User', name: 'sync' },
            { kind: 'ServiceAccount', name: 'other' },
          ],
          'consul',
        ),
      ]),
    ).toBe(false);
    expect(allows([roleIn, binding('RoleBinding', 'Role', [{ kind: 'User', name: 'alice' }, sa()], 'consul')])).toBe(true);
  });

  it('objects without a namespace are in default, as applied', () => {
    expect(allows([role('Role', 'r', [services]), binding('RoleBinding', 'Role', [sa()])], get({ namespace: 'default' }), 'default')).toBe(
      true,
    );
    const permission: ApiPermission = { group: '', resource: 'services', verb: 'get', scope: 'namespace' };
    const rules = boundRules(
      createContext([role('Role', 'r', [services]), binding('RoleBinding', 'Role', [sa('default')])], [], pinnedFacts()),
      {
        account: 'sync',
      },
    );
    expect(rules.some((rule) => ruleAllows(rule, permission))).toBe(true);
  });

  it('a missing role, a role of another namespace, and other kinds of objects grant nothing', () => {
    expect(allows([role('Role', 'other', [services], 'consul'), binding('RoleBinding', 'Role', [sa()], 'consul')])).toBe(false);
    expect(allows([role('Role', 'r', [services], 'elsewhere'), binding('RoleBinding', 'Role', [sa()], 'consul')])).toBe(false);
    expect(
      allows([
        role('Role', 'r', [services], 'consul'),
        { ...binding('RoleBinding', 'Role', [sa()], 'consul'), ref: { apiVersion: RBAC, kind: 'Binding', name: 'b', namespace: 'consul' } },
      ]),
    ).toBe(false);
  });

  it('group, resource and verb must each match or be *; resourceNames allow only requests that name one of them', () => {
    const bound = (rule: Body, permission: ApiPermission) =>
      allows([role('Role', 'r', [rule], 'consul'), binding('RoleBinding', 'Role', [sa()], 'consul')], permission);
    expect(bound(services, get({ group: 'apps' }))).toBe(false);
    expect(bound(services, get({ resource: 'endpoints' }))).toBe(false);
    expect(bound(services, get({ verb: 'watch' }))).toBe(false);
    expect(bound({ ...services, apiGroups: ['*'] }, get({ group: 'apps' }))).toBe(true);
    expect(bound({ ...services, resources: ['*'] }, get({ resource: 'endpoints' }))).toBe(true);
    expect(bound({ ...services, verbs: ['*'] }, get({ verb: 'delete' }))).toBe(true);
    expect(bound({ ...services, resourceNames: ['ui'] }, get({ name: 'ui' }))).toBe(true);
    expect(bound({ ...services, resourceNames: ['ui'] }, get({ name: 'dns' }))).toBe(false);
    expect(bound({ ...services, resourceNames: ['ui'] }, get())).toBe(false);
  });
});
