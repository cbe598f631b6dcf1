// The generated parts of the docs (README.md, CONTRIBUTING.md, docs/*.md): the rule table, the api-server parity
// figures and the measured figures of docs/figures.json. `npm run docs` (update-docs.mjs) writes them and
// tests/docs/figures.test.ts holds every file equal to what this module generates.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every Markdown file a reader is sent to, as repository paths. */
export function docFiles(root) {
  const docs = readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`);
  return ['README.md', 'CONTRIBUTING.md', ...docs];
}

/** docs/figures.json flattened to `suite.tests` -> 2938. */
export function readFigures(root) {
  const record = JSON.parse(readFileSync(join(root, 'docs/figures.json'), 'utf8'));
  const flat = {};
  const walk = (value, prefix) => {
    for (const [key, inner] of Object.entries(value)) {
      if (key.startsWith('$')) continue;
      if (inner !== null && typeof inner === 'object') walk(inner, `${prefix}${key}.`);
      else flat[`${prefix}${key}`] = inner;
    }
  };
  walk(record, '');
  return flat;
}

/** How a figure reads in prose: numbers with thousands separators. */
export function figureText(value) {
  return typeof value === 'number' ? value.toLocaleString('en-US') : String(value);
}

const FIGURE = /<!-- figure:([\w.-]+) -->[\s\S]*?<!-- \/figure -->/g;

/** The names of the figure markers a text holds. */
export function figureNames(text) {
  return [...text.matchAll(FIGURE)].map((match) => match[1]);
}

/**
 * A doc with its generated parts rewritten: the blocks between `<!-- rules:start -->`/`<!-- rules:end -->`
 * and `<!-- parity:start -->`/`<!-- parity:end -->`, docs/performance.md's `<!-- bench:start -->` block (the bench's
 * render figures, when given; tests/docs/docs.test.ts checks it), docs/delivery.md's `<!-- shards:start -->` block (the shard
 * bench's figures, when given; tests/docs/delivery.test.ts checks that one), docs/testing.md's `<!-- mutation:start -->`
 * block (the Stryker scores, when given; tests/docs/docs.test.ts checks it), docs/performance.md's `<!-- files-bench:start -->`
 * block (the files-mode bench, when given), and every `<!-- figure:NAME -->...<!-- /figure -->`.
 * Replacer functions: a table may contain "$$", which a replacement string would collapse.
 */
export function refreshDoc(text, { rules, parity, figures, shards, bench, mutation, files }) {
  return text
    .replace(/<!-- mutation:start -->[\s\S]*<!-- mutation:end -->/, (whole) =>
      mutation === undefined ? whole : `<!-- mutation:start -->\n${mutation}\n<!-- mutation:end -->`,
    )
    .replace(/<!-- files-bench:start -->[\s\S]*<!-- files-bench:end -->/, (whole) =>
      files === undefined ? whole : `<!-- files-bench:start -->\n${files}\n<!-- files-bench:end -->`,
    )
    .replace(/<!-- bench:start -->[\s\S]*<!-- bench:end -->/, (whole) =>
      bench === undefined ? whole : `<!-- bench:start -->\n${bench}\n<!-- bench:end -->`,
    )
    .replace(/<!-- shards:start -->[\s\S]*<!-- shards:end -->/, (whole) =>
      shards === undefined ? whole : `<!-- shards:start -->\n${shards}\n<!-- shards:end -->`,
    )
    .replace(/<!-- rules:start -->[\s\S]*<!-- rules:end -->/, () => `<!-- rules:start -->\n${rules}\n<!-- rules:end -->`)
    .replace(/<!-- parity:start -->[\s\S]*<!-- parity:end -->/, () => `<!-- parity:start -->\n${parity}\n<!-- parity:end -->`)
    .replace(FIGURE, (whole, name) => (name in figures ? `<!-- figure:${name} -->${figureText(figures[name])}<!-- /figure -->` : whole));
}
