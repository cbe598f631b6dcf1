/** Pick the schema backend: kubeconform when asked for or installed (auto), else the offline engine. */
import { KUBERNETES_VERSION } from './catalog.js';
import type { SchemaEngine } from './engine.js';
import { findKubeconform, kubeconformSchemaEngine } from './kubeconform.js';
import { offlineSchemaEngine } from './offline.js';

export type SchemaBackend = 'auto' | 'offline' | 'kubeconform';

export async function selectSchemaEngine(backend: SchemaBackend, env: NodeJS.ProcessEnv): Promise<{ engine: SchemaEngine; kubernetesVersion: string }> {
  if (backend !== 'offline') {
    const binary = await findKubeconform(env, backend === 'kubeconform');
    if (binary) return { engine: kubeconformSchemaEngine(binary), kubernetesVersion: KUBERNETES_VERSION };
  }
  return { engine: offlineSchemaEngine(), kubernetesVersion: KUBERNETES_VERSION };
}
