// Rewrite the generated parts of the docs (`npm run docs`): the rule table from the rule catalog, the api-server parity
// figures from the committed verdicts and known disagreements, docs/performance.md's render figures from
// tools/bench/results/bench.json and its files-mode figures from tools/bench/results/files.json, docs/delivery.md's shard figures from
// tools/bench/results/shards.json, docs/testing.md's mutation scores from reports/stryker-incremental.json
// (tools/scripts/mutation-figures.mjs), and the measured figures from docs/figures.json, in
// README.md, CONTRIBUTING.md and docs/*.md. tests/docs checks they agree.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rulesMarkdown } from '../dist/cli/commands/rules.js';
import { docFiles, readFigures, refreshDoc } from './doc-blocks.mjs';
import { parityMarkdown } from './parity-verdicts.mjs';
import { shardFiguresMarkdown } from './shard-figures.mjs';
import { benchFiguresMarkdown, filesFiguresMarkdown } from './bench-figures.mjs';
import { repositoryMutationMarkdown } from './mutation-figures.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const blocks = {
  rules: rulesMarkdown(),
  parity: parityMarkdown(root),
  figures: readFigures(root),
  shards: shardFiguresMarkdown(JSON.parse(readFileSync(join(root, 'tools/bench/results/shards.json'), 'utf8'))),
  bench: benchFiguresMarkdown(JSON.parse(readFileSync(join(root, 'tools/bench/results/bench.json'), 'utf8'))),
  mutation: repositoryMutationMarkdown(root),
  files: filesFiguresMarkdown(JSON.parse(readFileSync(join(root, 'tools/bench/results/files.json'), 'utf8'))),
};
const changed = [];
for (const file of docFiles(root)) {
  const text = readFileSync(join(root, file), 'utf8');
  const updated = refreshDoc(text, blocks);
  if (updated !== text) {
    writeFileSync(join(root, file), updated);
    changed.push(file);
  }
}
console.log(changed.length === 0 ? 'docs already current' : `docs updated: ${changed.join(', ')}`);
