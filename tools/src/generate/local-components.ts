/**
 * Edge: find the hand-written overlays/<env>/local/ kustomize Components. generate includes them
 * (`components: [local]`) and never writes, checks or removes anything under local/.
 */
import { parseDocument } from 'yaml';
import { ToolError } from '../model/errors.js';
import { MAX_ALIAS_COUNT, yamlLimitMessage } from '../model/yaml-limits.js';
import { LOCAL_COMPONENT_DIR, NODE_FS, readIfExists, type TreeFs } from './tree.js';

const COMPONENT_API_VERSION = 'kustomize.config.k8s.io/v1alpha1';

/** A local/kustomization.yaml that is not a kustomize Component. Exit 1: the repository content is wrong. */
export class LocalComponentError extends ToolError {}

function localComponentFile(environment: string): string {
  return `overlays/${environment}/${LOCAL_COMPONENT_DIR}/kustomization.yaml`;
}

/** The environments whose overlay has a local/ Component; throws LocalComponentError on a wrong kind. */
export async function findLocalComponents(root: string, environments: readonly string[], fs: TreeFs = NODE_FS): Promise<Set<string>> {
  const found = new Set<string>();
  const problems: string[] = [];
  for (const environment of environments) {
    const file = localComponentFile(environment);
    const text = await readIfExists(fs, root, file);
    if (text === undefined) continue;
    const document = parseDocument(text);
    let object: { apiVersion?: unknown; kind?: unknown } | null;
    try {
      // the project's alias limit, not yaml's default of 100: a Component may share an anchor 120 times
      object = document.errors.length === 0 ? (document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as typeof object) : null;
    } catch (error) {
      problems.push(`${file}: ${yamlLimitMessage(error)}`);
      continue;
    }
    if (object?.kind === 'Component' && object.apiVersion === COMPONENT_API_VERSION) found.add(environment);
    else {
      const got =
        document.errors.length > 0
          ? `invalid YAML (${document.errors[0]?.message.split('\n')[0] ?? ''})`
          : `apiVersion ${String(object?.apiVersion)}, kind ${String(object?.kind)}`;
      problems.push(`${file}: must be a kustomize Component (apiVersion: ${COMPONENT_API_VERSION}, kind: Component), found ${got}`);
    }
  }
  if (problems.length > 0) throw new LocalComponentError(problems[0] ?? '', { detail: problems.slice(1).join('\n') || undefined });
  return found;
}
