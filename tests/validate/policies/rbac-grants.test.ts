/** grantedVerbs: what the render's Roles and ClusterRoles grant one ServiceAccount through its bindings. */
import { describe, expect, it } from 'vitest';
import type { ParsedResource } from '../../../tools/src/parse/resource.js';
import { createContext } from '../../../tools/src/validate/policies/context.js';
import { grantedVerbs, grants } from '../../../tools/src/validate/policies/rbac-grants.js';
import { object, type Body } from './inline.js';

const RBAC = 'rbac.authorization.k8s.io/v1';
const role = (kind: string, name: string, rules: Body[]) => object(RBAC, kind, name, { rules });
const binding = (kind: string, roleKind: string, subjects: Body[]) =>
  object(RBAC, kind, 'b', { roleRef: { kind: roleKind, name: 'r' }, subjects });
const sa = (namespace?: string): Body => ({ kind: 'ServiceAccount', name: 'sync', ...(namespace === undefined ? {} : { namespace }) });
const services = { apiGroups: [''], resources: ['services'], verbs: ['get', 'list'] };
const verbsIn = (namespace: string | undefined, resources: ParsedResource[], group = '', resource = 'services') =>
  [...grantedVerbs(createContext(resources, []), 'sync', namespace, group, resource)].sort();
const verbs = (resources: ParsedResource[]) => verbsIn('consul', resources);

describe('grantedVerbs', () => {
  it('a RoleBinding grants its Role; a ClusterRoleBinding its ClusterRole', () => {
    expect(verbs([role('Role', 'r', [services]), binding('RoleBinding', 'Role', [sa()])])).toEqual(['get', 'list']);
    expect(
      verbs([
        role('ClusterRole', 'r', [services, { ...services, verbs: ['watch'] }]),
        binding('ClusterRoleBinding', 'ClusterRole', [sa('consul')]),
      ]),
    ).toEqual(['get', 'list', 'watch']);
  });

  it('a ClusterRoleBinding subject in another namespace grants nothing; without a namespace (or none asked) it matches', () => {
    const cluster = role('ClusterRole', 'r', [services]);
    expect(verbs([cluster, binding('ClusterRoleBinding', 'ClusterRole', [sa('other')])])).toEqual([]);
    expect(verbs([cluster, binding('ClusterRoleBinding', 'ClusterRole', [sa()])])).toEqual(['get', 'list']);
    expect(verbsIn(undefined, [cluster, binding('ClusterRoleBinding', 'ClusterRole', [sa('other')])])).toEqual(['get', 'list']);
    expect(verbs([role('Role', 'r', [services]), binding('RoleBinding', 'Role', [sa('other')])])).toEqual(['get', 'list']);
  });

  it('a binding with several subjects grants each of them', () => {
    expect(verbs([role('Role', 'r', [services]), binding('RoleBinding', 'Role', [{ kind: 'User', name: 'alice' }, sa()])])).toEqual([
      'get',
      'list',
    ]);
  });

  it('other subjects, a missing role, other kinds of objects, and rules limited to resourceNames grant nothing', () => {
    expect(
      verbs([
        role('Role', 'r', [services]),
        binding('RoleBinding', 'Role', [
          { kind: 'User', name: 'sync' },
          { kind: 'ServiceAccount', name: 'other' },
        ]),
      ]),
    ).toEqual([]);
    expect(verbs([role('Role', 'other', [services]), binding('RoleBinding', 'Role', [sa()])])).toEqual([]);
    expect(verbs([role('ClusterRole', 'r', [services]), binding('RoleBinding', 'Role', [sa()])])).toEqual([]);
    expect(
      verbs([
        role('Role', 'r', [services]),
        { ...binding('RoleBinding', 'Role', [sa()]), ref: { apiVersion: RBAC, kind: 'Binding', name: 'b' } },
      ]),
    ).toEqual([]);
    expect(verbs([role('Role', 'r', [{ ...services, resourceNames: ['consul-ui'] }]), binding('RoleBinding', 'Role', [sa()])])).toEqual([]);
  });

  it('the group and the resource must both match, or be *', () => {
    const bound = (rule: Body, group = '', resource = 'services') =>
      verbsIn('consul', [role('Role', 'r', [rule]), binding('RoleBinding', 'Role', [sa()])], group, resource);
    expect(bound(services, 'apps')).toEqual([]);
    expect(bound(services, '', 'endpoints')).toEqual([]);
    expect(bound({ ...services, apiGroups: ['*'] }, 'apps')).toEqual(['get', 'list']);
    expect(bound({ ...services, resources: ['*'] }, '', 'endpoints')).toEqual(['get', 'list']);
  });
});

describe('grants', () => {
  it('a verb is granted by name or by *', () => {
    expect(grants(new Set(['get']), 'get')).toBe(true);
    expect(grants(new Set(['*']), 'delete')).toBe(true);
    expect(grants(new Set(['get']), 'list')).toBe(false);
  });
});
