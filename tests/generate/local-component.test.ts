/** The local/ convention: a hand-written kustomize Component in overlays/<env>/local/ is included and never touched. */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { resolveKustomize } from '../../tools/src/render/kustomize-binary.js';
import { renderKustomization } from '../../tools/src/render/render.js';
import { repoCopy, type RepoCopy } from './repo-copy.js';

const COMPONENT = `apiVersion: kustomize.config.k8s.io/v1alpha1
kind: Component
patches:
  - path: team-annotation.yaml
`;
const PATCH = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: consul-server
  annotations:
    example.org/owner: platform-team
`;

let repo: RepoCopy;
beforeEach(async () => {
  repo = await repoCopy();
  await mkdir(join(repo.dir, 'overlays/prod/local'));
  await repo.write('overlays/prod/local/kustomization.yaml', COMPONENT);
  await repo.write('overlays/prod/local/team-annotation.yaml', PATCH);
});
afterEach(async () => {
  await repo.remove();
});

describe('overlays/<env>/local/', () => {
  it('survives generate, is included in the kustomization and the render, and keeps --check at 0', async () => {
    const before = await repo.run(['generate', '--check']);
    expect(before.code).toBe(1);
    expect(before.stdout).toContain('+++ b/overlays/prod/kustomization.yaml');
    expect(before.stdout).toMatch(/^\+components:\n\+ {2}- local$/m);

    const generated = await repo.run(['generate']);
    expect(generated.code, generated.stderr).toBe(0);
    expect(generated.stdout).toContain('  updated overlays/prod/kustomization.yaml');
    expect(generated.stdout).not.toContain('local/');
    expect(await repo.read('overlays/prod/local/kustomization.yaml')).toBe(COMPONENT);
    expect(await repo.read('overlays/prod/local/team-annotation.yaml')).toBe(PATCH);
    expect((await repo.run(['generate', '--check'])).code).toBe(0);

    const kustomize = await resolveKustomize({ env: {} });
    const { yaml } = await renderKustomization(kustomize, join(repo.dir, 'overlays/prod'));
    const server = parseAllDocuments(yaml)
      .map((document) => document.toJS() as { kind: string; metadata: { name: string; annotations?: Record<string, string> } })
      .find((object) => object.kind === 'StatefulSet' && object.metadata.name === 'consul-server');
    expect(server?.metadata.annotations?.['example.org/owner']).toBe('platform-team');

    const validated = await repo.run(['validate', 'overlays/prod']);
    expect(validated.code, validated.stdout).toBe(0);
  });

  it('a local/kustomization.yaml that is not a Component stops generate with exit 1, naming the file', async () => {
    await repo.write('overlays/prod/local/kustomization.yaml', COMPONENT.replace('kind: Component', 'kind: Kustomization'));
    const { code, stdout, stderr } = await repo.run(['generate']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'consul-gitops: overlays/prod/local/kustomization.yaml: must be a kustomize Component (apiVersion: kustomize.config.k8s.io/v1alpha1, kind: Component), found apiVersion kustomize.config.k8s.io/v1alpha1, kind Kustomization\n',
    );
  });

  it('a local Component sharing one anchor 120 times is read under the project limit, not an internal error (issue 23, attack 9)', async () => {
    const labels = Array.from({ length: 120 }, (_, index) => `    - { pairs: *team, includeSelectors: false, n${index}: 1 }`).join('\n');
    await repo.write('overlays/prod/local/kustomization.yaml', `${COMPONENT}x-team: &team { team: platform }\nx-labels:\n${labels}\n`);
    const { code, stdout, stderr } = await repo.run(['generate']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/updated overlays\/prod\/kustomization\.yaml/);
  });

  it('an alias before its anchor in a local Component is named as an undefined alias, exit 1', async () => {
    await repo.write('overlays/prod/local/kustomization.yaml', `${COMPONENT}x-a: *team\nx-b: &team x\n`);
    const { code, stderr } = await repo.run(['generate']);
    expect(code).toBe(1);
    expect(stderr).toBe(
      'consul-gitops: overlays/prod/local/kustomization.yaml: undefined alias *team: no anchor &team comes before it (YAML needs the anchor first; move it up, or write the value out)\n',
    );
  });
});
