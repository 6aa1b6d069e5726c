// One service. `npx stack up`, then open http://localhost:8080; `npx stack down` removes it.
import { defineStack } from 'stackfile';

// The function form sees the variables from .env (and the process environment) as ctx.vars.
export default defineStack((ctx) => ({
  services: {
    web: {
      image: 'nginx:1.27-alpine',
      ports: [`${ctx.vars.WEB_PORT ?? '8080'}:80`],
      healthcheck: { test: ['CMD', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1/'], interval: '5s', retries: 5 },
      restart: 'unless-stopped',
    },
  },
}));
