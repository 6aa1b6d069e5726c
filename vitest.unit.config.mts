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
      'test/import/{interpolate,merge-service,import-compose,cli}.test.ts',
      'test/dev/{recent-deletions,watch-rules,file-watcher}.test.ts',
      'test/docker/{build-context,build-output,classify-error,create-options,endpoint,image-ids,map-inspect,podman-health,registry-auth,stream-lines}.test.ts',
    ],
    globalSetup: ['test/helpers/unit-setup.ts'],
    pool: 'forks',
    env: { DOCKER_HOST: 'unix:///nonexistent/stackfile-unit-tests-use-no-daemon.sock' },
  },
});
