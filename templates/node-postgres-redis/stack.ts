// A Node API with Postgres and Redis. The API starts once both are healthy.
//   npx stack up --env dev    source mounted into the container, node --watch, Postgres on 127.0.0.1:5432
//   npx stack up --env prod   production build, restart policies, password required from the environment
// `npx stack config --env prod` prints what an env resolves to.
import { defineStack, secret } from 'stackfile';

export default defineStack(({ env, vars }) => {
  // prod must get its password from outside (.env.prod, the environment); elsewhere a dev default is fine.
  const password = env === 'prod' ? secret('POSTGRES_PASSWORD') : secret.value(vars.POSTGRES_PASSWORD ?? 'dev-only-password');
  return {
    services: {
      db: {
        image: 'postgres:16-alpine',
        // The password as a file in the container (/run/secrets/pg_password), out of `docker inspect`.
        environment: { POSTGRES_USER: 'app', POSTGRES_DB: 'app', POSTGRES_PASSWORD_FILE: '/run/secrets/pg_password' },
        secrets: { pg_password: password },
        volumes: ['pgdata:/var/lib/postgresql/data'],
        healthcheck: { test: ['CMD-SHELL', 'pg_isready -U app -d app'], interval: '2s', timeout: '3s', retries: 15, startPeriod: '5s' },
      },
      cache: {
        image: 'redis:7-alpine',
        volumes: ['redisdata:/data'],
        healthcheck: { test: ['CMD', 'redis-cli', 'ping'], interval: '2s', timeout: '3s', retries: 15 },
      },
      api: {
        build: { context: './api', target: 'prod' },
        ports: [`${vars.API_PORT ?? '3000'}:3000`],
        // node-postgres reads the PG* variables; the password stays out of stackfile's output and labels.
        environment: { PGHOST: 'db', PGUSER: 'app', PGDATABASE: 'app', PGPASSWORD: password, REDIS_URL: 'redis://cache:6379', LOG_LEVEL: 'info' },
        dependsOn: { db: 'healthy', cache: 'healthy' },
        healthcheck: { test: ['CMD', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:3000/health'], interval: '5s', retries: 10, startPeriod: '5s' },
      },
    },
    volumes: { pgdata: {}, redisdata: {} },
    envs: {
      dev: {
        services: {
          // The dev stage runs node --watch; the anonymous volume keeps the image's node_modules under the mount.
          api: { build: { context: './api', target: 'dev' }, volumes: ['./api:/app', '/app/node_modules'], environment: { LOG_LEVEL: 'debug' } },
          db: { ports: ['127.0.0.1:5432:5432'] },
        },
      },
      prod: {
        services: {
          api: { restart: 'unless-stopped', environment: { LOG_LEVEL: 'warn' }, resources: { memory: '512m' } },
          db: { restart: 'unless-stopped', stopGracePeriod: '30s' },
          cache: { restart: 'unless-stopped' },
        },
      },
    },
  };
});
