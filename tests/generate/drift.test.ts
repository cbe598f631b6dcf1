/** The committed tree is exactly what the spec generates: `npm test` fails on drift, as `generate --check` does. */
import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../tools/src/generate/diff.js';
import { generate } from '../../tools/src/generate/index.js';
import { findLocalComponents } from '../../tools/src/generate/local-components.js';
import { planTree } from '../../tools/src/generate/tree.js';
import { loadSpec } from '../../tools/src/environments/load.js';
import { REPO_ROOT, repoSpec } from '../helpers/repo.js';

describe('the generated tree', () => {
  it('is byte-identical when generated twice (from two loads of the spec)', async () => {
    const first = generate(await repoSpec());
    const second = generate(await loadSpec(`${REPO_ROOT}/environments.yaml`));
    expect([...second.keys()]).toEqual([...first.keys()]);
    for (const [path, text] of first) expect(second.get(path), path).toBe(text);
  });

  it('equals the committed base/, overlays/, argocd/ and environments.schema.json (run `npx consul-gitops generate` when this fails)', async () => {
    const spec = await repoSpec();
    const localComponents = await findLocalComponents(
      REPO_ROOT,
      spec.environments.map((env) => env.name),
    );
    const changes = await planTree(REPO_ROOT, generate(spec, { localComponents }));
    const diff = changes.map((change) => unifiedDiff(change.path, change.before, change.after)).join('');
    expect(diff).toBe('');
  });
});
