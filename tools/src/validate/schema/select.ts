/**
 * Pick the schema backend. `offline` and `kubeconform` are what they say. `auto` (the default) is the
 * offline engine, unless KUBECONFORM names a binary: both check against the same data (kubeconform
 * reads schemas generated from it, and the parity suite holds them to the same verdicts and paths), and
 * in process the offline engine is far faster than a kubeconform process per kustomization (`npm run
 * bench` measures both on the same objects). `api-server` dry-runs every object on a real kube-apiserver
 * (api-server.ts): started on first use, stopped by the engine's `close`.
 */
import { KUBERNETES_VERSION } from './catalog.js';
import { apiServerPins } from '../../render/apiserver-build.js';
import { apiServerSchemaEngine, ensureApiServerBuilt } from './api-server.js';
import type { SchemaEngine } from './engine.js';
import { findKubeconform, kubeconformSchemaEngine } from './kubeconform.js';
import { offlineSchemaEngine } from './offline.js';

export type SchemaBackend = 'auto' | 'offline' | 'kubeconform' | 'api-server';

export async function selectSchemaEngine(
  backend: SchemaBackend,
  env: NodeJS.ProcessEnv,
  progress?: (line: string) => void,
): Promise<{ engine: SchemaEngine; kubernetesVersion: string }> {
  if (backend === 'api-server') {
    const options = { env, ...(progress ? { progress } : {}) };
    await ensureApiServerBuilt(options);
    const engine = apiServerSchemaEngine(options);
    return { engine, kubernetesVersion: apiServerPins().kubernetes.replace(/^v/, '') };
  }
  if (backend === 'kubeconform' || (backend === 'auto' && env.KUBECONFORM)) {
    const binary = await findKubeconform(env, true);
    if (binary) return { engine: kubeconformSchemaEngine(binary, env), kubernetesVersion: KUBERNETES_VERSION };
  }
  return { engine: offlineSchemaEngine(), kubernetesVersion: KUBERNETES_VERSION };
}
