// A classic web app: nginx in front, a Node API, Postgres and Redis. Startup is gated on health:
// db and cache healthy → migrate runs to completion → api healthy → web. See README.md.
import { defineStack, secret } from 'stackfile';

export default defineStack({
  name: 'webshop',
  services: {
    db: {
      image: 'postgres:16-alpine',
      environment: { POSTGRES_USER: 'shop', POSTGRES_DB: 'shop', POSTGRES_PASSWORD: secret.value('dev-only-password') },
      volumes: ['pgdata:/var/lib/postgresql/data'],
      networks: ['backend'],
      healthcheck: { test: ['CMD-SHELL', 'pg_isready -U shop -d shop'], interval: '2s', timeout: '3s', retries: 15, startPeriod: '5s' },
    },
    cache: {
      image: 'redis:7-alpine',
      command: ['redis-server', '--maxmemory', '128mb', '--maxmemory-policy', 'allkeys-lru'],
      networks: ['backend'],
      healthcheck: { test: ['CMD', 'redis-cli', 'ping'], interval: '2s', retries: 15 },
    },
    // A one-shot job: api waits for it to exit 0 ('completed'), and the next `stack up` does not rerun it.
    migrate: {
      build: './api',
      command: ['node', 'src/migrate.js'],
      environment: { PGHOST: 'db', PGUSER: 'shop', PGDATABASE: 'shop', PGPASSWORD: secret.value('dev-only-password') },
      networks: ['backend'],
      dependsOn: { db: 'healthy' },
    },
    api: {
      build: './api',
      environment: {
        PGHOST: 'db',
        PGUSER: 'shop',
        PGDATABASE: 'shop',
        PGPASSWORD: secret.value('dev-only-password'),
        REDIS_URL: 'redis://cache:6379',
        LOG_LEVEL: 'info',
      },
      networks: ['backend', 'frontend'],
      dependsOn: { db: 'healthy', cache: 'healthy', migrate: 'completed' },
      healthcheck: { test: ['CMD', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:3000/health'], interval: '3s', retries: 10, startPeriod: '3s' },
    },
    web: {
      image: 'nginx:1.27-alpine',
      ports: ['8080:80'],
      volumes: ['./web/nginx.conf:/etc/nginx/conf.d/default.conf:ro', './web/public:/usr/share/nginx/html:ro'],
      networks: ['frontend'],
      dependsOn: { api: 'healthy' },
    },
  },
  volumes: { pgdata: {} },
  // backend has no way out of the host: only api and web are reachable from outside, through web.
  networks: { backend: { internal: true }, frontend: {} },
  envs: {
    dev: {
      services: {
        api: { volumes: ['./api/src:/app/src'], command: ['node', '--watch', 'src/server.js'], environment: { LOG_LEVEL: 'debug' } },
        db: { ports: ['127.0.0.1:5432:5432'] },
      },
      // A published port needs a network with a way out.
      networks: { backend: { internal: false } },
    },
    prod: {
      services: {
        db: { environment: { POSTGRES_PASSWORD: secret('POSTGRES_PASSWORD') }, restart: 'unless-stopped', stopGracePeriod: '30s' },
        migrate: { environment: { PGPASSWORD: secret('POSTGRES_PASSWORD') } },
        api: { environment: { PGPASSWORD: secret('POSTGRES_PASSWORD'), LOG_LEVEL: 'warn' }, replicas: 2, restart: 'unless-stopped', resources: { cpus: 1, memory: '512m' } },
        cache: { restart: 'unless-stopped' },
        web: { ports: ['80:80'], restart: 'unless-stopped' },
      },
    },
  },
});
