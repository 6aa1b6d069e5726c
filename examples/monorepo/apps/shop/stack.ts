// The shop: its API with a Postgres and two Redis instances (cache and sessions) from @acme/stack-modules.
import { defineStack, secret } from 'stackfile';
import { postgres, redis } from '@acme/stack-modules';

export default defineStack(({ env }) => {
  const password = env === 'prod' ? secret('SHOP_DB_PASSWORD') : secret.value('dev-only-password');
  const db = postgres({ name: 'db', password });
  const cache = redis({ name: 'cache', maxMemory: '256mb' });
  const sessions = redis({ name: 'sessions' });
  return {
    name: 'shop',
    modules: [db, cache, sessions],
    services: {
      api: {
        image: 'ghcr.io/acme/shop-api:1.4.2',
        ports: ['8080:8080'],
        // Typed outputs: renaming a module's output is a compile error here, not a broken container.
        environment: { DATABASE_URL: db.url, DATABASE_PASSWORD: password, CACHE_URL: cache.url, SESSION_URL: sessions.url },
        dependsOn: { [db.service]: 'healthy', [cache.service]: 'healthy', [sessions.service]: 'healthy' },
      },
    },
    envs: {
      // Env overlays apply after modules, so they reach module services too.
      dev: { services: { db: { ports: ['127.0.0.1:5432:5432'] } } },
      prod: { services: { api: { restart: 'unless-stopped', resources: { memory: '1g' } }, db: { restart: 'unless-stopped', stopGracePeriod: '30s' } } },
    },
  };
});
