// Run: `npx stack up` here, then open http://localhost:8088 (WEB_PORT=8000 npx stack up publishes another port);
// `npx stack config --env prod` shows the prod overlay.
// db → api → web, all busybox: db serves a status file over HTTP and is healthy once it answers; web waits for api.
import { defineStack, secret } from 'stackfile';

const image = 'stackfile-test/busybox:latest';

// The function form reads variables (the environment, .env files) as ctx.vars.
export default defineStack((ctx) => ({
  name: 'three-tier',
  services: {
    db: {
      image,
      init: true,
      // A stand-in database: writes its status into the named volume and serves it on :5432.
      command: ['sh', '-c', 'echo ready > /data/status && exec httpd -f -p 5432 -h /data'],
      volumes: ['dbdata:/data'],
      networks: ['backend'],
      environment: { DB_PASSWORD: secret.value('dev-only-password') },
      healthcheck: {
        test: ['CMD-SHELL', 'wget -q -O - http://127.0.0.1:5432/status | grep -q ready'],
        interval: '1s',
        timeout: '2s',
        retries: 20,
        startPeriod: '1s',
      },
    },
    api: {
      image,
      init: true,
      // Starts only after db is healthy, so this first request to it succeeds.
      command: ['sh', '-c', 'mkdir -p /www && wget -q -O /www/db-status http://db:5432/status && echo "api ($LOG_LEVEL)" > /www/index.html && exec httpd -f -p 3000 -h /www'],
      environment: { LOG_LEVEL: 'info', DB_URL: 'http://db:5432' },
      networks: ['backend', 'frontend'],
      dependsOn: { db: 'healthy' },
    },
    web: {
      image,
      init: true,
      command: ['sh', '-c', 'mkdir -p /www && echo "web in front of http://api:3000" > /www/index.html && exec httpd -f -p 8080 -h /www'],
      ports: [`${ctx.vars.WEB_PORT ?? '8088'}:8080`],
      networks: ['frontend'],
      dependsOn: ['api'],
    },
  },
  volumes: { dbdata: {} },
  networks: { backend: { internal: true }, frontend: {} },
  envs: {
    dev: {
      services: {
        api: { environment: { LOG_LEVEL: 'debug' } },
        db: { ports: ['127.0.0.1:5432:5432'] },
      },
      // Published ports need a network with outside connectivity.
      networks: { backend: { internal: false } },
    },
    prod: {
      services: {
        db: { restart: 'unless-stopped', stopGracePeriod: '30s' },
        api: { replicas: 2, restart: 'unless-stopped', environment: { LOG_LEVEL: 'warn', DB_URL: null } },
        web: { restart: 'unless-stopped', ports: ['80:8080'] },
      },
    },
  },
}));
