/** Consul impact of a change, on renders of the committed prod overlay edited in memory. */
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { assessEnvironment, serverSummary } from '../../tools/src/diff/consul-impact.js';
import { parseRendered } from '../../tools/src/parse/documents.js';
import type { ParsedResource } from '../../tools/src/parse/resource.js';
import { renderKustomization } from '../../tools/src/render/render.js';
import { resolveKustomize } from '../../tools/src/render/kustomize-binary.js';
import { REPO_ROOT } from '../helpers/repo.js';

let prodYaml: string;
beforeAll(async () => {
  prodYaml = (await renderKustomization(await resolveKustomize({ env: {} as NodeJS.ProcessEnv }), `${REPO_ROOT}/overlays/prod`)).yaml;
});

/** A fresh parse of the prod render, edited by `edit` (objects are plain JSON). */
function prod(edit: (find: (kind: string, name: string) => Record<string, any>) => void = () => {}): ParsedResource[] {
  const parsed = parseRendered({ yaml: prodYaml, file: 'overlays/prod (rendered)' }).resources;
  edit((kind, name) => {
    const found = parsed.find((resource) => resource.ref.kind === kind && resource.ref.name === name);
    if (!found) throw new Error(`${kind}/${name} not in the render`);
    return found.object as Record<string, any>;
  });
  return parseRendered({ yaml: parsed.map((resource) => stringify(resource.object)).join('---\n'), file: 'overlays/prod (rendered)' }).resources;
}

const assess = (head: ParsedResource[]) => assessEnvironment({ path: 'overlays/prod', environment: 'prod', base: prod(), head });
const rules = (head: ParsedResource[]) => assess(head).findings.map((finding) => `${finding.severity} ${finding.rule}${finding.suppressed ? ' (suppressed)' : ''}`);
const setImage = (image: string) => (find: (kind: string, name: string) => Record<string, any>) => {
  find('StatefulSet', 'consul-server').spec.template.spec.containers[0].image = image;
};

describe('assessEnvironment', () => {
  it('finds nothing and no resource change for an identical render', () => {
    const impact = assess(prod());
    expect(impact).toMatchObject({ status: 'unchanged', resources: [], findings: [] });
  });

  it('summarises a server count change with quorum and tolerated failures', () => {
    const impact = assess(prod((find) => void (find('StatefulSet', 'consul-server').spec.replicas = 7)));
    expect(serverSummary(impact.before, impact.after)[0]).toBe('servers: 5 (quorum 3, tolerates 2 failures) -> 7 (quorum 4, tolerates 3 failures)');
    expect(impact.findings).toEqual([]);
  });

  it.each([
    { behaviour: 'a storage class change is an error', edit: (find: any) => void (find('StatefulSet', 'consul-server').spec.volumeClaimTemplates[0].spec.storageClassName = 'fast-ssd'), expected: ['error storage-class-change'] },
    { behaviour: 'a claim size change is an error of the same rule', edit: (find: any) => void (find('StatefulSet', 'consul-server').spec.volumeClaimTemplates[0].spec.resources.requests.storage = '100Gi'), expected: ['error storage-class-change'] },
    { behaviour: 'one minor version up is fine', edit: setImage('hashicorp/consul:1.23.0'), expected: [] },
    { behaviour: 'two minor versions up is a jump', edit: setImage('hashicorp/consul:1.24.1'), expected: ['error consul-version-jump'] },
    { behaviour: 'a major version change is a jump', edit: setImage('hashicorp/consul:2.0.0'), expected: ['error consul-version-jump'] },
    { behaviour: 'a downgrade is a warning', edit: setImage('hashicorp/consul:1.21.3'), expected: ['warning consul-version-jump'] },
    {
      behaviour: 'switching ACLs off is a security downgrade',
      edit: (find: any) => void delete find('ConfigMap', 'consul-server-config').data['30-acl.json'],
      expected: ['error security-downgrade'],
    },
    {
      behaviour: 'a storage change accepted on the StatefulSet with a reason is suppressed',
      edit: (find: any) => {
        const statefulSet = find('StatefulSet', 'consul-server');
        statefulSet.spec.volumeClaimTemplates[0].spec.storageClassName = 'fast-ssd';
        statefulSet.metadata.annotations = { ...statefulSet.metadata.annotations, 'consul-gitops/ignore': 'storage-class-change', 'consul-gitops/ignore-reason': 'migrated by runbook 42' };
      },
      expected: ['error storage-class-change (suppressed)'],
    },
  ])('$behaviour', ({ edit, expected }) => expect(rules(prod(edit))).toEqual(expected));

  it('shows a new environment as added with every resource added', () => {
    const impact = assessEnvironment({ path: 'overlays/prod', environment: 'prod', head: prod() });
    expect(impact.status).toBe('added');
    expect(new Set(impact.resources.map((diff) => diff.status))).toEqual(new Set(['added']));
    expect(serverSummary(impact.before, impact.after)[0]).toBe('servers: (none) -> 5 (quorum 3, tolerates 2 failures)');
  });
});
