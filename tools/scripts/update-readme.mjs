// Rewrite the README's rule table from the rule catalog (`npm run docs`). tests/docs checks they agree.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { rulesMarkdown } from '../dist/cli/commands/rules.js';

const readme = fileURLToPath(new URL('../../README.md', import.meta.url));
const text = readFileSync(readme, 'utf8');
// A replacer function: the table may contain "$$", which a replacement string would collapse.
const updated = text.replace(
  /<!-- rules:start -->[\s\S]*<!-- rules:end -->/,
  () => `<!-- rules:start -->\n${rulesMarkdown()}\n<!-- rules:end -->`,
);
writeFileSync(readme, updated);
console.log(updated === text ? 'README rule table already current' : 'README rule table updated');
