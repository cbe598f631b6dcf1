// Rewrite the README's rule table from the rule catalog, and the api-server parity figures from the committed
// verdicts and known disagreements (`npm run docs`). tests/docs checks they agree.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { rulesMarkdown } from '../dist/cli/commands/rules.js';
import { parityMarkdown } from './parity-verdicts.mjs';

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
