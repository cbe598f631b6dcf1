// Rewrite the README's rule table from the rule catalog, and the api-server parity figures from the committed
// verdicts and known disagreements (`npm run docs`), and docs/delivery.md's shard figures from the committed
// tools/bench/results/shards.json. tests/docs checks they agree.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { rulesMarkdown } from '../dist/cli/commands/rules.js';
import { parityMarkdown } from './parity-verdicts.mjs';
import { shardFiguresMarkdown } from './shard-figures.mjs';

const readme = fileURLToPath(new URL('../../README.md', import.meta.url));
const text = readFileSync(readme, 'utf8');
// A replacer function: the table may contain "$$", which a replacement string would collapse.
const updated = text
  .replace(/<!-- rules:start -->[\s\S]*<!-- rules:end -->/, () => `<!-- rules:start -->\n${rulesMarkdown()}\n<!-- rules:end -->`)
  .replace(
    /<!-- parity:start -->[\s\S]*<!-- parity:end -->/,
    () => `<!-- parity:start -->\n${parityMarkdown(fileURLToPath(new URL('../..', import.meta.url)))}\n<!-- parity:end -->`,
  );
writeFileSync(readme, updated);
console.log(updated === text ? 'README tables already current' : 'README tables updated');

// docs/delivery.md: the shard benchmark's figures (tools/bench/results/shards.json).
const delivery = fileURLToPath(new URL('../../docs/delivery.md', import.meta.url));
const figures = JSON.parse(readFileSync(fileURLToPath(new URL('../bench/results/shards.json', import.meta.url)), 'utf8'));
const deliveryText = readFileSync(delivery, 'utf8');
const deliveryUpdated = deliveryText.replace(
  /<!-- shards:start -->[\s\S]*<!-- shards:end -->/,
  () => `<!-- shards:start -->\n${shardFiguresMarkdown(figures)}\n<!-- shards:end -->`,
);
writeFileSync(delivery, deliveryUpdated);
console.log(deliveryUpdated === deliveryText ? 'docs/delivery.md figures already current' : 'docs/delivery.md figures updated');
