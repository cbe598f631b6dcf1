/**
 * The hand-made mutants of `npm run mutate:rules` stay applicable: each `find` occurs exactly once in its
 * file, whitespace aside, so moving or reformatting a rule cannot silently orphan a mutant (the script
 * would refuse to start; this test says so in `npm test`, before anyone runs the slow check).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: plain JavaScript module without types
import { applyMutant, checkMutants, occurrences } from '../../tools/scripts/mutant-list.mjs';
import { REPO_ROOT } from '../helpers/repo.js';

const list = JSON.parse(readFileSync(join(REPO_ROOT, 'tools/scripts/rule-mutants.json'), 'utf8')) as { mutants: unknown[] };

describe('rule mutants', () => {
  it('every mutant in rule-mutants.json applies to exactly one place in its file', () => {
    expect(checkMutants(list, REPO_ROOT)).toEqual([]);
  });

  it('a find matches across a line break and indentation, and only the one place changes', () => {
    const text = 'const a = 1;\nif (http > 0)\n  violations.push(x);\nconst b = 2;\n';
    expect(occurrences(text, 'if (http > 0) violations.push(')).toBe(1);
    expect(applyMutant(text, 'if (http > 0) violations.push(', 'if (http >= 0) violations.push(')).toBe(
      'const a = 1;\nif (http >= 0) violations.push(x);\nconst b = 2;\n',
    );
  });

  it('a find that is not there, or there twice, is reported with the mutant and the file', () => {
    const problems = checkMutants(
      {
        mutants: [
          { rule: 'r', description: 'gone', file: 'tools/src/model/quorum-math.ts', find: 'no such text anywhere (x)', replace: 'y' },
          { rule: 'r', description: 'outside', file: 'README.md', find: '#', replace: '##' },
        ],
      },
      REPO_ROOT,
    );
    expect(problems).toEqual([
      expect.stringMatching(/^mutant 0 \(r: gone\): find occurs 0 times in tools\/src\/model\/quorum-math\.ts, not once$/),
      expect.stringMatching(/^mutant 1 \(r: outside\): README\.md is not under tools\/src$/),
      expect.stringMatching(/^mutant 1 \(r: outside\): find occurs \d+ times in README\.md, not once$/),
    ]);
  });
});
