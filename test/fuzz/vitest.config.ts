import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** The fuzz regressions only: the main config leaves test/fuzz out, as its campaign is `npm run fuzz`. */
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/fuzz/regressions.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
