/** checkDrift on a generated tree in a temporary folder: which files drifted, and which overlays are exactly as generated. */
import { mkdir, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkDrift } from '../../tools/src/generate/drift.js';
import { generate } from '../../tools/src/generate/index.js';
import { GENERATED_BANNER } from '../../tools/src/generate/serialize.js';
import { SAME_AS_BASE, specOf } from './spec-fixture.js';

const spec = specOf({
  alpha: { ...SAME_AS_BASE, namespace: 'consul-alpha', datacenter: 'dc-alpha' },
  beta: { ...SAME_AS_BASE, namespace: 'consul-beta', datacenter: 'dc-beta', servers: 5 },
});
const tree = generate(spec);
let root: string;
const put = async (path: string, text: string) => {
  await mkdir(dirname(join(root, path)), { recursive: true });
  await writeFile(join(root, path), text);
};
const HINT = 'run `npx consul-gitops generate` and commit the result (`consul-gitops generate --check` shows the diff)';

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'consul-gitops-drift-'));
  for (const [path, text] of tree) await put(path, text);
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe('checkDrift', () => {
  it('a tree exactly as generated: no finding, every environment generated', async () => {
    expect(await checkDrift(root, spec)).toEqual({ generated: new Set(['alpha', 'beta']) });
  });

  it('names each drifted file with what is wrong, and leaves the drifted overlay out of the generated ones', async () => {
    await put('overlays/alpha/kustomization.yaml', 'edited: true\n');
    await unlink(join(root, 'argocd/applications/beta.yaml'));
    await put('overlays/beta/stale.yaml', `${GENERATED_BANNER('environments.yaml')}\nx: 1\n`);
    expect(await checkDrift(root, spec)).toEqual({
      finding: {
        rule: 'generate-drift',
        severity: 'error',
        message:
          '3 generated file(s) are not what environments.yaml generates: argocd/applications/beta.yaml (missing), overlays/alpha/kustomization.yaml (differs), overlays/beta/stale.yaml (no longer generated)',
        hint: HINT,
        location: { file: 'environments.yaml' },
      },
      generated: new Set(),
    });
  });

  it('shows six files and counts the rest', async () => {
    const paths = [...tree.keys()].filter((path) => path.startsWith('base/')).slice(0, 8);
    for (const path of paths) await put(path, 'edited\n');
    const { finding, generated } = await checkDrift(root, spec);
    expect(finding?.message).toBe(
      `8 generated file(s) are not what environments.yaml generates: ${paths
        .slice(0, 6)
        .map((path) => `${path} (differs)`)
        .join(', ')}, and 2 more`,
    );
    // base/ drifted: no overlay renders as generated
    expect(generated).toEqual(new Set());
  });

  it('exactly six files are all shown', async () => {
    const paths = [...tree.keys()].filter((path) => path.startsWith('base/')).slice(0, 6);
    for (const path of paths) await put(path, 'edited\n');
    expect((await checkDrift(root, spec)).finding?.message).not.toContain('more');
  });

  it('checking some areas: only their files count, and only their environments are generated', async () => {
    await put('overlays/alpha/kustomization.yaml', 'edited: true\n');
    expect(await checkDrift(root, spec, ['overlays/beta'])).toEqual({ generated: new Set(['beta']) });
    const alpha = await checkDrift(root, spec, ['overlays/alpha']);
    expect(alpha.finding?.message).toBe(
      '1 generated file(s) are not what environments.yaml generates: overlays/alpha/kustomization.yaml (differs)',
    );
    expect(alpha.generated).toEqual(new Set());
    // argocd/ lists every environment: all of them are generated and compared, but only argocd/'s files count
    expect(await checkDrift(root, spec, ['argocd'])).toEqual({ generated: new Set(['beta']) });
  });

  it('checking two areas: the files of either count', async () => {
    await put('overlays/alpha/kustomization.yaml', 'edited: true\n');
    const both = await checkDrift(root, spec, ['overlays/beta', 'overlays/alpha']);
    expect(both.finding?.message).toBe(
      '1 generated file(s) are not what environments.yaml generates: overlays/alpha/kustomization.yaml (differs)',
    );
    expect(both.generated).toEqual(new Set(['beta']));
  });

  it('an area may be a single file', async () => {
    await put('environments.schema.json', '{}\n');
    expect((await checkDrift(root, spec, ['environments.schema.json'])).finding?.message).toBe(
      '1 generated file(s) are not what environments.yaml generates: environments.schema.json (differs)',
    );
    expect(await checkDrift(root, spec, ['overlays/alpha'])).toEqual({ generated: new Set(['alpha']) });
  });

  it('an overlay with a local/ Component is not as generated; a wrong one is the finding that generate cannot run', async () => {
    await put('overlays/alpha/local/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n');
    const withLocal = await checkDrift(root, spec);
    expect(withLocal.generated).toEqual(new Set(['beta']));
    expect(withLocal.finding?.message).toBe(
      '1 generated file(s) are not what environments.yaml generates: overlays/alpha/kustomization.yaml (differs)',
    );
    await put('overlays/alpha/local/kustomization.yaml', 'kind: Kustomization\n');
    expect(await checkDrift(root, spec)).toEqual({
      finding: {
        rule: 'generate-drift',
        severity: 'error',
        message:
          'generate cannot run: overlays/alpha/local/kustomization.yaml: must be a kustomize Component (apiVersion: kustomize.config.k8s.io/v1alpha1, kind: Component), found apiVersion undefined, kind Kustomization',
        location: { file: 'environments.yaml' },
      },
      generated: new Set(),
    });
  });

  it('an error other than a wrong local/ Component is thrown', async () => {
    await rm(join(root, 'base/kustomization.yaml'));
    await mkdir(join(root, 'base/kustomization.yaml'));
    await expect(checkDrift(root, spec)).rejects.toThrow(
      'base/kustomization.yaml: is a directory, but generate writes a file there: move it away',
    );
  });
});
