/**
 * The pinned Go tools (tools/go/bin) for tests that need them: the kustomize 5.8 / 4.5.4 parity and the
 * kubeconform parity suite. Where Go is missing the tools are not built and those tests are skipped with
 * one line saying why; with CONSUL_GITOPS_REQUIRE_GO_TOOLS=1 (what .ci/run sets on a machine with Go)
 * a missing tool fails the file instead, so a skipped suite can never pass CI as green.
 */
import { existsSync } from 'node:fs';
import { resolveKustomize, type KustomizeBinary } from '../../tools/src/render/kustomize-binary.js';
import { apiServerBinary } from '../../tools/src/render/apiserver-build.js';
import { goToolPath } from '../../tools/src/render/go-tools.js';
import { findKubeconform, type KubeconformBinary } from '../../tools/src/validate/schema/kubeconform.js';

export const GO_TOOLS_REQUIRED = process.env.CONSUL_GITOPS_REQUIRE_GO_TOOLS === '1';

function missing(what: string, command = 'npm run go-tools'): undefined {
  const message = `${what} is not built (tools/go/bin): run \`${command}\` (needs Go)`;
  if (GO_TOOLS_REQUIRED) throw new Error(`${message}; CONSUL_GITOPS_REQUIRE_GO_TOOLS=1 makes this a failure, not a skip`);
  console.info(`skipped: ${message}`);
  return undefined;
}

/** The pinned kustomize build, resolved the way the CLI resolves it (no flag, no KUSTOMIZE). */
export async function pinnedKustomize(): Promise<KustomizeBinary | undefined> {
  if (!existsSync(goToolPath('kustomize'))) return missing('the pinned kustomize');
  const binary = await resolveKustomize({ env: {} });
  return binary.source === 'go-build' ? binary : missing('a runnable pinned kustomize');
}

/** The kubeconform the CLI would run for --schema-backend kubeconform (KUBECONFORM, else the pinned build). */
export async function pinnedKubeconform(): Promise<KubeconformBinary | undefined> {
  const binary = await findKubeconform(process.env, false);
  return binary ?? missing('kubeconform');
}

/** The pinned kube-apiserver build of the api-server backend (`go-tools.mjs --api-server`, which `npm test` runs). */
export function pinnedApiServer(): string | undefined {
  const binary = apiServerBinary();
  return existsSync(binary)
    ? binary
    : missing('the pinned kube-apiserver', 'npm run build && node tools/scripts/go-tools.mjs --api-server');
}
