import type { Spec } from '../environments/types.js';
import { argocdFiles } from './argocd.js';
import { baseResourceRefs } from './accepted-risks.js';
import { baseFiles, baseObjects } from './base/index.js';
import { overlayFiles } from './overlay.js';
import { SCHEMA_FILE, schemaFile } from './schema-file.js';

export interface GenerateOptions {
  /** Environments whose overlay has a hand-written `local/` kustomize Component to include. */
  localComponents?: ReadonlySet<string>;
}

/** The whole generated tree: repository-relative path -> file text. Pure: no I/O. */
export function generate(spec: Spec, options: GenerateOptions = {}): Map<string, string> {
  const base = baseObjects(spec);
  const files = new Map<string, string>(baseFiles(spec, base));
  files.set(SCHEMA_FILE, schemaFile());
  const baseResources = baseResourceRefs(base);
  for (const env of spec.environments) {
    for (const [path, text] of overlayFiles(env, spec, {
      localComponent: options.localComponents?.has(env.name) ?? false,
      baseResources,
    })) {
      files.set(path, text);
    }
  }
  for (const [path, text] of argocdFiles(spec)) files.set(path, text);
  return new Map([...files.entries()].sort(([a], [b]) => a.localeCompare(b)));
}
