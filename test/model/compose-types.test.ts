/**
 * What the types of the Compose keys accept and reject: each `@ts-expect-error` fails `npm run typecheck` (tsc over
 * test/) if that line stops being an error; the runtime test keeps vitest honest.
 */
import { expect, test } from 'vitest';
import { defineStack } from '../../src/define';
import { secret } from '../../src/model/secret';

function typeOnly(): void {
  defineStack({
    'x-anchors': { anything: [1, 2] },
    secrets: { pw: secret('PW'), shared: { external: true, name: 'prod_pw' } },
    configs: { a: { file: './a.conf' }, b: { content: 'x' }, c: { environment: 'C' }, d: { external: true } },
    services: {
      api: {
        'x-team': 'core',
        image: 'api',
        expose: ['8080', 9000],
        platform: 'linux/amd64',
        runtime: 'runc',
        networkMode: 'service:vpn',
        dns: ['1.1.1.1'],
        dnsSearch: 'example.com',
        dnsOpt: ['ndots:1'],
        pid: 'host',
        ipc: 'shareable',
        devices: ['/dev/fuse', { source: '/dev/snd', permissions: 'rw' }],
        securityOpt: ['no-new-privileges:true'],
        tmpfs: '/run',
        logging: { driver: 'json-file', options: { 'max-size': '1m' } },
        secrets: ['pw', { source: 'shared', target: '/run/secrets/x', uid: '1000', mode: 0o400 }],
        configs: ['a', { source: 'b', target: '/etc/b' }],
        ports: [{ target: 80, published: 8080, mode: 'host', name: 'web', appProtocol: 'http' }],
        build: { context: '.', args: ['A=1', 'B'], cacheFrom: ['api:cache'], labels: ['a=b'], network: 'host', extraHosts: ['h:1.2.3.4'] },
        deploy: {
          mode: 'replicated', replicas: 2, endpointMode: 'dnsrr', labels: ['a=b'],
          placement: { constraints: ['node.role == worker'], preferences: [{ spread: 'node.id' }], maxReplicasPerNode: 1 },
          resources: { limits: { cpus: '0.5', memory: '256m', pids: 100 }, reservations: { cpus: 0.25, memory: '128m' } },
          restartPolicy: { condition: 'on-failure', delay: '5s', maxAttempts: 3, window: '1m' },
          updateConfig: { parallelism: 1, order: 'start-first', failureAction: 'rollback', monitor: '10s', maxFailureRatio: 0.1, delay: 0 },
          rollbackConfig: { order: 'stop-first' },
        },
        networks: { back: { ipv4Address: '10.0.0.2', ipv6Address: 'fd00::2', priority: 5, linkLocalIps: ['169.254.1.1'] } },
        volumes: ['./conf:/conf:ro,Z', { type: 'bind', source: './data', target: '/data', bind: { selinux: 'z' } }, { type: 'volume', source: 'v', target: '/v', volume: { nocopy: true } }],
      },
      vpn: { image: 'vpn', networkMode: 'container:other' },
    },
    networks: { back: { enableIpv6: true } },
  });
  // @ts-expect-error not a network mode
  defineStack({ services: { a: { image: 'x', networkMode: 'bridged' } } });
  // @ts-expect-error a misspelt key is still an error next to the x-* extension keys
  defineStack({ services: { a: { image: 'x', exposee: ['80'] } } });
  // @ts-expect-error deploy's keys are typed too
  defineStack({ services: { a: { image: 'x', deploy: { replica: 2 } } } });
  // @ts-expect-error a top-level secret is a secret() or external, never a plain string
  defineStack({ secrets: { pw: 'hunter2' }, services: {} });
  // @ts-expect-error SELinux takes z or Z, as Docker's bind option
  defineStack({ services: { a: { image: 'x', volumes: [{ type: 'bind', source: '.', target: '/x', bind: { selinux: 'shared' } }] } } });
  // @ts-expect-error a config takes one of file, content, environment or external
  defineStack({ configs: { c: { path: './c' } }, services: {} });
}

test('the type-level checks above compile (see npm run typecheck)', () => {
  expect(typeof typeOnly).toBe('function');
});
