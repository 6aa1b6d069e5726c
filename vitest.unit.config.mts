import { defineConfig } from 'vitest/config';

/**
 * `npm run test:unit`: the tests of pure parts (model, planner, graph, loaders, exporters, the apply phases against
 * a fake client), in seconds and without a Docker daemon. DOCKER_HOST points nowhere, so a test that needs the
 * daemon fails here and is seen to belong in the full run (`npm test`).
 */
export default defineConfig({
  test: {
    include: [
      'test/{model,plan,graph,config,export,targets,apply,bench}/**/*.test.ts',
      'test/code-cache.test.ts',
      'test/extra-ca-certs.test.ts',
      'test/make-dirs.test.ts',
      'test/import/{interpolate,merge-service,import-compose,cli,read-compose-file,warning-lines}.test.ts',
      'test/dev/{recent-deletions,watch-rules,file-watcher}.test.ts',
      'test/docker/{build-context,build-output,classify-error,create-options,endpoint,image-ids,map-inspect,podman-health,registry-auth,stream-lines}.test.ts',
    ],
    globalSetup: ['test/helpers/unit-setup.ts'],
    // Speed (issue 14: under 20 s on 2 cores). Vitest's default on 2 cores is one worker, and isolation re-imports
    // vitest, the source and its dependencies for each of ~60 files: half the run's CPU. No unit test keeps state
    // between files (no module mocks, fake timers or environment left behind), so the files share two workers.
    pool: 'threads',
    isolate: false,
    maxWorkers: 2,
    // A few files start the built CLI; on a loaded machine one spawn can take seconds. A limit, not an assertion.
    testTimeout: 30_000,
    // The first file to find dist/ older than src/ builds it (ensureBuilt) while the others wait.
    hookTimeout: 120_000,
    env: { DOCKER_HOST: 'unix:///nonexistent/stackfile-unit-tests-use-no-daemon.sock' },
  },
});
