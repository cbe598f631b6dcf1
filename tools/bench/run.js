// `npm run bench`: every speed and memory target, measured in one run on this machine.
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runOverlayBench } from './overlay-bench.js';
import { runFilesBench } from './files-bench.js';
import { runSchemaBench } from './schema-bench.js';
import { runApiServerBench } from './apiserver-bench.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const fixed = (value, digits = 0) => value.toFixed(digits);
console.log(`consul-gitops benchmarks on ${availableParallelism()} core(s), Node ${process.version}`);

const overlay = await runOverlayBench({ repoRoot });
console.log(
  `\n[validate vs bare kustomize builds] ${overlay.overlays} kustomizations (overlays and argocd/), ${overlay.kustomize} on both sides, median of ${overlay.runs} runs:` +
    `\n  bare kustomize builds, one after another: ${fixed(overlay.bareBuildsMs)} ms` +
    `\n  consul-gitops validate (render + schema + rules, one process): ${fixed(overlay.validateMs)} ms` +
    `\n  ratio validate/bare: ${fixed(overlay.ratio, 2)} (target: validation adds < 50%, ratio < 1.50)`,
);

const schema = await runSchemaBench({ repoRoot });
const kubeconform = schema.kubeconform;
console.log(
  `\n[schema engines] the same ${schema.objects} objects cloned from ${schema.overlay} (${schema.kinds.join(', ')}):` +
    `\n  offline, one thread: schema load (read + parse tools/schemas/kubernetes.json) ${fixed(schema.loadMs)} ms; first use, load included: ${fixed(schema.loadAndCompileMs)} ms` +
    `\n  offline: ${fixed(schema.validateMs)} ms per ${schema.objects} objects, ${fixed(schema.objectsPerSecond)} objects/s (median of ${schema.runs} runs; target >= 5000 objects/s)` +
    (kubeconform
      ? `\n  kubeconform ${kubeconform.version}, one process (its 4 workers): ${fixed(kubeconform.validateMs)} ms per ${schema.objects} objects, ${fixed(kubeconform.objectsPerSecond)} objects/s (median of ${kubeconform.runs} runs)` +
        `\n  one kustomization (${schema.overlay}, ${schema.overlayObjects} objects), as validate hands it over: offline ${fixed(schema.offlineOverlayMs, 1)} ms, kubeconform ${fixed(kubeconform.overlayMs, 1)} ms (process start, schema compile, validation)`
      : '\n  kubeconform: not built (npm run go-tools), not measured'),
);

const files = await runFilesBench({ repoRoot });
const perCore = (figure) =>
  `${fixed(figure.objectsPerCpuSecond)} objects/s per core (${fixed(figure.cpuS, 2)} s CPU, ${fixed(figure.wallS, 2)} s wall)`;
console.log(
  `\n[files mode] ${files.objects} plain objects in ${files.files} files (the prod render cloned, everything Consul renamed), one process each, median of ${files.runs}:` +
    `\n  consul-gitops validate -f (read, parse with positions, schema, every rule; offline engine): ${perCore(files.consulGitops)}` +
    (files.kubeconform
      ? `\n  kubeconform ${files.kubeconform.version} -strict on the same files, 1 worker: ${perCore(files.kubeconform.oneWorker)}` +
        `\n  kubeconform, its default 4 workers: ${perCore(files.kubeconform.workers)}` +
        `\n  ratio consul-gitops/kubeconform per core (1 worker): ${fixed(files.consulGitops.objectsPerCpuSecond / files.kubeconform.oneWorker.objectsPerCpuSecond, 2)} (target >= 1.00)`
      : '\n  kubeconform: not built (npm run go-tools), not measured'),
);

const server = await runApiServerBench({ repoRoot });
console.log(
  server.ok
    ? `\n[api-server backend] kube-apiserver ${server.version} with etcd ${server.etcd}, built from the Go module proxy:` +
        `\n  one-time build: ${server.buildSeconds === undefined ? 'not recorded (built before the stamp kept it)' : `${fixed(server.buildSeconds)} s`}${server.built ? ' (built in this run)' : ' (recorded in the stamp when it was built)'}` +
        `\n  cold start to /readyz: ${fixed(server.coldStartS, 2)} s (resident ${fixed(server.coldRssMb)} MB when ready)` +
        `\n  one whole check of the repository (${server.kustomizations} kustomizations, ${server.objects} objects; start, CRDs, dry-run applies, stop): ${fixed(server.wholeCheckS, 1)} s, ${server.errors} errors` +
        `\n  peak resident memory of the server (etcd and kube-apiserver, one process): ${fixed(server.peakMb)} MB`
    : `\n[api-server backend] not built (${server.reason}), not measured`,
);

// Fleet: 100 generated environments in a temporary copy (takes minutes: ~1.3 s per kustomize build).
const { runFleetBench } = await import('./fleet-bench.js');
const fleet = await runFleetBench({ repoRoot });
console.log(
  `\n[fleet of ${fleet.overlays} environments] on ${fleet.cores} core(s), ${fleet.kustomize} on both sides:` +
    `\n  cold consul-gitops validate of all ${fleet.overlays}: ${fixed(fleet.validateMs)} ms; the same ${fleet.overlays} bare kustomize builds one after another: ${fixed(fleet.bareBuildsMs)} ms (mean of ${fleet.rounds} alternating rounds)` +
    `\n  ratio validate/bare: ${fixed(fleet.ratio, 2)} (target <= 1.00)` +
    `\n  nx affected -t validate, nothing changed: ${fleet.nxCached} of ${fleet.nxTasks} tasks from the cache, ${fixed(fleet.nxAllHitsMs)} ms; one cached no-op target: ${fixed(fleet.nxNoopMs)} ms` +
    `\n  ratio all-hits/no-op: ${fixed(fleet.nxRatio, 2)} (target <= 1.25; cold fill of the cache took ${fixed(fleet.nxColdMs)} ms)` +
    `\n  peak memory of the cold validate: ${fixed(fleet.peakTreeMb)} MB for the process tree (Node + kustomize children, sampled), Node's own VmHWM ${fixed(fleet.nodeHwmMb)} MB (target < 500 MB)`,
);

// Shards: the workflow's fleet path on 1,000 generated environments, shards one after another (takes long:
// every shard of the 16-runner plan; CONSUL_GITOPS_BENCH_SHARDS=K runs the first K). Writes
// tools/bench/results/shards.json, which `npm run docs` turns into docs/delivery.md's figures.
const { runShardBench } = await import('./shard-bench.js');
const { writeFileSync, mkdirSync } = await import('node:fs');
const measure = process.env.CONSUL_GITOPS_BENCH_SHARDS ? Number(process.env.CONSUL_GITOPS_BENCH_SHARDS) : Infinity;
const shards = await runShardBench({ repoRoot, measure, log: (line) => console.log(`  ${line}`) });
mkdirSync(new URL('results/', import.meta.url), { recursive: true });
writeFileSync(new URL('results/shards.json', import.meta.url), `${JSON.stringify({ ...shards, node: process.version }, null, 2)}\n`);
console.log(
  `\n[shards] fleet of ${shards.total} environments, ${shards.projects} affected projects, ${shards.measured.length} of ${shards.planned} shards run one after another:` +
    `\n  fixed cost (generate --check, nx show projects --affected): ${fixed(shards.fixed.cpuS, 1)} s CPU, ${fixed(shards.fixed.wallS, 1)} s wall` +
    shards.measured
      .map((run) => `\n  shard ${run.shard}: ${run.projects} projects, ${fixed(run.cpuS, 1)} s CPU, ${fixed(run.wallS, 1)} s wall`)
      .join('') +
    shards.estimates
      .map((row) => `\n  N = ${row.runners}: estimated wall ${fixed(row.wallS, 1)} s (largest shard ${row.largestProjects} projects)`)
      .join(''),
);
