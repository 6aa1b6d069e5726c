/** The Compose export as a pure mapping: resolved stack in, Compose document and messages out. */
import { describe, expect, test } from 'vitest';
import { secret } from '../../../src/model/secret';
import { renderCompose } from '../../../src/export/compose/render';
import { toCompose } from '../../../src/export/compose/to-compose';
import { parse } from 'yaml';
import { foldersForFile } from '../../helpers/folders';
import { resolve as resolveInput } from '../../model/builders';

const folder = foldersForFile('stackfile-export');
const IMAGE = 'img:1';

function exported(input: Record<string, unknown>, options: { dir?: string; outDir?: string; vars?: Record<string, string>; env?: string; profiles?: string[] } = {}) {
  const dir = options.dir ?? '/srv/app';
  const state = resolveInput({ name: 'shop', ...input }, { dir, vars: options.vars, env: options.env, profiles: options.profiles });
  return { state, ...toCompose(state, { outDir: options.outDir ?? dir }) };
}

const service = (input: Record<string, unknown>, extra: Record<string, unknown> = {}, options = {}) =>
  (exported({ services: { s: { image: IMAGE, ...input } }, ...extra }, options).document.services as Record<string, Record<string, unknown>>).s;

describe('services', () => {
  test('envFile → env_file naming the files (relative to the output), whose values stay out of environment', () => {
    const dir = folder({ 'app.env': 'DB_PASSWORD=from-file-s3cret\nLOG=info\n', 'local.env': 'LOG=debug\n' });
    const out = exported({ services: { s: { image: IMAGE, envFile: ['./app.env', { path: './local.env', required: false }, { path: './absent.env', required: false }], environment: { LOG: 'warn', PLAIN: 'p' } } } }, { dir, outDir: `${dir}/deploy` });
    const s = (out.document.services as Record<string, Record<string, unknown>>).s;
    expect(s.env_file).toEqual(['../app.env']);
    // LOG is set in stack.ts too, which wins over the files in Compose as in stackfile: it stays, with stack.ts's value.
    expect(s.environment).toEqual({ LOG: 'warn', PLAIN: 'p' });
    expect(JSON.stringify(out.document)).not.toContain('from-file-s3cret');
    // An optional file's values are copied in (docker-compose 1.29 has no optional env_file): here local.env's LOG,
    // overridden by stack.ts's, so nothing of it shows.
    const optional = exported({ services: { s: { image: IMAGE, envFile: ['./app.env', { path: './local.env', required: false }] } } }, { dir });
    expect((optional.document.services as Record<string, Record<string, unknown>>).s).toEqual({ image: IMAGE, env_file: ['./app.env'], environment: { LOG: 'debug' } });
    expect(out.state.services.s.environment).toMatchObject({ DB_PASSWORD: 'from-file-s3cret', LOG: 'warn' });
  });

  test('the core keys in snake_case, defaults left out', () => {
    expect(service({
      command: ['serve', '--port', '80'], entrypoint: ['/entry'], user: '1000', workingDir: '/app', init: true, stopSignal: 'SIGINT', stopGracePeriod: '20s',
      labels: { team: 'core' }, extraHosts: ['h:1.2.3.4'], hostname: 'api', tty: true, stdinOpen: true, capAdd: ['NET_ADMIN'], capDrop: ['MKNOD'], privileged: true,
      readOnly: true, shmSize: '64m', ulimits: { nofile: { soft: 1024, hard: 2048 }, nproc: 512 }, sysctls: ['net.core.somaxconn=1024'], restart: 'always',
      healthcheck: { test: ['CMD', 'true'], interval: '1m30s', timeout: '500ms', retries: 3, startPeriod: '5s' },
    })).toEqual({
      image: IMAGE, command: ['serve', '--port', '80'], entrypoint: ['/entry'], user: '1000', working_dir: '/app', init: true, stop_signal: 'SIGINT', stop_grace_period: '20s',
      labels: { team: 'core' }, extra_hosts: ['h:1.2.3.4'], hostname: 'api', tty: true, stdin_open: true, cap_add: ['NET_ADMIN'], cap_drop: ['MKNOD'], privileged: true,
      read_only: true, shm_size: '64m', ulimits: { nofile: { soft: 1024, hard: 2048 }, nproc: 512 }, sysctls: { 'net.core.somaxconn': '1024' }, restart: 'always',
      healthcheck: { test: ['CMD', 'true'], interval: '1m30s', timeout: '500ms', retries: 3, start_period: '5s' },
    });
    expect(service({})).toEqual({ image: IMAGE });
    expect(service({ healthcheck: { disable: true } }).healthcheck).toEqual({ disable: true });
    expect(service({ entrypoint: [] }).entrypoint).toBe('');
  });

  test('the Compose container settings of issue 16', () => {
    expect(service({
      expose: ['8080', '9000/udp'], platform: 'linux/amd64', runtime: 'runc', dns: '1.1.1.1', dnsSearch: 'example.com', dnsOpt: ['ndots:1'], pid: 'host', ipc: 'shareable',
      devices: ['/dev/fuse'], securityOpt: ['no-new-privileges:true'], tmpfs: ['/run:size=1m', '/tmp'], logging: { driver: 'json-file', options: { 'max-size': '1m' } },
    })).toMatchObject({
      expose: ['8080', '9000/udp'], platform: 'linux/amd64', runtime: 'runc', dns: ['1.1.1.1'], dns_search: ['example.com'], dns_opt: ['ndots:1'], pid: 'host', ipc: 'shareable',
      devices: ['/dev/fuse:/dev/fuse:rwm'], security_opt: ['no-new-privileges:true'], tmpfs: ['/run:size=1m', '/tmp'], logging: { driver: 'json-file', options: { 'max-size': '1m' } },
    });
  });

  test('dependsOn: a list when every condition is started, else the long form with Compose\'s condition names', () => {
    const doc = exported({ services: { db: { image: IMAGE }, job: { image: IMAGE }, a: { image: IMAGE, dependsOn: ['db'] }, b: { image: IMAGE, dependsOn: { db: 'healthy', job: 'completed' } } } }).document.services as Record<string, Record<string, unknown>>;
    expect(doc.a.depends_on).toEqual(['db']);
    expect(doc.b.depends_on).toEqual({ db: { condition: 'service_healthy' }, job: { condition: 'service_completed_successfully' } });
  });

  test('every $ is doubled, so Compose passes text on as stack.ts wrote it', () => {
    const s = service({ command: ['sh', '-c', 'echo $HOME'], environment: { PRICE: '$5', TEMPLATE: '$${NAME}' }, labels: { a: 'b$c' } });
    expect(s.command).toEqual(['sh', '-c', 'echo $$HOME']);
    expect(s.environment).toEqual({ PRICE: '$$5', TEMPLATE: '$${NAME}' });
    expect(s.labels).toEqual({ a: 'b$$c' });
  });

  test('replicas and resources go under deploy, the pids limit to pids_limit; Swarm settings are kept', () => {
    expect(service({ replicas: 3, resources: { cpus: 0.5, memory: '256m' }, deploy: { resources: { limits: { pids: 64 }, reservations: { memory: '128m', cpus: 0.25 } }, restartPolicy: { condition: 'on-failure', maxAttempts: 2, delay: '5s' }, placement: { constraints: ['node.role == manager'], maxReplicasPerNode: 1 }, updateConfig: { order: 'start-first', monitor: '30s', failureAction: 'rollback' }, endpointMode: 'dnsrr', labels: ['x=y'] } })).toMatchObject({
      restart: 'on-failure:2',
      pids_limit: 64,
      deploy: {
        replicas: 3,
        endpoint_mode: 'dnsrr',
        labels: { x: 'y' },
        placement: { constraints: ['node.role == manager'], max_replicas_per_node: 1 },
        resources: { limits: { cpus: '0.5', memory: '256m' }, reservations: { cpus: '0.25', memory: '128m' } },
        restart_policy: { condition: 'on-failure', delay: '5s', max_attempts: 2 },
        update_config: { order: 'start-first', monitor: '30s', failure_action: 'rollback' },
      },
    });
  });
});

describe('ports, mounts and networks', () => {
  test('ports in the short form; the long form only for mode, name and app_protocol', () => {
    expect(service({ ports: ['80', '8080:80', '127.0.0.1:8081:81', '53:53/udp', '[::1]:9000:90', '8000-8002:82', { target: 443, published: 8443, mode: 'host' }, { target: 8443, name: 'web', appProtocol: 'https' }] }).ports).toEqual([
      '80', ':8080:80'.slice(1), '127.0.0.1:8081:81', '53:53/udp', '[::1]:9000:90', '8000-8002:82', { target: 443, published: 8443, mode: 'host' }, { target: 8443 },
    ]);
  });

  test('a port\'s name and app_protocol, which 1.29 rejects, are comments inside it and a warning', () => {
    const r = exported({ services: { api: { image: IMAGE, ports: [{ target: 8080, published: 80, name: 'http', appProtocol: 'http' }] } } });
    expect(r.warnings).toEqual(['services.api.ports[0]: name: http, app_protocol: http is written as a comment, since docker-compose 1.29 rejects it; uncomment it for docker compose v2']);
    const text = renderCompose(r, r.state, 'docker-compose.yml');
    expect(text).toContain('# docker compose v2 reads this; docker-compose 1.29 rejects it:\n        # name: http\n        # app_protocol: http\n');
    const uncommented = parse(text.replace(/# (name|app_protocol): http/g, '$1: http')) as { services: Record<string, { ports: unknown }> };
    expect(uncommented.services.api.ports).toEqual([{ target: 8080, published: 80, name: 'http', app_protocol: 'http' }]);
  });

  test('bind mounts and build contexts are relative to the written file; named volumes by key', () => {
    const s = service({ build: { context: './api', dockerfile: 'Dockerfile.dev', target: 'dev', args: { A: '1' }, cacheFrom: ['c'], labels: { l: 'v' }, network: 'host', extraHosts: ['h:1.1.1.1'] }, volumes: ['data:/data:ro', './src:/app/src', '/abs:/abs', '/anon', { type: 'tmpfs', target: '/t', tmpfsSize: '1m' }] }, { volumes: { data: { name: 'shared-data' } } }, { dir: '/srv/app', outDir: '/srv/app/deploy' });
    expect(s.build).toEqual({ context: '../api', dockerfile: 'Dockerfile.dev', target: 'dev', args: { A: '1' }, cache_from: ['c'], labels: { l: 'v' }, network: 'host', extra_hosts: ['h:1.1.1.1'] });
    expect(s.volumes).toEqual(['data:/data:ro', '../src:/app/src', '../../../abs:/abs', '/anon', { type: 'tmpfs', target: '/t', tmpfs: { size: 1024 * 1024 } }]);
    expect(service({ build: '.' }).build).toEqual({ context: '.' });
    expect(service({ volumes: ['./src:/src'] }).volumes).toEqual(['./src:/src']);
  });

  test('networks by key with aliases and addresses; network_mode instead when set', () => {
    const doc = exported({
      services: { a: { image: IMAGE, networks: { back: { aliases: ['alpha'], ipv4Address: '10.0.0.5', priority: 2 }, default: null } }, b: { image: IMAGE, networks: ['back'] }, c: { image: IMAGE }, d: { image: IMAGE, networkMode: 'service:a' } },
      networks: { back: { internal: true, ipam: { config: [{ subnet: '10.0.0.0/24', ipRange: '10.0.0.128/25' }] }, enableIpv6: true }, ext: { external: true }, named: { name: 'fixed', driver: 'overlay', attachable: true } },
    }).document;
    const services = doc.services as Record<string, Record<string, unknown>>;
    expect(services.a.networks).toEqual({ back: { aliases: ['alpha'], ipv4_address: '10.0.0.5', priority: 2 }, default: null });
    expect(services.b.networks).toEqual(['back']);
    expect(services.c).not.toHaveProperty('networks');
    expect(services.d).toMatchObject({ network_mode: 'service:a', depends_on: ['a'] });
    expect(doc.networks).toEqual({ back: { internal: true, enable_ipv6: true, ipam: { config: [{ subnet: '10.0.0.0/24', ip_range: '10.0.0.128/25' }] } }, ext: { external: true }, named: { name: 'fixed', driver: 'overlay', attachable: true } });
  });

  test('volumes: external, a name of the user\'s own, driver options', () => {
    expect(exported({ services: { s: { image: IMAGE, volumes: ['a:/a', 'b:/b', 'c:/c'] } }, volumes: { a: {}, b: { external: true, name: 'old-b' }, c: { name: 'my-c', driver: 'nfs', driverOpts: { o: 'addr=1' }, labels: { k: 'v' } } } }).document.volumes).toEqual({
      a: {}, b: { external: true, name: 'old-b' }, c: { name: 'my-c', driver: 'nfs', driver_opts: { o: 'addr=1' }, labels: { k: 'v' } },
    });
  });
});

describe('secrets and configs', () => {
  test('a secret\'s value is never written: files by path, variables by name, computed values through a variable the user is told to set', () => {
    const dir = folder({ 'key.pem': 'PEM-CONTENT' });
    const r = exported({
      secrets: { pw: secret('DB_PASSWORD') },
      services: { s: { image: IMAGE, secrets: ['pw'] }, t: { image: IMAGE, secrets: { tls: { source: secret.file('./key.pem'), target: '/etc/tls.key', mode: 0o400, uid: 1000 }, token: secret.value('computed-token') }, environment: { API_KEY: secret('API_KEY_VAR'), TOKEN: secret.value('env-token'), PLAIN: 'x' } } },
    }, { dir, vars: { DB_PASSWORD: 'hunter2', API_KEY_VAR: 'key-value' } });
    const text = JSON.stringify(r.document);
    expect(text).not.toMatch(/hunter2|PEM-CONTENT|computed-token|env-token|key-value/);
    // Two computed values cannot share TOKEN: the secret's variable takes its service's prefix.
    expect(r.document.secrets).toEqual({ pw: { environment: 'DB_PASSWORD' }, tls: { file: './key.pem' }, token: { environment: 'T_TOKEN' } });
    const services = r.document.services as Record<string, Record<string, unknown>>;
    expect(services.s.secrets).toEqual(['pw']);
    expect(services.t.secrets).toEqual([{ source: 'tls', target: '/etc/tls.key', uid: '1000', mode: 0o400 }, 'token']);
    expect(services.t.environment).toEqual({ API_KEY: '${API_KEY_VAR}', TOKEN: '${TOKEN}', PLAIN: 'x' });
    expect(r.warnings).toEqual([
      'services.t.environment.TOKEN is a value computed in stack.ts (secret.value), which Compose cannot compute: the file reads it from the variable TOKEN',
      'services.t.secrets.token is a value computed in stack.ts (secret.value), which Compose cannot compute: the file reads it from the variable T_TOKEN',
      'secrets.pw, secrets.token have environment: or content: sources, which docker compose v2 reads and docker-compose 1.29 rejects (it knows only file: sources)',
    ]);
    expect(r.notes).toEqual([
      'Compose reads DB_PASSWORD, API_KEY_VAR from the shell or a .env file next to the compose file, as stack.ts reads them',
      'set TOKEN before running Compose: stack.ts computes it (services.t.environment.TOKEN)',
      'set T_TOKEN before running Compose: stack.ts computes it (secrets.token)',
    ]);
  });

  test('one computed value used by two services is one variable; a secret file in the environment is named with its path', () => {
    const dir = folder({ 'token.txt': 'T' });
    const r = exported({ services: { a: { image: IMAGE, environment: { PW: secret.value('same'), KEY: secret.file('./token.txt') } }, b: { image: IMAGE, environment: { PW: secret.value('same') } }, c: { image: IMAGE, environment: { PW: secret.value('other') } } } }, { dir });
    const services = r.document.services as Record<string, Record<string, Record<string, string>>>;
    expect([services.a.environment.PW, services.b.environment.PW, services.c.environment.PW]).toEqual(['${PW}', '${PW}', '${C_PW}']);
    expect(r.notes).toEqual([
      'set KEY to the contents of ./token.txt (services.a.environment.KEY)',
      'set PW before running Compose: stack.ts computes it (services.a.environment.PW, services.b.environment.PW)',
      'set C_PW before running Compose: stack.ts computes it (services.c.environment.PW)',
    ]);
  });

  test('one secret named by two services is defined once; two different secrets of one name get the service\'s prefix', () => {
    const r = exported({ services: { a: { image: IMAGE, secrets: { pw: secret('A_PW') } }, b: { image: IMAGE, secrets: { pw: secret('A_PW') } }, c: { image: IMAGE, secrets: { pw: secret('C_PW') } } } }, { vars: { A_PW: '1', C_PW: '2' } });
    expect(r.document.secrets).toEqual({ pw: { environment: 'A_PW' }, c_pw: { environment: 'C_PW' } });
    expect((r.document.services as Record<string, Record<string, unknown>>).c.secrets).toEqual([{ source: 'c_pw', target: '/run/secrets/pw' }]);
  });

  test('configs: files relative to the output, inline content and variables, with a warning for docker-compose 1.29', () => {
    const dir = folder({ 'nginx.conf': 'x' });
    const r = exported({ configs: { nginx: { file: './nginx.conf' }, motd: { content: 'hi $USER' } }, services: { s: { image: IMAGE, configs: ['nginx', { source: 'motd', target: '/etc/motd', mode: 0o440 }] } } }, { dir });
    expect(r.document.configs).toEqual({ nginx: { file: './nginx.conf' }, motd: { content: 'hi $$USER' } });
    expect((r.document.services as Record<string, Record<string, unknown>>).s.configs).toEqual([{ source: 'motd', target: '/etc/motd', mode: 0o440 }, 'nginx']);
    expect(r.warnings).toContain('docker-compose 1.29 ignores configs outside a swarm (docker compose v2 and docker stack deploy put them in the containers)');
  });
});

describe('the Compose keys import used to leave as TODOs', () => {
  test('links and ulimits of -1 are written as Compose writes them', () => {
    const r = exported({ services: { db: { image: IMAGE, ulimits: { memlock: -1, nofile: { soft: 1024, hard: -1 } } }, api: { image: IMAGE, links: ['db:database', 'db'] } } });
    const services = r.document.services as Record<string, Record<string, unknown>>;
    expect(services.db.ulimits).toEqual({ memlock: -1, nofile: { soft: 1024, hard: -1 } });
    expect(services.api.links).toEqual(['db:database', 'db']);
    // The link is the dependency, as in Compose.
    expect(services.api.depends_on).toBeUndefined();
  });

  test('dependsOn restart/required: the long form, with the keys 1.29 rejects as comments inside it and a warning', () => {
    const r = exported({ services: { db: { image: IMAGE }, cache: { image: IMAGE }, api: { image: IMAGE, dependsOn: { db: { condition: 'started', restart: true }, cache: { condition: 'started', required: false } } } } });
    expect((r.document.services as Record<string, Record<string, unknown>>).api.depends_on).toEqual({ db: { condition: 'service_started' }, cache: { condition: 'service_started' } });
    expect(r.warnings).toEqual([
      'services.api.depends_on.db: restart: true is written as a comment, since docker-compose 1.29 rejects it; uncomment it for docker compose v2',
      'services.api.depends_on.cache: required: false is written as a comment, since docker-compose 1.29 rejects it; uncomment it for docker compose v2',
    ]);
    const text = renderCompose(r, r.state, 'docker-compose.yml');
    expect(text).toContain('      db:\n        condition: service_started\n        # docker compose v2 reads this; docker-compose 1.29 rejects it:\n        # restart: true\n');
    expect(text).toContain('      cache:\n        condition: service_started\n        # docker compose v2 reads this; docker-compose 1.29 rejects it:\n        # required: false\n');
    // Uncommented, the lines are the Compose keys in their place.
    const uncommented = parse(text.replace(/# (restart: true|required: false)/g, '$1')) as { services: Record<string, { depends_on: unknown }> };
    expect(uncommented.services.api.depends_on).toEqual({ db: { condition: 'service_started', restart: true }, cache: { condition: 'service_started', required: false } });
  });
});

describe('the file', () => {
  test('is YAML both Compose versions read the same: 1.1 booleans and octal-looking text quoted, a header with the project', () => {
    const r = exported({ services: { s: { image: IMAGE, environment: { FLAG: 'on', MODE: '0755', NO: 'no' }, restart: 'no' } } }, { env: undefined });
    const text = renderCompose(r, r.state, 'docker-compose.yml');
    expect(text).toMatch(/^# Written by stack export compose \(project shop\)\.\n# docker-compose 1\.29 takes no top-level name, so give the project's: docker compose -p shop -f docker-compose\.yml up -d\n/);
    expect(text).toContain('FLAG: "on"');
    expect(text).toContain('MODE: "0755"');
    expect(text).toContain('"NO": "no"');
    // Written in stack.ts, restart "no" is kept (a one-shot task; the Kubernetes export makes it a Job), quoted.
    expect(text).toContain('restart: "no"');
    expect(parse(text)).toEqual(r.document);
  });

  test('leaves out the default restart, and keeps a written "no" so an import of the export keeps its one-shot task', () => {
    const r = exported({ services: { web: { image: IMAGE }, migrate: { image: IMAGE, restart: 'no' } } });
    const services = r.document.services as Record<string, { restart?: string }>;
    expect(services.web.restart).toBeUndefined();
    expect(services.migrate.restart).toBe('no');
  });

  test('leaves out services whose profile is off, and says so, as it does watch rules', () => {
    const r = exported({ services: { s: { image: IMAGE, watch: [{ path: '.', action: 'restart' }] }, debug: { image: IMAGE, profiles: ['debug'] } } });
    expect(Object.keys(r.document.services as object)).toEqual(['s']);
    expect(r.notes).toEqual(['watch rules (s) are not exported: docker-compose 1.29 has no develop.watch', 'services whose profiles are off are not exported: debug (enable them with --profile)']);
  });
});
