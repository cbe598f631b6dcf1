/** The committed schema data is exactly what the build script makes from the pinned Kubernetes module and npm packages. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { SCHEMA_FILE, type SchemaData } from '../../../tools/src/validate/schema/catalog.js';
import { REPO_ROOT } from '../../helpers/repo.js';

const committed = readFileSync(SCHEMA_FILE, 'utf8');
const data = JSON.parse(committed) as SchemaData;
const require = createRequire(resolve(REPO_ROOT, 'package.json'));
const installedVersion = (name: string): string => (require(`${name}/package.json`) as { version: string }).version;

describe('tools/schemas/kubernetes.json', () => {
  it('is byte for byte what `node tools/scripts/build-schemas.mjs --print` produces (run `npm run schemas` after a package update)', async () => {
    const { stdout } = await execa('node', ['tools/scripts/build-schemas.mjs', '--print'], {
      cwd: REPO_ROOT,
      stripFinalNewline: false,
      timeout: 120_000,
    });
    expect(
      stdout === committed,
      'tools/schemas/kubernetes.json differs from the build script output: run `npm run schemas` and commit the result',
    ).toBe(true);
  }, 120_000);

  it('names the Kubernetes minor, the k8s.io/kubernetes module and the installed Argo CD models it came from', () => {
    expect(data.kubernetesVersion).toBe('1.36');
    expect(data.sources['k8s.io/kubernetes']).toBe('v1.36.3');
    expect(data.sources['@kubernetes-models/argo-cd']).toBe(installedVersion('@kubernetes-models/argo-cd'));
  });

  it('carries the enums the API server serves (the committed OpenAPI documents lack them), on properties and list items', () => {
    expect(data.types['core.v1.Container']!.properties.imagePullPolicy).toBe('enum:Always|IfNotPresent|Never');
    expect(data.types['core.v1.ServiceSpec']!.properties.type).toBe('enum:ClusterIP|ExternalName|LoadBalancer|NodePort');
    expect(data.types['core.v1.PersistentVolumeClaimSpec']!.properties.accessModes).toBe(
      '[]enum:ReadOnlyMany|ReadWriteMany|ReadWriteOnce|ReadWriteOncePod',
    );
  });

  it('carries the list-map keys, with the default of a key field that has one', () => {
    expect(data.types['core.v1.PodSpec']!.listMapKeys?.containers).toEqual(['name']);
    expect(data.types['core.v1.Container']!.listMapKeys?.ports).toEqual(['containerPort', 'protocol=TCP']);
    expect(data.types['core.v1.Container']!.listMapKeys?.volumeMounts).toEqual(['mountPath']);
  });

  it('covers every kind the base uses and the Argo CD kinds', () => {
    for (const key of [
      'apps/v1/StatefulSet',
      'apps/v1/DaemonSet',
      'apps/v1/Deployment',
      'v1/Service',
      'v1/ConfigMap',
      'v1/ServiceAccount',
      'policy/v1/PodDisruptionBudget',
      'rbac.authorization.k8s.io/v1/ClusterRole',
      'rbac.authorization.k8s.io/v1/ClusterRoleBinding',
      'rbac.authorization.k8s.io/v1/Role',
      'rbac.authorization.k8s.io/v1/RoleBinding',
      'argoproj.io/v1alpha1/Application',
      'argoproj.io/v1alpha1/ApplicationSet',
      'argoproj.io/v1alpha1/AppProject',
    ]) {
      const type = data.kinds[key];
      expect(type, key).toBeDefined();
      expect(data.types[type!], key).toBeDefined();
    }
  });

  it('refers only to types it defines', () => {
    const missing = new Set<string>();
    for (const type of Object.values(data.types)) {
      for (const expression of Object.values(type.properties)) {
        const name = /^(?:\[\]|\{\})*ref:(.+)$/.exec(expression)?.[1];
        if (name && !data.types[name]) missing.add(name);
      }
    }
    expect([...missing]).toEqual([]);
  });
});
