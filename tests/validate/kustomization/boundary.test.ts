/**
 * kustomize-boundary in process: which entries of a kustomization tree leave the repository or name a remote base
 * the spec does not allow (boundaryFindings, on parsed files and a scratch folder), and the refusal before kustomize
 * runs (renderWithinBoundary). tests/validate/kustomize-boundary.test.ts runs the same through the built CLI.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RenderError } from '../../../tools/src/model/errors.js';
import { parseKustomization } from '../../../tools/src/parse/kustomization.js';
import type { KustomizeBinary } from '../../../tools/src/render/kustomize-binary.js';
import { boundaryFindings, renderWithinBoundary, trustRoot } from '../../../tools/src/validate/kustomization/boundary.js';

const scratch = realpathSync(mkdtempSync(join(tmpdir(), 'kustomize-boundary-unit-')));
const repo = join(scratch, 'repo');
const outside = join(scratch, 'outside');
mkdirSync(join(repo, 'overlays/dev'), { recursive: true });
mkdirSync(join(repo, 'base'), { recursive: true });
mkdirSync(outside, { recursive: true });
writeFileSync(join(repo, 'environments.yaml'), '');
symlinkSync(outside, join(repo, 'overlays/dev/extras'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const REMOTE = 'https://github.com/example-org/consul-extras//monitoring?ref=3f2c8a1d9b7e6f5a4c3b2a1908f7e6d5c4b3a291';

/** The findings of one kustomization at overlays/dev/kustomization.yaml, as `line: message`. */
const findingsOf = (text: string, root: string | null = repo, remoteBases: readonly string[] = []) => {
  const file = parseKustomization('overlays/dev/kustomization.yaml', text)!;
  return boundaryFindings([file], repo, root ?? undefined, remoteBases).map((finding) => {
    expect(finding).toMatchObject({ rule: 'kustomize-boundary', severity: 'error', location: { file: 'overlays/dev/kustomization.yaml' } });
    expect(finding.hint).toBeTruthy();
    return `${finding.location?.line}: ${finding.message}`;
  });
};

describe('boundaryFindings', () => {
  it('passes local paths inside the repository, existing or not', () => {
    expect(findingsOf('resources:\n  - ../../base\n  - missing/folder\n  - cm.yaml\n')).toEqual([]);
  });

  it('refuses a path that leaves the repository, naming where it resolves, at its entry line', () => {
    expect(findingsOf('resources:\n  - ../../base\n  - ../../../outside\n')).toEqual([
      `3: resources entry ../../../outside resolves to ${outside}, outside the repository: refused before kustomize runs (kustomize's load restrictor stops files there, not directories)`,
    ]);
  });

  it('follows a symbolic link out of the repository, and a missing path under it', () => {
    expect(findingsOf('components:\n  - extras\n  - extras/not/yet\n')).toEqual([
      `2: components entry extras resolves to ${outside}, outside the repository: refused before kustomize runs (kustomize's load restrictor stops files there, not directories)`,
      `3: components entry extras/not/yet resolves to ${join(outside, 'not/yet')}, outside the repository: refused before kustomize runs (kustomize's load restrictor stops files there, not directories)`,
    ]);
  });

  it('reads the paths of patches, replacements, crds, generator files and env files', () => {
    const text = [
      'crds: [../../../outside/crd.yaml]',
      'patchesStrategicMerge: [../../../outside/p.yaml]',
      'patches:',
      '  - path: ../../../outside/patch.yaml',
      '  - patch: "inline"',
      'replacements: [{path: ../../../outside/r.yaml}]',
      'configMapGenerator:',
      '  - name: a',
      '    files: [key=../../../outside/f.txt, ../../../outside/g.txt, ""]',
      '    envs: [../../../outside/e.env]',
      'secretGenerator:',
      '  - name: b',
      '    env: ../../../outside/s.env',
      '  - null',
      '',
    ].join('\n');
    expect(findingsOf(text).map((finding) => finding.replace(/ resolves to .*/, ''))).toEqual([
      '1: crds entry ../../../outside/crd.yaml',
      '2: patchesStrategicMerge entry ../../../outside/p.yaml',
      '4: patches entry ../../../outside/patch.yaml',
      '6: replacements entry ../../../outside/r.yaml',
      '8: configMapGenerator entry ../../../outside/f.txt',
      '8: configMapGenerator entry ../../../outside/g.txt',
      '8: configMapGenerator entry ../../../outside/e.env',
      '12: secretGenerator entry ../../../outside/s.env',
    ]);
  });

  it('reads patchesJson6902 paths, and skips a null patch and a generator file that is not text', () => {
    const text =
      'patchesJson6902:\n  - path: ../../../outside/j.yaml\npatches:\n  - null\nconfigMapGenerator:\n  - name: a\n    files: [7]\n';
    expect(findingsOf(text).map((finding) => finding.replace(/ resolves to .*/, ''))).toEqual([
      '2: patchesJson6902 entry ../../../outside/j.yaml',
    ]);
  });

  it('skips entries that are not paths: empty, multi-line or not text', () => {
    expect(findingsOf('resources:\n  - ""\n  - "../../../outside\\nx"\n  - 7\n  - {path: ../../../outside}\nbases: not-a-list\n')).toEqual(
      [],
    );
  });

  it('takes the line of the field when an entry has none', () => {
    const file = parseKustomization('overlays/dev/kustomization.yaml', 'resources:\n  - ../../../outside\n')!;
    const { 'resources/0': _entry, ...fieldOnly } = file.lines;
    const lines = (text: Record<string, number>) =>
      boundaryFindings([{ ...file, lines: text }], repo, repo, []).map((finding) => finding.location);
    expect(lines(fieldOnly)).toEqual([{ file: 'overlays/dev/kustomization.yaml', line: 1 }]);
    expect(lines({})).toStrictEqual([{ file: 'overlays/dev/kustomization.yaml' }]);
  });

  it('refuses a remote base no remoteBases prefix allows, without its credentials, and passes one a prefix allows', () => {
    const secret = REMOTE.replace('https://', 'https://user:s3cret@');
    expect(findingsOf(`resources:\n  - ${secret}\n`)).toEqual([
      `2: resources entry ${REMOTE.replace('https://', 'https://***@')} is a remote base, and no remoteBases prefix in environments.yaml allows it: refused before kustomize runs (nothing was fetched)`,
    ]);
    expect(findingsOf(`resources:\n  - ${REMOTE}\n`, repo, ['https://github.com/other-org/', 'https://github.com/example-org/'])).toEqual(
      [],
    );
    expect(findingsOf(`resources:\n  - ${REMOTE}\n`, repo, ['https://github.com/example-org/consul-extras//other'])).toHaveLength(1);
  });

  it('outside any repository checks only the remote bases', () => {
    expect(findingsOf(`resources:\n  - ../../../outside\n  - ${REMOTE}\n`, null)).toEqual([
      `3: resources entry ${REMOTE} is a remote base, and no remoteBases prefix in environments.yaml allows it: refused before kustomize runs (nothing was fetched)`,
    ]);
  });
});

describe('trustRoot', () => {
  it('is the folder of environments.yaml, else of .git, else none', () => {
    const bare = join(scratch, 'bare');
    mkdirSync(join(bare, 'a', 'b'), { recursive: true });
    expect(trustRoot(join(bare, 'a', 'b'))).toBeUndefined();
    mkdirSync(join(bare, '.git'));
    expect(trustRoot(join(bare, 'a', 'b'))).toBe(bare);
    writeFileSync(join(bare, 'a', 'environments.yaml'), '');
    expect(trustRoot(join(bare, 'a', 'b'))).toBe(join(bare, 'a'));
    expect(trustRoot(repo)).toBe(repo);
  });
});

describe('renderWithinBoundary', () => {
  // never started: a refused tree throws before kustomize runs
  const kustomize = { command: join(scratch, 'no-kustomize'), version: 'v5.8.1' } as unknown as KustomizeBinary;

  it('throws a RenderError naming the overlay, the file and line of the first refused entry, without running kustomize', async () => {
    writeFileSync(join(repo, 'overlays/dev/kustomization.yaml'), 'resources:\n  - ../../base\n  - extras\n  - ../../../outside\n');
    const refused = renderWithinBoundary(kustomize, join(repo, 'overlays/dev'), repo, []);
    await expect(refused).rejects.toBeInstanceOf(RenderError);
    await expect(refused).rejects.toMatchObject({
      shortMessage: `kustomize build overlays/dev refused (kustomize-boundary): overlays/dev/kustomization.yaml:3: resources entry extras resolves to ${outside}, outside the repository: refused before kustomize runs (kustomize's load restrictor stops files there, not directories)`,
      context: { command: kustomize.command, args: [], stderr: '', durationMs: 0 },
    });
  });

  it('hands a tree that stays inside the repository to kustomize', async () => {
    writeFileSync(join(repo, 'overlays/dev/kustomization.yaml'), 'resources:\n  - ../../base\n');
    // The render starts by reading the binary's argument prefix: stop there, before any process starts.
    const starting = {
      command: join(scratch, 'no-kustomize'),
      get prefix(): string[] {
        throw new Error('kustomize starts here');
      },
    } as unknown as KustomizeBinary;
    await expect(renderWithinBoundary(starting, join(repo, 'overlays/dev'), repo, [])).rejects.toThrow('kustomize starts here');
  });
});
