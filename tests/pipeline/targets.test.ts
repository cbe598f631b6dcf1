/** What a run checks (tools/src/pipeline/targets.ts): the overlays, then argocd/, each with its kind. */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTargets } from '../../tools/src/pipeline/targets.js';
import { tempRepo } from '../helpers/pipeline-repo.js';

let root: string;
let bare: string;

beforeAll(async () => {
  const k = { 'kustomization.yaml': 'resources: []\n' };
  root = await tempRepo({
    'overlays/b/kustomization.yaml': k['kustomization.yaml'],
    'overlays/a/kustomization.yaml': '',
    'argocd/kustomization.yaml': '',
  });
  bare = await tempRepo({ 'overlays/a/kustomization.yaml': '', argocd: 'a file, not a folder' });
});

afterAll(async () => {
  await rm(root, { recursive: true });
  await rm(bare, { recursive: true });
});

describe('runTargets', () => {
  it('lists every overlay, then argocd/, when no directory is given', async () => {
    expect(await runTargets(root, [])).toEqual([
      { kind: 'overlay', dir: join(root, 'overlays/a'), path: 'overlays/a' },
      { kind: 'overlay', dir: join(root, 'overlays/b'), path: 'overlays/b' },
      { kind: 'argocd', dir: join(root, 'argocd'), path: 'argocd' },
    ]);
  });

  it('lists the directories given, in their order, argocd/ among them as the argocd kind and last', async () => {
    expect(await runTargets(root, [join(root, 'argocd'), join(root, 'overlays/b')])).toEqual([
      { kind: 'overlay', dir: join(root, 'overlays/b'), path: 'overlays/b' },
      { kind: 'argocd', dir: join(root, 'argocd'), path: 'argocd' },
    ]);
    expect(await runTargets(root, [join(root, 'overlays/../argocd/')])).toEqual([
      { kind: 'argocd', dir: join(root, 'argocd'), path: 'argocd' },
    ]);
  });

  it('leaves argocd/ out when directories without it are given', async () => {
    expect(await runTargets(root, [join(root, 'overlays/b')])).toEqual([
      { kind: 'overlay', dir: join(root, 'overlays/b'), path: 'overlays/b' },
    ]);
  });

  it('leaves argocd/ out where there is none', async () => {
    const none = await tempRepo({ 'overlays/a/kustomization.yaml': '' });
    try {
      expect(await runTargets(none, [])).toEqual([{ kind: 'overlay', dir: join(none, 'overlays/a'), path: 'overlays/a' }]);
    } finally {
      await rm(none, { recursive: true });
    }
  });

  it('leaves argocd/ out where it is not a folder', async () => {
    expect(await runTargets(bare, [])).toEqual([{ kind: 'overlay', dir: join(bare, 'overlays/a'), path: 'overlays/a' }]);
  });
});
