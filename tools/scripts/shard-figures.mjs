// The shard benchmark's figures (tools/bench/results/shards.json, written by tools/bench/shard-bench.js) as
// the Markdown block of docs/delivery.md (`npm run docs` writes it; tests/docs/delivery.test.ts checks it).
const s = (value) => `${value.toFixed(1)} s`;

export function shardFiguresMarkdown(figures) {
  const lines = [
    `Fleet of ${figures.total} generated environments (${figures.projects} affected projects: the changed overlays and argocd/), ` +
      `measured on ${figures.cores} core(s) shared with other work, Node ${figures.node}, ` +
      `${figures.kustomize ?? 'kustomize not recorded (a run before the bench recorded it)'}, shards run one after another.`,
    '',
    `Fixed cost per pull request (plan job): ${s(figures.fixed.cpuS)} CPU, ${s(figures.fixed.wallS)} wall (\`generate --check\` and \`nx show projects --affected\`).`,
    '',
    '| shard of the 16-runner plan | projects | CPU (user + sys) | wall |',
    '| --- | ---: | ---: | ---: |',
    ...figures.measured.map(
      (run) => `| ${run.shard}/${figures.planned}${run.argocd ? ' (argocd/)' : ''} | ${run.projects} | ${s(run.cpuS)} | ${s(run.wallS)} |`,
    ),
    '',
    `Measured: ${figures.measured.length} of ${figures.planned} shards; ${s(figures.cpuPerProject)} CPU per overlay project. ` +
      (figures.argocdMeasured
        ? `argocd/'s shard measured: ${s(figures.argocdCpuS)} CPU.`
        : `argocd/'s shard not run here; estimated as half its overlays' CPU: ${s(figures.argocdCpuS)}.`),
    '',
    "| runners (N) | shards | largest shard (projects) | estimated wall: fixed + largest shard (its CPU / cores, at least argocd/'s CPU) |",
    '| ---: | ---: | ---: | ---: |',
    ...figures.estimates.map((row) => `| ${row.runners} | ${row.shards} | ${row.largestProjects} | ${s(row.wallS)} |`),
  ];
  return lines.join('\n');
}
