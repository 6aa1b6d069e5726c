// One stack.ts, two targets: `npx stack up` runs it on this Docker engine; `npx stack up --env prod` deploys it to the
// Docker Swarm whose manager DOCKER_HOST names (here: the local two-node swarm of `node scripts/local-swarm.mjs up`).
// See README.md next to this file.
import { defineStack, secret } from 'stackfile';

export default defineStack((ctx) => {
  // Every node of a swarm pulls the image, so on swarm it comes from a registry they all reach.
  const image = ctx.env === 'prod' ? `${ctx.vars.REGISTRY ?? '127.0.0.1:5058'}/stackfile-test/busybox:latest` : 'stackfile-test/busybox:latest';
  return {
    name: 'swarm-demo',
    services: {
      db: {
        image,
        init: true,
        // A stand-in database: keeps its status in the named volume (one per node on swarm) and serves it on :5432.
        command: ['sh', '-c', 'test -f /data/status || echo ready > /data/status; exec httpd -f -p 5432 -h /data'],
        volumes: ['dbdata:/data'],
        secrets: { db_password: secret.value(ctx.vars.DB_PASSWORD ?? 'demo-only-password') },
        healthcheck: { test: ['CMD-SHELL', 'wget -q -O - http://127.0.0.1:5432/status | grep -q ready'], interval: '1s', timeout: '2s', retries: 20 },
        deploy: { endpointMode: 'dnsrr' },
      },
      web: {
        image,
        init: true,
        command: ['sh', '-c', 'mkdir -p /www && echo "web ($GREETING) on $(hostname)" > /www/index.html && exec httpd -f -p 8080 -h /www'],
        environment: { GREETING: ctx.vars.GREETING ?? 'hello' },
        ports: [`${ctx.vars.WEB_PORT ?? '8089'}:8080`],
        healthcheck: { test: ['CMD-SHELL', 'wget -q -O - http://127.0.0.1:8080/ >/dev/null'], interval: '1s', timeout: '2s', retries: 10 },
        dependsOn: { db: 'healthy' },
        deploy: {
          // This machine's kernel has no IPVS: DNS round robin instead of a virtual IP (real clusters can drop this).
          endpointMode: 'dnsrr',
          updateConfig: { order: 'start-first', failureAction: 'rollback', monitor: '5s' },
          placement: { preferences: [{ spread: 'node.id' }] },
        },
      },
    },
    volumes: { dbdata: {} },
    envs: {
      // On a cluster the routing mesh publishes the port on every node; this machine has no IPVS (see README.md),
      // so here the stack is reached from a container on its network instead (stack exec, or docker run --network).
      prod: { target: 'swarm', services: { web: { replicas: 2, ports: [] } } },
    },
  };
});
