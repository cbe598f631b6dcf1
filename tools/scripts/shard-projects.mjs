#!/usr/bin/env node
// Split the affected Nx projects over N runners (the pull-request workflow's matrix):
//   npx nx show projects --affected --withTarget=report --json | node tools/scripts/shard-projects.mjs --shards 4
// prints {"include":[{"shard":1,"of":4,"projects":"overlay-a,overlay-d"},...]} for `strategy.matrix`.
// `tools` and the spec project `environments` are left out (the plan job checks the spec once; the tools
// have no report target). Each project weighs 1, except argocd/, whose validation renders every overlay
// for context: it weighs half the number of overlays. Heaviest first, each to the lightest shard (ties:
// the lower shard); a shard never stays empty while another has two projects. Deterministic.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const LEFT_OUT = new Set(['tools', 'environments']);

/** The weight of one project among `projects`. */
export function projectWeight(name, projects) {
  if (name !== 'argocd') return 1;
  return Math.max(1, projects.filter((project) => project.startsWith('overlay-')).length / 2);
}

/** Projects -> at most `shards` non-empty shards, each a sorted list of project names. */
export function shardProjects(projects, shards) {
  if (!Number.isInteger(shards) || shards < 1) throw new Error(`--shards must be a whole number >= 1, got ${shards}`);
  const names = [...new Set(projects)].filter((name) => !LEFT_OUT.has(name)).sort();
  const count = Math.min(shards, names.length);
  const bins = Array.from({ length: count }, () => ({ weight: 0, projects: [] }));
  const ordered = names
    .map((name) => ({ name, weight: projectWeight(name, names) }))
    .sort((a, b) => b.weight - a.weight || a.name.localeCompare(b.name));
  for (const item of ordered) {
    const lightest = bins.reduce((best, bin) => (bin.weight < best.weight ? bin : best), bins[0]);
    lightest.weight += item.weight;
    lightest.projects.push(item.name);
  }
  return bins.map((bin) => bin.projects.sort());
}

/** The GitHub Actions matrix for the shards. */
export function shardMatrix(projects, shards) {
  const split = shardProjects(projects, shards);
  return { include: split.map((list, index) => ({ shard: index + 1, of: split.length, projects: list.join(',') })) };
}

function main(argv) {
  const at = argv.indexOf('--shards');
  const shards = at === -1 ? 1 : Number(argv[at + 1]);
  if (!Number.isInteger(shards) || shards < 1) throw new Error(`--shards must be a whole number >= 1, got ${argv[at + 1]}`);
  const file = argv.filter((arg, index) => !arg.startsWith('--') && argv[index - 1] !== '--shards')[0];
  let projects;
  try {
    projects = JSON.parse(readFileSync(file ?? 0, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the project list from ${file ?? 'stdin'} (a JSON array of names): ${error.message}`, { cause: error });
  }
  if (!Array.isArray(projects) || projects.some((name) => typeof name !== 'string'))
    throw new Error(`the project list from ${file ?? 'stdin'} is not a JSON array of names`);
  process.stdout.write(`${JSON.stringify(shardMatrix(projects, shards))}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`shard-projects: ${error.message}\n`);
    process.exit(2);
  }
}
