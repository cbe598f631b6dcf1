/**
 * The closed value sets the server enforces without an OpenAPI enum (server-enums.ts): roleRef and
 * subject kinds and groups, and a StatefulSet's claim retention policy. Each refused and corrected.
 */
import { describe, expect, it } from 'vitest';
import { bindingKindProblems, claimRetentionPolicy, storageClassReclaimPolicy } from '../../../tools/src/validate/schema/server-enums.js';
import { expectServerVerdict, statefulSet, type ServerCase } from './server-checks-helper.js';

const binding = (kind: string, roleRef: string, subjects: string): string =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata: {name: b${kind === 'RoleBinding' ? ', namespace: ns' : ''}}\nroleRef: {${roleRef}}\nsubjects: [${subjects}]\n`;
const ROLE = 'apiGroup: rbac.authorization.k8s.io, kind: Role, name: r';
const CLUSTER_ROLE = 'apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: r';
const SA = '{kind: ServiceAccount, name: s, namespace: ns}';
const retention = (policy: string): string =>
  statefulSet('containers: [{name: consul, image: consul}]', `persistentVolumeClaimRetentionPolicy: {${policy}}`);

const storageClass = (policy: string): string =>
  `apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: fast}\nprovisioner: ebs.csi.aws.com\n${policy}`;

const cases: ServerCase[] = [
  [
    'a roleRef kind that is not Role or ClusterRole',
    binding('RoleBinding', 'apiGroup: rbac.authorization.k8s.io, kind: role, name: r', SA),
    '/roleRef/kind',
    /roleRef\.kind: Unsupported value: "role": supported values: "Role", "ClusterRole"/,
    binding('RoleBinding', ROLE, SA),
  ],
  [
    'a ClusterRoleBinding to a Role',
    binding('ClusterRoleBinding', ROLE, SA),
    '/roleRef/kind',
    /Unsupported value: "Role": supported values: "ClusterRole"/,
    binding('ClusterRoleBinding', CLUSTER_ROLE, SA),
  ],
  [
    'a roleRef group that is not RBAC',
    binding('RoleBinding', 'apiGroup: rbac, kind: Role, name: r', SA),
    '/roleRef/apiGroup',
    /Unsupported value: "rbac": supported values: "rbac.authorization.k8s.io"/,
    binding('RoleBinding', ROLE, SA),
  ],
  [
    'a subject kind in lower case',
    binding('RoleBinding', ROLE, '{kind: serviceaccount, name: s}'),
    '/subjects/0/kind',
    /subjects\[0\]\.kind: Unsupported value: "serviceaccount": supported values: "ServiceAccount", "User", "Group"/,
    binding('RoleBinding', ROLE, '{kind: ServiceAccount, name: s}'),
  ],
  [
    'a ServiceAccount subject with an API group',
    binding('RoleBinding', ROLE, '{kind: ServiceAccount, name: s, apiGroup: v1}'),
    '/subjects/0/apiGroup',
    /Unsupported value: "v1": supported values: ""/,
    binding('RoleBinding', ROLE, '{kind: ServiceAccount, name: s, apiGroup: ""}'),
  ],
  [
    'a ServiceAccount subject of a ClusterRoleBinding without a namespace',
    binding('ClusterRoleBinding', CLUSTER_ROLE, '{kind: ServiceAccount, name: s}'),
    '/subjects/0/namespace',
    /Required value$/,
    binding('ClusterRoleBinding', CLUSTER_ROLE, SA),
  ],
  [
    'a Group subject of another API group',
    binding('ClusterRoleBinding', CLUSTER_ROLE, '{kind: Group, name: g, apiGroup: example.com}'),
    '/subjects/0/apiGroup',
    /Unsupported value: "example.com"/,
    binding('ClusterRoleBinding', CLUSTER_ROLE, '{kind: Group, name: g}'),
  ],
  [
    'a User subject of another API group',
    binding('RoleBinding', ROLE, '{kind: User, name: u, apiGroup: v1}'),
    '/subjects/0/apiGroup',
    /Unsupported value: "v1"/,
    binding('RoleBinding', ROLE, '{kind: User, name: u, apiGroup: rbac.authorization.k8s.io}'),
  ],
  [
    'a retention policy of Keep',
    retention('whenDeleted: Keep'),
    '/spec/persistentVolumeClaimRetentionPolicy/whenDeleted',
    /Unsupported value: "Keep": supported values: "Retain", "Delete"/,
    retention('whenDeleted: Delete'),
  ],
  [
    'a whenScaled of retain',
    retention('whenScaled: retain'),
    '/spec/persistentVolumeClaimRetentionPolicy/whenScaled',
    /Unsupported value: "retain"/,
    retention('whenScaled: Retain'),
  ],
  [
    'a StorageClass reclaimPolicy of Recycle',
    storageClass('reclaimPolicy: Recycle\n'),
    '/reclaimPolicy',
    /^reclaimPolicy: Unsupported value: "Recycle": supported values: "Delete", "Retain"/,
    storageClass('reclaimPolicy: Retain\n'),
  ],
];

describe('value sets the server checks in code', () => {
  it.each(cases)('%s: refused as the server does, and the corrected object passes', async (...serverCase) => {
    await expect(expectServerVerdict(serverCase)).resolves.toBeUndefined();
  });
});

describe('the closed value sets on their own', () => {
  const context = { scalarAt: () => undefined };
  const shown = (problems: { pointer: string; message: string }[]) => problems.map((problem) => `${problem.pointer}: ${problem.message}`);
  const CRB = 'rbac.authorization.k8s.io/v1/ClusterRoleBinding';
  const RB = 'rbac.authorization.k8s.io/v1/RoleBinding';

  it('a claim retention policy: empty and non-string values are not checked, Retain and Delete pass', () => {
    expect(claimRetentionPolicy({ whenDeleted: '', whenScaled: 5 }, '/x', context)).toEqual([]);
    expect(claimRetentionPolicy({ whenDeleted: 'Retain', whenScaled: 'Delete' }, '/x', context)).toEqual([]);
    expect(shown(claimRetentionPolicy({ whenDeleted: 'Keep' }, '/x', context))).toEqual([
      '/x/whenDeleted: Unsupported value: "Keep": supported values: "Retain", "Delete"',
    ]);
  });

  it('a StorageClass reclaim policy: empty, absent and non-string values are not checked', () => {
    for (const reclaimPolicy of ['', 5, undefined, 'Delete', 'Retain'])
      expect(storageClassReclaimPolicy({ reclaimPolicy }, '/x', context)).toEqual([]);
    expect(shown(storageClassReclaimPolicy({ reclaimPolicy: 'Recycle' }, '/x', context))).toEqual([
      '/x/reclaimPolicy: Unsupported value: "Recycle": supported values: "Delete", "Retain"',
    ]);
  });

  it('a binding: roleRef and subjects; a ServiceAccount of a ClusterRoleBinding needs its namespace', () => {
    const subjects = [
      { kind: 'ServiceAccount', name: 'a' },
      { kind: 'ServiceAccount', name: 'b', namespace: '' },
      { kind: 'ServiceAccount', name: 'c', namespace: 'ns' },
      { kind: 'User', name: 'u', apiGroup: 'example.com' },
      { kind: 5 },
      { kind: 'Bot' },
      'x',
      null,
    ];
    expect(shown(bindingKindProblems({ roleRef: { apiGroup: 5, kind: 7 }, subjects }, CRB))).toEqual([
      '/subjects/0/namespace: Required value',
      '/subjects/1/namespace: Required value',
      '/subjects/3/apiGroup: Unsupported value: "example.com": supported values: "rbac.authorization.k8s.io"',
      '/subjects/5/kind: Unsupported value: "Bot": supported values: "ServiceAccount", "User", "Group"',
    ]);
    expect(shown(bindingKindProblems({ subjects: subjects.slice(0, 2) }, RB))).toEqual([]);
    expect(bindingKindProblems({ roleRef: { apiGroup: 'x', kind: 'y' }, subjects }, 'v1/ConfigMap')).toEqual([]);
    expect(bindingKindProblems({ subjects: { kind: 'Bot' } }, RB)).toEqual([]);
  });
});
