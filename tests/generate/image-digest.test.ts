/**
 * An environment's image digest is pinned end to end: the spec's digest reaches the overlay's
 * kustomize `images`, the real render's containers, and dropping it from the overlay is drift.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDrift } from '../../tools/src/generate/drift.js';
import { generate } from '../../tools/src/generate/index.js';
import { parseRendered } from '../../tools/src/parse/documents.js';
import { resolveKustomize } from '../../tools/src/render/kustomize-binary.js';
import { renderKustomization } from '../../tools/src/render/render.js';
import { parseSpec } from '../../tools/src/environments/load.js';
import { REPO_ROOT } from '../helpers/repo.js';

const DIGEST = `sha256:${'4f'.repeat(32)}`;
const PINNED = `hashicorp/consul:1.22.7@${DIGEST}`;
let root: string;
let spec: ReturnType<typeof parseSpec>;

beforeAll(async () => {
  const text = await readFile(join(REPO_ROOT, 'environments.yaml'), 'utf8');
  const withDigest = text.replace(/( {2}prod:\n)/, `$1    images: { consul: "${PINNED}" }\n`);
  expect(withDigest).not.toBe(text);
  spec = parseSpec(withDigest);
  root = await mkdtemp(join(tmpdir(), 'consul-gitops-digest-'));
  await writeFile(join(root, 'environments.yaml'), withDigest);
  for (const [path, content] of generate(spec)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
}, 60_000);
afterAll(async () => rm(root, { recursive: true, force: true }));

describe('an image digest in the spec', () => {
  it("reaches the overlay's images and the rendered server and client containers", async () => {
    const kustomization = await readFile(join(root, 'overlays/prod/kustomization.yaml'), 'utf8');
    expect(kustomization).toContain(`digest: ${DIGEST}`);
    const { yaml } = await renderKustomization(await resolveKustomize({ env: {} }), join(root, 'overlays/prod'));
    const images = parseRendered({ yaml, file: 'prod' })
      .resources.filter((resource) => ['StatefulSet', 'DaemonSet'].includes(resource.ref.kind))
      .map(
        (resource) =>
          (resource.object as { spec: { template: { spec: { containers: { image: string }[] } } } }).spec.template.spec.containers[0]
            ?.image,
      );
    expect(images).toEqual([PINNED, PINNED]);
  });

  it('is drift once dropped from the overlay, at the overlay file', async () => {
    expect((await checkDrift(root, spec)).finding).toBeUndefined();
    const file = join(root, 'overlays/prod/kustomization.yaml');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace(new RegExp(`\\n\\s*digest: ${DIGEST}`), ''));
    const finding = (await checkDrift(root, spec)).finding;
    expect(finding?.severity).toBe('error');
    expect(finding?.message).toBe(
      '1 generated file(s) are not what environments.yaml generates: overlays/prod/kustomization.yaml (differs)',
    );
    await writeFile(file, text);
  });
});
