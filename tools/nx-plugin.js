// Nx loads this file (nx.json "plugins"). It defers to the compiled plugin in tools/dist, and takes its file
// pattern from there too (KUSTOMIZATION_PATTERN is defined once, in tools/src/nx/plugin.ts). A checkout that is
// not built yet (before `npm ci` / `npm run build`) still runs `nx run tools:build`: the plugin then matches
// only nx.json, says once that tools/dist is missing, and infers no overlay project.
let plugin;
try {
  plugin = await import('./dist/nx/plugin.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
}

async function createOverlayNodes(files, options, context) {
  if (!plugin) {
    process.stderr.write('consul-gitops nx plugin: tools/dist is missing, so no overlay projects are inferred. Run `npm run build`.\n');
    return [];
  }
  return plugin.createNodes[1](files, options, context);
}

export const name = 'consul-gitops/overlays';
export const createNodes = [plugin?.KUSTOMIZATION_PATTERN ?? 'nx.json', createOverlayNodes];
/**
 * The name Nx 17-20 used for the same signature; Nx 24 reads `createNodes` first.
 * @alias Nx looks the plugin up by either name
 */
export const createNodesV2 = createNodes;
