/** findLocalComponents on temporary folders: which overlays have a local/ Component, and what is wrong with one that is not. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findLocalComponents, LocalComponentError } from '../../tools/src/generate/local-components.js';

let root: string;
const put = async (environment: string, text: string) => {
  const file = join(root, 'overlays', environment, 'local/kustomization.yaml');
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
};
const COMPONENT = 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n';
const failure = (environments: string[]) =>
  findLocalComponents(root, environments).then(
    () => undefined,
    (error: unknown) => error,
  );

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'consul-gitops-local-'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe('findLocalComponents', () => {
  it('names the environments whose overlay has a local/ kustomize Component, among those asked about', async () => {
    await put('prod', COMPONENT);
    await put('other', COMPONENT);
    await mkdir(join(root, 'overlays/dev'), { recursive: true });
    expect(await findLocalComponents(root, ['dev', 'prod', 'staging'])).toEqual(new Set(['prod']));
    expect(await findLocalComponents(root, [])).toEqual(new Set());
  });

  it.each([
    [
      'a Kustomization',
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n',
      'apiVersion kustomize.config.k8s.io/v1beta1, kind Kustomization',
    ],
    [
      'a Component of another apiVersion',
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Component\n',
      'apiVersion kustomize.config.k8s.io/v1beta1, kind Component',
    ],
    [
      'the right apiVersion without a kind',
      'apiVersion: kustomize.config.k8s.io/v1alpha1\n',
      'apiVersion kustomize.config.k8s.io/v1alpha1, kind undefined',
    ],
    ['an empty file', '', 'apiVersion undefined, kind undefined'],
    ['a list', '- kind: Component\n', 'apiVersion undefined, kind undefined'],
  ])('%s is an error naming the file, what it must be and what it found', async (_case, text, found) => {
    await put('qa', text);
    const error = await failure(['qa']);
    expect(error).toBeInstanceOf(LocalComponentError);
    expect((error as Error).message).toBe(
      `overlays/qa/local/kustomization.yaml: must be a kustomize Component (apiVersion: kustomize.config.k8s.io/v1alpha1, kind: Component), found ${found}`,
    );
  });

  it("invalid YAML is reported with yaml's first message line and its position", async () => {
    await put('qa', 'kind: Component\nkind: again\n');
    const error = (await failure(['qa'])) as Error;
    expect(error.message).toMatch(
      /^overlays\/qa\/local\/kustomization\.yaml: must be a kustomize Component \(apiVersion: kustomize\.config\.k8s\.io\/v1alpha1, kind: Component\), found invalid YAML \(Map keys must be unique at line 2, column 1\)$/,
    );
  });

  it('a document past the alias limit is reported with the limit message', async () => {
    const laughs = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level <= 6; level++)
      laughs.push(
        `${'abcdefg'[level]}: &${'abcdefg'[level]} [${Array(10)
          .fill(`*${'abcdefg'[level - 1]}`)
          .join(', ')}]`,
      );
    await put('qa', `${laughs.join('\n')}\n`);
    const error = (await failure(['qa'])) as Error;
    expect(error).toBeInstanceOf(LocalComponentError);
    expect(error.message).toMatch(/^overlays\/qa\/local\/kustomization\.yaml: \S/);
    expect(error.message).not.toContain('must be a kustomize Component');
  });

  it('reports every wrong environment: the first as the message, the others below it', async () => {
    await put('a', 'kind: Kustomization\n');
    await put('b', COMPONENT);
    await put('c', 'kind: Deployment\n');
    await put('d', 'kind: Service\n');
    const error = (await failure(['a', 'b', 'c', 'd'])) as LocalComponentError;
    expect(error.shortMessage).toBe(
      'overlays/a/local/kustomization.yaml: must be a kustomize Component (apiVersion: kustomize.config.k8s.io/v1alpha1, kind: Component), found apiVersion undefined, kind Kustomization',
    );
    expect(error.message.split('\n').map((line) => line.split(':')[0])).toEqual([
      'overlays/a/local/kustomization.yaml',
      'overlays/c/local/kustomization.yaml',
      'overlays/d/local/kustomization.yaml',
    ]);
    await rm(join(root, 'overlays/c'), { recursive: true });
    await rm(join(root, 'overlays/d'), { recursive: true });
    expect(((await failure(['a', 'b'])) as Error).message).not.toContain('\n');
  });
});
