import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Hang guards, not speed targets (those live in npm run bench): generous for a loaded 2-core machine.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
});
