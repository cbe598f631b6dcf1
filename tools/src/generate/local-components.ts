/**
 * Edge: find the hand-written overlays/<env>/local/ kustomize Components. generate includes them
 * (`components: [local]`) and never writes, checks or removes anything under local/.
 */
import { ToolError } from '../model/errors.js';
import { readYamlDocument, type YamlProblem } from '../parse/yaml-reader.js';
import { LOCAL_COMPONENT_DIR, NODE_FS, readIfExists, type TreeFs } from './tree.js';

const COMPONENT_API_VERSION = 'kustomize.config.k8s.io/v1alpha1';

/** A local/kustomization.yaml that is not a kustomize Component. Exit 1: the repository content is wrong. */
export class LocalComponentError extends ToolError {}

function localComponentFile(environment: string): string {
  return `overlays/${environment}/${LOCAL_COMPONENT_DIR}/kustomization.yaml`;
}

/** yaml's first message line, with its position (as yaml's pretty errors word it). */
function invalid(problem: YamlProblem | undefined): string {
  return problem ? `${problem.detail} at line ${problem.line}, column ${problem.col}` : '';
}

/** The environments whose overlay has a local/ Component; throws LocalComponentError on a wrong kind. */
export async function findLocalComponents(root: string, environments: readonly string[], fs: TreeFs = NODE_FS): Promise<Set<string>> {
  const found = new Set<string>();
  const problems: string[] = [];
  for (const environment of environments) {
    const file = localComponentFile(environment);
    const text = await readIfExists(fs, root, file);
    if (text === undefined) continue;
    const document = readYamlDocument(text);
    const value = document.problems.length === 0 ? document.value() : { ok: true as const, value: null };
    if (!value.ok) {
      problems.push(`${file}: ${value.message}`);
      continue;
    }
    const object = value.value as { apiVersion?: unknown; kind?: unknown } | null;
    if (object?.kind === 'Component' && object.apiVersion === COMPONENT_API_VERSION) found.add(environment);
    else {
      const got =
        document.problems.length > 0
          ? `invalid YAML (${invalid(document.problems[0])})`
          : `apiVersion ${String(object?.apiVersion)}, kind ${String(object?.kind)}`;
      problems.push(`${file}: must be a kustomize Component (apiVersion: ${COMPONENT_API_VERSION}, kind: Component), found ${got}`);
    }
  }
  if (problems.length > 0) throw new LocalComponentError(problems[0] ?? '', { detail: problems.slice(1).join('\n') || undefined });
  return found;
}
