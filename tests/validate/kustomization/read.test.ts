/** readKustomizationTree: which kustomization files an overlay's local references reach, on a scratch repository. */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readKustomizationTree } from '../../../tools/src/validate/kustomization/read.js';

const scratch = realpathSync(mkdtempSync(join(tmpdir(), 'kustomization-read-unit-')));
const repo = join(scratch, 'repo');
const outside = join(scratch, 'outside');
const write = (path: string, text: string) => {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
};
write(
  join(repo, 'overlays/dev/kustomization.yaml'),
  [
    'resources:',
    '  - ../../base',
    '  - cm.yaml',
    '  - missing/folder',
    '  - extras',
    '  - github.com/example-org/consul-extras',
    '  - 7',
    'components:',
    '  - ../../components/tls',
    '',
  ].join('\n'),
);
write(join(repo, 'overlays/dev/cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n');
// A folder named like a remote base: kustomize fetches the remote one, never reads this.
write(join(repo, 'overlays/dev/github.com/example-org/consul-extras/kustomization.yaml'), 'resources: []\n');
write(join(repo, 'base/kustomization.yaml'), 'resources:\n  - ../overlays/dev\n');
write(join(repo, 'components/tls/kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n');
write(join(outside, 'kustomization.yaml'), 'resources: []\n');
symlinkSync(outside, join(repo, 'overlays/dev/extras'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const paths = async (repoRoot: string) => (await readKustomizationTree(join(repo, 'overlays/dev'), repoRoot)).map((file) => file.path);

describe('readKustomizationTree', () => {
  it('reads each local kustomization once, never a file, a missing path, a remote base or a folder outside the repository', async () => {
    expect(await paths(repo)).toEqual(['overlays/dev/kustomization.yaml', 'base/kustomization.yaml', 'components/tls/kustomization.yaml']);
  });

  it('with a repository root that does not exist, no folder is inside it: only the overlay itself is read', async () => {
    expect(await paths(join(scratch, 'no-such-repo'))).toHaveLength(1);
  });
});
