import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests talk to a real daemon; builds, pulls and health waits take seconds, not milliseconds.
    testTimeout: 90_000,
    hookTimeout: 120_000,
    globalSetup: ['test/helpers/global-setup.ts'],
    pool: 'forks',
    reporters: ['default'],
    // Type-level tests: one tsc over test/types/tsconfig.json (those files and what they import); an
    // `@ts-expect-error` that stops being an error fails the run. Not in test:unit, whose landing recipe runs tsc anyway.
    typecheck: {
      enabled: true,
      include: ['test/types/**/*.test-d.ts', 'test/model/{module,compose}-types.test.ts'],
      tsconfig: 'test/types/tsconfig.json',
    },
  },
});
