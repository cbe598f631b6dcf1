/**
 * What a run checks: each kustomization directory is a target of one kind, and each kind has its own
 * render and checks (pipeline/overlay.ts, pipeline/argocd.ts).
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { displayPath, discoverOverlays } from '../discover.js';
import { ARGOCD_DIR } from '../model/argocd.js';

/** `overlay`: rendered and checked against the policy rules; `argocd`: argocd/, cross-checked against the overlays. */
export type TargetKind = 'overlay' | 'argocd';

export interface Target {
  kind: TargetKind;
  /** The kustomization directory. */
  dir: string;
  /** Repository-relative, as a report names it. */
  path: string;
}

/**
 * The targets of a run, in report order: the directories given (argocd/ among them is the argocd kind),
 * or, with none, every overlay under overlays/ and then argocd/ when it exists.
 */
export async function runTargets(repoRoot: string, dirs: readonly string[]): Promise<Target[]> {
  const argocdDir = resolve(repoRoot, ARGOCD_DIR);
  const argocdNamed = dirs.some((dir) => resolve(dir) === argocdDir);
  const overlays = (await discoverOverlays(repoRoot, dirs)).filter((dir) => resolve(dir) !== argocdDir);
  const target = (kind: TargetKind, dir: string): Target => ({ kind, dir, path: displayPath(repoRoot, dir) });
  const withArgocd = (dirs.length === 0 || argocdNamed) && (await isDirectory(argocdDir));
  return [...overlays.map((dir) => target('overlay', dir)), ...(withArgocd ? [target('argocd', argocdDir)] : [])];
}

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
}
