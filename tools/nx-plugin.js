// Nx loads this file (nx.json "plugins"). It defers to the compiled plugin in tools/dist, so a
// checkout that is not built yet (before `npm ci` / `npm run build`) still runs `nx run tools:build`.
// Keep KUSTOMIZATION_PATTERN equal to the one in tools/src/nx/plugin.ts (a test checks it).
export const KUSTOMIZATION_PATTERN =
  '{overlays/*/kustomization.yaml,overlays/*/kustomization.yml,argocd/kustomization.yaml,argocd/kustomization.yml,environments.yaml}';

async function createOverlayNodes(files, options, context) {
  let plugin;
  try {
    plugin = await import('./dist/nx/plugin.js');
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    process.stderr.write('consul-gitops nx plugin: tools/dist is missing, so no overlay projects are inferred. Run `npm run build`.\n');
    return [];
  }
  return plugin.createNodes[1](files, options, context);
}

export const name = 'consul-gitops/overlays';
export const createNodes = [KUSTOMIZATION_PATTERN, createOverlayNodes];
/** The name Nx 17-20 used for the same signature; Nx 24 reads `createNodes` first. */
export const createNodesV2 = createNodes;
