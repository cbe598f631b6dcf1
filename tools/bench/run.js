// `npm run bench`: every speed and memory target, measured in one run on this machine.
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runOverlayBench } from './overlay-bench.js';
import { runFilesBench, writeFilesResults } from './files-bench.js';
import { runSchemaBench } from './schema-bench.js';
import { runApiServerBench } from './apiserver-bench.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const fixed = (value, digits = 0) => value.toFixed(digits);
console.log(`consul-gitops benchmarks on ${availableParallelism()} core(s), Node ${process.version}`);

// The four targets of issue 25, each against its peer measured in the same run; printed again at the end.
const targets = [];
const target = (name, figure, goal, met) => targets.push({ name, figure, goal, met });
const seconds = (side) => `${fixed(side.cpuS, 2)} s CPU, ${fixed(side.wallS, 2)} s wall`;

// validate builds through the krusty server (render/krusty.ts); the same validate with a process per build, for comparison
const perBuildLine = (figure) =>
  figure.perBuild
    ? `\n  validate with a kustomize process per build (CONSUL_GITOPS_KRUSTY=0): ${seconds(figure.perBuild.ours)}; ratio ${fixed(figure.perBuild.cpuRatio, 2)} in CPU, ${fixed(figure.perBuild.wallRatio, 2)} in wall`
    : '\n  (no krusty server: validate ran a kustomize process per build)';

const overlay = await runOverlayBench({ repoRoot });
console.log(
  `\n[validate vs bare kustomize builds] ${overlay.overlays} kustomizations (overlays and argocd/), ${overlay.kustomize} on both sides, medians of ${overlay.pairs} alternating pairs (CPU = user + sys, children included):` +
    `\n  bare kustomize builds, one after another: ${seconds(overlay.peer)}` +
    `\n  consul-gitops validate (render + schema + rules, one process): ${seconds(overlay.ours)}` +
    `\n  ratio validate/bare: ${fixed(overlay.cpuRatio, 2)} in CPU, ${fixed(overlay.wallRatio, 2)} in wall (target <= 1.00 in both)` +
    perBuildLine(overlay) +
    `\n  validate without V8's code cache (CONSUL_GITOPS_CODE_CACHE=off): ${seconds(overlay.noCodeCache.ours)}` +
    `\n  validate generating the drift check's tree every run (CONSUL_GITOPS_GENERATE_CACHE=off): ${seconds(overlay.noGenerateCache.ours)}`,
);
target(
  'repository validate <= 1.0x bare sequential builds (CPU and wall)',
  `${fixed(overlay.cpuRatio, 2)}x CPU, ${fixed(overlay.wallRatio, 2)}x wall`,
  '<= 1.00 both',
  overlay.cpuRatio <= 1 && overlay.wallRatio <= 1,
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
  `${fixed(figure.objectsPerCpuSecond)} objects per CPU second (${fixed(figure.cpuS, 2)} s CPU, ${fixed(figure.wallS, 2)} s wall)`;
writeFilesResults(files);
// like for like: one thread against kubeconform's 1 worker per CPU second; the default (threads) against its 4 workers in wall time
const filesRatio = files.kubeconform && files.oneThread.objectsPerCpuSecond / files.kubeconform.oneWorker.objectsPerCpuSecond;
const filesWall = files.kubeconform && files.kubeconform.workers.wallS / files.consulGitops.wallS;
console.log(
  `\n[files mode] ${files.objects} plain objects in ${files.files} files (the prod render cloned, everything Consul renamed), one process each, medians of ${files.runs} alternating rounds:` +
    `\n  consul-gitops validate -f (read, parse with positions, schema, every rule; offline engine), worker threads: ${perCore(files.consulGitops)}` +
    `\n  the same in one thread (CONSUL_GITOPS_FILE_THREADS=1): ${perCore(files.oneThread)}` +
    (files.kubeconform
      ? `\n  kubeconform ${files.kubeconform.version} -strict on the same files, 1 worker: ${perCore(files.kubeconform.oneWorker)}` +
        `\n  kubeconform, its default 4 workers: ${perCore(files.kubeconform.workers)}` +
        `\n  ratio consul-gitops (one thread)/kubeconform (1 worker) per CPU second: ${fixed(filesRatio, 2)} (target >= 1.50)` +
        `\n  wall speed consul-gitops/kubeconform with 4 workers: ${fixed(filesWall, 2)} (target >= 1.00)`
      : '\n  kubeconform: not built (npm run go-tools), not measured'),
);
target(
  `files mode >= 1.5x kubeconform (1 worker) per CPU second at ${files.objects} objects; wall >= kubeconform's 4 workers`,
  files.kubeconform ? `${fixed(filesRatio, 2)}x per CPU second, ${fixed(filesWall, 2)}x in wall` : 'kubeconform not built',
  '>= 1.50 and >= 1.00',
  files.kubeconform ? filesRatio >= 1.5 && filesWall >= 1 : undefined,
);

const server = await runApiServerBench({ repoRoot });
console.log(
  server.ok
    ? `\n[api-server backend] kube-apiserver ${server.version} with etcd ${server.etcd}, built from the Go module proxy:` +
        `\n  one-time build: ${server.buildSeconds === undefined ? 'not recorded (built before the stamp kept it)' : `${fixed(server.buildSeconds)} s`}${server.built ? ' (built in this run)' : ' (recorded in the stamp when it was built)'}` +
        `\n  cold start to /readyz: ${fixed(server.coldStartS, 2)} s (resident ${fixed(server.coldRssMb)} MB when ready)` +
        `\n  one whole check of the repository (${server.kustomizations} kustomizations, ${server.objects} objects; start, CRDs, dry-run applies, stop): ${fixed(server.wholeCheckS, 1)} s, ${server.errors} errors` +
        `\n  peak resident memory of the server (etcd and kube-apiserver, one process): ${fixed(server.peakMb)} MB` +
        `\n  RBAC step of control-plane-rbac (${server.rbac.renders} renders, ${server.rbac.requests} SubjectAccessReviews, ${server.rbac.denied} denied; apply, review, remove): ${fixed(server.rbac.cpuS, 2)} CPU s (this process and the server)`
    : `\n[api-server backend] not built (${server.reason}), not measured`,
);

// Fleet: 100 generated environments in a temporary copy (takes minutes), then FLEET_LARGE (default 1000,
// 0 skips it) without Nx: the time per environment must stay flat and the memory under 500 MB.
const { runFleetBench } = await import('./fleet-bench.js');
const fleet = await runFleetBench({ repoRoot });
console.log(
  `\n[fleet of ${fleet.overlays} environments] on ${fleet.cores} core(s), ${fleet.kustomize} on both sides, medians of ${fleet.pairs} alternating pairs:` +
    `\n  cold consul-gitops validate of all ${fleet.overlays}: ${seconds(fleet.ours)}; the same ${fleet.overlays} bare kustomize builds one after another: ${seconds(fleet.peer)}` +
    `\n  ratio validate/bare: ${fixed(fleet.cpuRatio, 2)} in CPU, ${fixed(fleet.wallRatio, 2)} in wall (target <= 0.50)` +
    perBuildLine(fleet) +
    `\n  nx affected -t validate, nothing changed: ${fleet.nxCached} of ${fleet.nxTasks} tasks from the cache, ${fixed(fleet.nxAllHitsMs)} ms; one cached no-op target: ${fixed(fleet.nxNoopMs)} ms` +
    `\n  ratio all-hits/no-op: ${fixed(fleet.nxRatio, 2)} (target <= 1.25; cold fill of the cache took ${fixed(fleet.nxColdMs)} ms)` +
    `\n  peak memory of the cold validate: ${fixed(fleet.peakTreeMb)} MB for the process tree (Node + krusty servers or kustomize children, sampled), Node's own VmHWM ${fixed(fleet.nodeHwmMb)} MB (target < 500 MB)`,
);
const largeTotal = Number(process.env.FLEET_LARGE ?? 1000);
const large =
  largeTotal > fleet.overlays ? await runFleetBench({ repoRoot, total: largeTotal, rounds: 1, nx: false, perBuild: false }) : undefined;
const growth = large && large.ours.cpuS / large.overlays / (fleet.ours.cpuS / fleet.overlays);
if (large)
  console.log(
    `\n[fleet of ${large.overlays} environments] one pair:` +
      `\n  cold consul-gitops validate: ${seconds(large.ours)}; bare builds: ${seconds(large.peer)}; ratio ${fixed(large.cpuRatio, 2)} in CPU, ${fixed(large.wallRatio, 2)} in wall` +
      `\n  CPU per environment against the fleet of ${fleet.overlays}: ${fixed(growth, 2)}x (linear: <= 1.10)` +
      `\n  peak memory: ${fixed(large.peakTreeMb)} MB for the process tree, Node's own VmHWM ${fixed(large.nodeHwmMb)} MB (target < 500 MB)`,
  );
// the render figures of docs/performance.md (`npm run docs` writes its block from this file)
{
  const { writeFileSync, mkdirSync } = await import('node:fs');
  mkdirSync(new URL('results/', import.meta.url), { recursive: true });
  const bench = { node: process.version, cores: availableParallelism(), overlay, fleet, ...(large ? { large } : {}) };
  writeFileSync(new URL('results/bench.json', import.meta.url), `${JSON.stringify(bench, null, 2)}\n`);
}
target(
  `fleet of ${fleet.overlays} <= 0.5x bare builds; fleet of ${large?.overlays ?? largeTotal} linear and < 500 MB`,
  `${fixed(fleet.cpuRatio, 2)}x CPU, ${fixed(fleet.wallRatio, 2)}x wall` +
    (large
      ? `; ${fixed(growth, 2)}x CPU per environment at ${large.overlays}, ${fixed(large.peakTreeMb)} MB`
      : '; large fleet skipped (FLEET_LARGE)'),
  '<= 0.50; <= 1.10x and < 500 MB',
  fleet.cpuRatio <= 0.5 && fleet.wallRatio <= 0.5 && (large ? growth <= 1.1 && large.peakTreeMb < 500 : undefined),
);
target('npm test <= 5 min and test:quick <= 15 s (quiet 2-core machine)', 'measured by CI (.ci/run), not by the bench', '', undefined);

console.log('\n[issue 25 targets] each against its peer in this run:');
for (const { name, figure, goal, met } of targets)
  console.log(
    `  ${met === undefined ? 'not measured here' : met ? 'MET   ' : 'MISSED'}  ${name}: ${figure}${goal ? ` (target ${goal})` : ''}`,
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
