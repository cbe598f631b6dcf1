/**
 * The tests `npm run mutate` (StrykerJS) runs against each mutant: the unit tests of the folders it
 * mutates (stryker.config.mjs), not the whole suite, so a run fits a shared 2-core machine. A folder
 * added to Stryker's `mutate` brings its unit tests here.
 */
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

export default defineConfig({
  test: {
    ...base.test,
    include: ['tests/model/*.test.ts'],
  },
});
