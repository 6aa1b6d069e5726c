// A starting point: `stack init` copies this file. Run `stack plan` to see what `stack up` would do.
import { defineStack } from 'stackfile';

export default defineStack({
  services: {
    web: {
      image: 'nginx:1.27',
      ports: ['8080:80'],
      dependsOn: { api: 'healthy' },
    },
    api: {
      build: './api',
      environment: { LOG_LEVEL: 'info' },
      healthcheck: { test: ['CMD', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:3000/health'], interval: '2s', retries: 15 },
    },
  },
  envs: {
    prod: { services: { api: { replicas: 2, restart: 'unless-stopped', environment: { LOG_LEVEL: 'warn' } } } },
  },
});
