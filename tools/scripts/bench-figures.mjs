// The render figures of `npm run bench` (tools/bench/results/bench.json, written by tools/bench/run.js) as the
// Markdown block of docs/performance.md (`npm run docs` writes it; tests/docs/docs.test.ts checks it):
// repository validate and the fleets against bare `kustomize build`, with the krusty server and with a
// process per build.
const side = (figure) => `${figure.cpuS.toFixed(2)} s CPU, ${figure.wallS.toFixed(2)} s wall`;
const ratio = (figure) => `${figure.cpuRatio.toFixed(2)}× CPU, ${figure.wallRatio.toFixed(2)}× wall`;

function row(name, figure, target) {
  const perBuild = figure.perBuild ? `${side(figure.perBuild.ours)} (${ratio(figure.perBuild)})` : 'not measured';
  return `| ${name} | ${side(figure.ours)} (${ratio(figure)}) | ${perBuild} | ${side(figure.peer)} | ${target} |`;
}

export function benchFiguresMarkdown(figures) {
  const { overlay, fleet, large } = figures;
  const lines = [
    `Measured by \`npm run bench\` on ${figures.cores} core(s) shared with other work, Node ${figures.node}, ${overlay.kustomize} on every side` +
      `${overlay.krusty ? ', validate building through its krusty server' : ' (no krusty server: validate ran a process per build)'}. ` +
      "CPU is user + sys of the process and its children; each figure is the median of alternating pairs, the ratio the median of the pairs' ratios.",
    '',
    '| kustomizations | `validate` (krusty server) | `validate`, a process per build (`CONSUL_GITOPS_KRUSTY=0`) | bare `kustomize build`, one after another | target |',
    '| --- | --- | --- | --- | --- |',
    row(`the repository (${overlay.overlays}), ${overlay.pairs} pairs`, overlay, '≤ 1.00× in both'),
    row(`fleet of ${fleet.overlays}, ${fleet.pairs} pairs`, fleet, '≤ 0.50×'),
    ...(large ? [row(`fleet of ${large.overlays}, ${large.pairs} pair`, large, 'linear, < 500 MB')] : []),
    '',
    ...(overlay.noCodeCache
      ? [
          `The repository's validate compiling its bundle without V8's code cache (\`CONSUL_GITOPS_CODE_CACHE=off\`, tools/bin/code-cache.js): ` +
            `${side(overlay.noCodeCache.ours)} (${ratio(overlay.noCodeCache)}), against ${side(overlay.ours)} with it.`,
          '',
        ]
      : []),
    ...(overlay.noGenerateCache
      ? [
          `The repository's validate generating the drift check's tree on every run (\`CONSUL_GITOPS_GENERATE_CACHE=off\`, tools/src/generate/generate-cache.ts): ` +
            `${side(overlay.noGenerateCache.ours)} (${ratio(overlay.noGenerateCache)}), against ${side(overlay.ours)} reading the kept tree.`,
          '',
        ]
      : []),
    `Peak memory of the fleet of ${fleet.overlays}'s validate: ${fleet.peakTreeMb.toFixed(0)} MB for the process tree (Node, the krusty servers), Node's own ${fleet.nodeHwmMb.toFixed(0)} MB.` +
      (large
        ? ` Fleet of ${large.overlays}: ${large.peakTreeMb.toFixed(0)} MB and ${large.nodeHwmMb.toFixed(0)} MB; CPU per environment ` +
          `${(large.ours.cpuS / large.overlays / (fleet.ours.cpuS / fleet.overlays)).toFixed(2)}× the fleet of ${fleet.overlays}'s (linear: ≤ 1.10).`
        : ''),
  ];
  return lines.join('\n');
}

/**
 * Files mode against kubeconform (tools/bench/results/files.json, written by tools/bench/files-bench.js and
 * `npm run bench`): objects per CPU second in one thread against kubeconform's 1 worker, wall time with worker
 * threads against its default 4 workers.
 */
export function filesFiguresMarkdown(figures) {
  const { consulGitops: threads, oneThread, kubeconform } = figures;
  const cell = (figure) =>
    `${figure.cpuS.toFixed(2)} s CPU, ${figure.wallS.toFixed(2)} s wall, ${figure.objectsPerCpuSecond.toFixed(0)} objects per CPU second`;
  const lines = [
    `Measured by \`node tools/bench/files-bench.js\` (and \`npm run bench\`) on ${figures.cores} core(s) shared with other work, Node ${figures.node}: ` +
      `${figures.objects} plain objects in ${figures.files} files, medians of ${figures.runs} alternating rounds; ` +
      `one-minute load average ${figures.loadAverage.toFixed(1)} at the end.`,
    '',
    '| side | figures |',
    '| --- | --- |',
    `| \`validate -f\`, the default (a thread per idle core) | ${cell(threads)} |`,
    `| \`validate -f\`, one thread (\`CONSUL_GITOPS_FILE_THREADS=1\`) | ${cell(oneThread)} |`,
    `| \`validate -f\`, a thread per core (\`CONSUL_GITOPS_FILE_THREADS=${figures.cores}\`) | ${cell(figures.threadPerCore)} |`,
  ];
  if (!kubeconform) return [...lines, '', 'kubeconform was not built (`npm run go-tools`): not compared.'].join('\n');
  const perCpu = oneThread.objectsPerCpuSecond / kubeconform.oneWorker.objectsPerCpuSecond;
  const wall = kubeconform.workers.wallS / threads.wallS;
  const verdict = (met) => (met ? 'met' : 'missed');
  return [
    ...lines,
    `| kubeconform ${kubeconform.version} \`-strict\`, 1 worker | ${cell(kubeconform.oneWorker)} |`,
    `| kubeconform, its default 4 workers | ${cell(kubeconform.workers)} |`,
    '',
    `Per CPU second, one thread against kubeconform's 1 worker: ${perCpu.toFixed(2)}× (target ≥ 1.50: ${verdict(perCpu >= 1.5)}). ` +
      `Wall speed of the default against its 4 workers: ${wall.toFixed(2)}× (target ≥ 1.00: ${verdict(wall >= 1)}).`,
  ].join('\n');
}
