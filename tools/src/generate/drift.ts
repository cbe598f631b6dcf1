/**
 * Edge: is the committed tree what the spec generates? `validate` asks this once per run, so a spec
 * edited without `generate` is one finding, not a green run against the old render.
 */
import type { Finding } from '../model/finding.js';
import { SPEC_FILE } from '../environments/load.js';
import type { Spec } from '../environments/types.js';
import { generateCached, type GenerateCache } from './generate-cache.js';
import { findLocalComponents, LocalComponentError } from './local-components.js';
import { planTree, type TreeChange } from './tree.js';

const SHOWN = 6;
const WORD = { create: 'missing', update: 'differs', remove: 'no longer generated' } as const;

export interface DriftCheck {
  /** One `generate-drift` finding when a generated file under the areas differs from what the spec generates. */
  finding?: Finding;
  /**
   * The environments (of those generated) whose overlays/<env>/ and base/ are on disk exactly as generated and
   * have no local/ component: `kustomize build` of such an overlay renders the generator's model
   * (`renderedObjectList`), so its object list needs no build.
   */
  generated: ReadonlySet<string>;
}

/**
 * Is the tree under `areas` (repository-relative folder prefixes; all when empty) what `spec` generates?
 * One `generate-drift` finding when it is not, and which environments' overlays are exactly as generated.
 * With `cache`, the generated tree of an earlier run with the same build and spec is read, not made again
 * (generate/generate-cache.ts).
 */
export async function checkDrift(repoRoot: string, spec: Spec, areas: readonly string[] = [], cache?: GenerateCache): Promise<DriftCheck> {
  // Checking some overlays (an Nx task per overlay), generate only their environments: base/ comes
  // from the defaults and an overlay from its own environment, so the files compared are the same, and
  // a fleet of 100 environments does not generate all 100 for each of its 100 tasks. argocd/ lists
  // every environment, so with it everything is generated.
  const environments =
    areas.length === 0 || areas.includes('argocd')
      ? spec.environments
      : spec.environments.filter((env) => areas.includes(`overlays/${env.name}`));
  const scoped = { ...spec, environments };
  let changes: TreeChange[];
  let localComponents: Set<string>;
  try {
    localComponents = await findLocalComponents(
      repoRoot,
      environments.map((env) => env.name),
    );
    changes = await planTree(repoRoot, generateCached(scoped, { localComponents }, cache));
  } catch (error) {
    if (!(error instanceof LocalComponentError)) throw error;
    const finding: Finding = {
      rule: 'generate-drift',
      severity: 'error',
      message: `generate cannot run: ${error.message}`,
      location: { file: SPEC_FILE },
    };
    return { finding, generated: new Set() };
  }
  const changed = (folder: string): boolean => changes.some((change) => change.path.startsWith(`${folder}/`));
  const generated = new Set(
    environments.map((env) => env.name).filter((name) => !localComponents.has(name) && !changed('base') && !changed(`overlays/${name}`)),
  );
  const relevant =
    areas.length === 0
      ? changes
      : changes.filter((change) => areas.some((area) => change.path === area || change.path.startsWith(`${area}/`)));
  if (relevant.length === 0) return { generated };
  const listed = relevant.slice(0, SHOWN).map((change) => `${change.path} (${WORD[change.kind]})`);
  const more = relevant.length > SHOWN ? `, and ${relevant.length - SHOWN} more` : '';
  return {
    finding: {
      rule: 'generate-drift',
      severity: 'error',
      message: `${relevant.length} generated file(s) are not what ${SPEC_FILE} generates: ${listed.join(', ')}${more}`,
      hint: 'run `npx consul-gitops generate` and commit the result (`consul-gitops generate --check` shows the diff)',
      location: { file: SPEC_FILE },
    },
    generated,
  };
}
