// The blog: same Postgres module, an older version and its own database; only stackfile modules, no Redis.
import { defineStack, secret } from 'stackfile';
import { postgres } from '@acme/stack-modules';

const db = postgres({ name: 'blogdb', version: '15', database: 'blog', password: secret.value('dev-only-password') });

export default defineStack({
  name: 'blog',
  modules: [db],
  services: {
    blog: {
      image: 'ghcr.io/acme/blog:2.0.1',
      ports: ['8081:2368'],
      environment: { DB_HOST: db.host, DB_USER: db.user, DB_NAME: db.database },
      dependsOn: { [db.service]: 'healthy' },
    },
  },
  // Changes to a module's service go in overrides: deep-merged like an env overlay.
  overrides: { services: { blogdb: { stopGracePeriod: '30s', healthcheck: { interval: '5s' } } } },
});
