import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/bench/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll waits for a state to arrive (rows in a browser, a peer's answer); on a loaded two-core CI machine
    // that can take past the default second. How fast things arrive is measured by the benchmarks, not here.
    expect: { poll: { timeout: 5_000 } },
    pool: 'forks',
    globalSetup: ['test/setup/build-cli.ts'],
    setupFiles: ['test/setup/property-seed.ts'],
  },
});
