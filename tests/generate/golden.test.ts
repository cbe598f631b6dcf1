/**
 * Golden render of the generated prod overlay, built by the real kustomize binary. When a change to
 * the spec or the generator is intended, regenerate the golden file and review its diff:
 *
 *   UPDATE_GOLDEN=1 npx vitest run tests/generate/golden.test.ts
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveKustomize } from '../../tools/src/render/kustomize-binary.js';
import { renderKustomization } from '../../tools/src/render/render.js';
import { REPO_ROOT } from '../helpers/repo.js';

const GOLDEN = join(REPO_ROOT, 'tests/fixtures/golden/prod.yaml');

describe('overlays/prod rendered by kustomize', () => {
  it('matches tests/fixtures/golden/prod.yaml', async () => {
    const kustomize = await resolveKustomize({ env: {} });
    const { yaml } = await renderKustomization(kustomize, join(REPO_ROOT, 'overlays/prod'));
    if (process.env.UPDATE_GOLDEN === '1') await writeFile(GOLDEN, yaml);
    const golden = await readFile(GOLDEN, 'utf8').catch(() => '(missing: run with UPDATE_GOLDEN=1)');
    expect(yaml).toBe(golden);
  });
});
