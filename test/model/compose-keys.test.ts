/**
 * The Compose keys added for issue 16: how each is normalised, and how its mistakes are reported (path, message,
 * hint). What the daemon makes of them is tested in test/integration/compose-keys.test.ts.
 */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { appliedService, configHash } from '../../src/model/applied';
import { toDisplay } from '../../src/model/display';
import { containerTargetNotes } from '../../src/model/target-notes';
import { secret } from '../../src/model/secret';
import { Reader } from '../../src/model/reader';
import { normalizeService } from '../../src/model/normalize-service';
import { readConfigDefinitions, readSecretDefinitions } from '../../src/model/normalize-files';
import { foldersForFile } from '../helpers/folders';
import { DIR, issues, issuesOf, only, paths, resolve, stack, svc } from './builders';

const folder = foldersForFile('stackfile-compose-keys');

describe('container settings', () => {
  test('expose takes ports, ranges and protocols, one entry per port', () => {
    expect(only(svc({ expose: ['8080', 3000, '9000-9001/udp', '8080/tcp'] })).expose).toEqual(['8080/tcp', '3000/tcp', '9000/udp', '9001/udp']);
    const [issue] = issuesOf(svc({ expose: ['80:80'] }));
    expect(issue).toMatchObject({ path: 'services.s.expose[0]', message: 'expected a port, a range or port/protocol, got "80:80"' });
    expect(issue.hint).toMatch(/9000\/udp/);
  });

  test('platform must be os/arch; runtime is any name', () => {
    expect(only(svc({ platform: 'linux/arm64/v8', runtime: 'runsc' }))).toMatchObject({ platform: 'linux/arm64/v8', runtime: 'runsc' });
    expect(issuesOf(svc({ platform: 'amd64' }))).toEqual([{ path: 'services.s.platform', message: '"amd64" is not a platform', hint: "write it as os/arch[/variant], e.g. 'linux/amd64' or 'linux/arm64/v8'" }]);
  });

  test('dns and dnsSearch take a string or a list; dnsOpt a list', () => {
    expect(only(svc({ dns: '1.1.1.1', dnsSearch: ['a.example', 'b.example'], dnsOpt: ['ndots:1'] }))).toMatchObject({ dns: ['1.1.1.1'], dnsSearch: ['a.example', 'b.example'], dnsOpt: ['ndots:1'] });
    expect(paths(issuesOf(svc({ dns: 1, dnsOpt: 'ndots:1' })))).toEqual(['services.s.dns', 'services.s.dnsOpt']);
  });

  test('devices: the CLI short forms and the long form, permissions rwm by default', () => {
    const s = only(svc({ devices: ['/dev/fuse', '/dev/sda:/dev/xvda', '/dev/snd:rw', '/dev/a:/dev/b:r', { source: '/dev/c', permissions: 'rw' }] }));
    expect(s.devices).toEqual([
      { source: '/dev/fuse', target: '/dev/fuse', permissions: 'rwm' },
      { source: '/dev/sda', target: '/dev/xvda', permissions: 'rwm' },
      { source: '/dev/snd', target: '/dev/snd', permissions: 'rw' },
      { source: '/dev/a', target: '/dev/b', permissions: 'r' },
      { source: '/dev/c', target: '/dev/c', permissions: 'rw' },
    ]);
    const found = issuesOf(svc({ devices: ['fuse', '/dev/a:/dev/b:rwx', { source: '/dev/c', mode: 'rw' }] }));
    expect(found.map((i) => [i.path, i.message])).toEqual([
      ['services.s.devices[0]', 'expected a device like \'/dev/ttyUSB0\' or \'/dev/sda:/dev/xvda:rwm\', got "fuse"'],
      ['services.s.devices[1]', 'device permissions "rwx" may only hold r, w and m'],
      ['services.s.devices[2].mode', 'unknown key "mode"'],
    ]);
  });

  test('securityOpt is passed on; a seccomp profile given as a file path is an error with the way out', () => {
    expect(only(svc({ securityOpt: ['no-new-privileges:true', 'seccomp=unconfined'] })).securityOpt).toEqual(['no-new-privileges:true', 'seccomp=unconfined']);
    const [issue] = issuesOf(svc({ securityOpt: ['seccomp:./profile.json'] }));
    expect(issue.path).toBe('services.s.securityOpt[0]');
    expect(issue.message).toMatch(/seccomp profile file/);
    expect(issue.hint).toMatch(/unconfined/);
  });

  test('tmpfs: a path or list of path[:options]', () => {
    expect(only(svc({ tmpfs: '/run' })).tmpfs).toEqual({ '/run': '' });
    expect(only(svc({ tmpfs: ['/run:size=64m,mode=1777', '/tmp'] })).tmpfs).toEqual({ '/run': 'size=64m,mode=1777', '/tmp': '' });
    expect(issuesOf(svc({ tmpfs: ['run'] }))).toEqual([{ path: 'services.s.tmpfs[0]', message: 'tmpfs path "run" must be absolute', hint: "e.g. '/run' or '/run:size=64m'" }]);
  });

  test('a tmpfs over a secret or config path is an error: it would hide the file', () => {
    const [issue] = issuesOf(svc({ tmpfs: '/run', secrets: { pw: secret.value('x') } }));
    expect(issue).toMatchObject({ path: 'services.s.secrets', message: expect.stringMatching(/tmpfs at \/run would hide secret pw \(\/run\/secrets\/pw\)/) });
    expect(issuesOf(svc({ tmpfs: '/runner', secrets: { pw: secret.value('x') } }))).toEqual([]);
  });

  test('logging: driver (default: the daemon\'s) and string options', () => {
    expect(only(svc({ logging: { driver: 'json-file', options: { 'max-size': '10m', 'max-file': 3 } } })).logging).toEqual({ driver: 'json-file', options: { 'max-size': '10m', 'max-file': '3' } });
    expect(only(svc({ logging: { options: { tag: 'x' } } })).logging).toEqual({ driver: '', options: { tag: 'x' } });
    expect(issuesOf(svc({ logging: { drvier: 'none' } }))[0]).toMatchObject({ path: 'services.s.logging.drvier', hint: 'did you mean "driver"?' });
  });

  test('ipc and pid take Docker\'s modes, service: and container:', () => {
    expect(only(svc({ ipc: 'shareable', pid: 'host' }))).toMatchObject({ ipc: 'shareable', pid: 'host' });
    expect(only(svc({ ipc: 'container:other', pid: 'container:other' }))).toMatchObject({ ipc: 'container:other', pid: 'container:other' });
    const [pid, ipc] = issuesOf(svc({ ipc: 'sharable', pid: 'private' }));
    expect(ipc).toMatchObject({ path: 'services.s.ipc', hint: 'did you mean "shareable"?' });
    expect(pid.message).toMatch(/expected one of "host", "service:NAME", "container:NAME", got "private"/);
  });
});

describe('networkMode', () => {
  test('host, none, bridge and container: leave the stack\'s networks out', () => {
    for (const mode of ['host', 'none', 'bridge', 'container:vpn']) {
      const s = only(svc({ networkMode: mode }));
      expect(s.networkMode).toBe(mode);
      expect(s.networks).toEqual({});
    }
    // Nothing is on the default network, so it is not created.
    expect(resolve(stack({ s: svc({ networkMode: 'host' }) })).networks).toEqual({});
  });

  test('service:NAME starts after NAME (a started dependency) unless dependsOn already waits for more', () => {
    const st = resolve(stack({ vpn: svc(), app: svc({ networkMode: 'service:vpn' }), db: svc({ healthcheck: { test: 'true' } }), tool: svc({ pid: 'service:db', dependsOn: { db: 'healthy' } }) }));
    expect(st.services.app.dependsOn).toEqual({ vpn: 'started' });
    expect(st.services.tool.dependsOn).toEqual({ db: 'healthy' });
  });

  test('a service: reference to itself, to a missing, disabled or scaled-to-zero service is reported where it was written', () => {
    const found = issues(stack({
      vpn: svc({ replicas: 0 }),
      a: svc({ networkMode: 'service:a' }),
      b: svc({ networkMode: 'service:vnp' }),
      c: svc({ ipc: 'service:debug' }),
      d: svc({ pid: 'service:vpn' }),
      debug: svc({ profiles: ['debug'] }),
    }));
    expect(found.map((i) => [i.path, i.message, i.hint])).toEqual([
      ['services.a.networkMode', 'service "a" cannot share its own network namespace', undefined],
      ['services.b.networkMode', '"vnp" is not a service in this stack', 'did you mean "vpn"?'],
      ['services.c.ipc', 'shares the namespace of "debug", which is disabled (profiles: debug)', 'enable it with --profile debug'],
      ['services.d.pid', '"vpn" has replicas: 0, so there is no container whose namespace to share', undefined],
    ]);
  });

  test('what the daemon rejects alongside a shared network is reported per key', () => {
    const found = issuesOf(svc({ networkMode: 'service:other', networks: ['default'], ports: ['80'], hostname: 'h', dns: '1.1.1.1' }));
    expect(paths(found)).toEqual(['services.s.networks', 'services.s.ports', 'services.s.hostname', 'services.s.dns', 'services.s.networkMode']);
    expect(found[1].hint).toBe('set ports on the service whose network this one shares');
    expect(issuesOf(svc({ networkMode: 'host', ports: ['80:80'] }))[0]).toMatchObject({ path: 'services.s.ports', message: 'ports cannot be used with networkMode: host' });
  });

  test('an unknown mode gets a did-you-mean', () => {
    expect(issuesOf(svc({ networkMode: 'hots' }))[0]).toMatchObject({ path: 'services.s.networkMode', hint: 'did you mean "host"?' });
  });
});

describe('per-network settings', () => {
  test('fixed addresses, link-local addresses and priority; the highest priority is connected first', () => {
    const s = only(svc({ networks: { low: { priority: 1 }, high: { priority: 10, ipv4Address: '10.5.0.7', ipv6Address: 'fd00::7', linkLocalIps: ['169.254.8.8'] }, plain: null } }), { networks: { low: {}, high: {}, plain: {} } });
    expect(Object.keys(s.networks)).toEqual(['app_high', 'app_low', 'app_plain']);
    expect(s.networks.app_high).toEqual({ aliases: [], priority: 10, ipv4Address: '10.5.0.7', ipv6Address: 'fd00::7', linkLocalIps: ['169.254.8.8'] });
    expect(s.networks.app_plain).toEqual({ aliases: [] });
  });

  test('bad addresses and priorities are reported', () => {
    const found = issuesOf(svc({ networks: { n: { ipv4Address: '10.0.0.300', ipv6Address: 'nope', priority: 'high', ipv4Adress: '1.2.3.4' } } }), { networks: { n: {} } });
    expect(found.map((i) => [i.path, i.message])).toEqual([
      ['services.s.networks.n.ipv4Adress', 'unknown key "ipv4Adress"'],
      ['services.s.networks.n.ipv4Address', '"10.0.0.300" is not an IPv4 address'],
      ['services.s.networks.n.ipv6Address', '"nope" is not an IPv6 address'],
      ['services.s.networks.n.priority', 'expected a whole number, got "high"'],
    ]);
  });
});

describe('network enableIpv6', () => {
  test('is kept only when true, so networks made before it existed keep their hash', () => {
    const st = resolve(stack({ s: svc({ networks: ['v6', 'v4'] }) }, { networks: { v6: { enableIpv6: true }, v4: { enableIpv6: false } } }));
    expect(st.networks.v6.enableIpv6).toBe(true);
    expect(st.networks.v4).not.toHaveProperty('enableIpv6');
  });
});

describe('ports long form', () => {
  test('mode, name and appProtocol are kept but change no container', () => {
    const plain = only(svc({ ports: [{ target: 80, published: 8080 }] }));
    const named = only(svc({ ports: [{ target: 80, published: 8080, mode: 'host', name: 'web', appProtocol: 'http' }] }));
    expect(named.ports[0]).toMatchObject({ mode: 'host', name: 'web', appProtocol: 'http' });
    expect(configHash(appliedService(named))).toBe(configHash(appliedService(plain)));
    expect(issuesOf(svc({ ports: [{ target: 80, mode: 'global' }] }))[0]).toMatchObject({ path: 'services.s.ports[0].mode' });
  });

  test('a port mode is listed as ignored on a single host', () => {
    expect(containerTargetNotes(resolve(stack({ s: svc({ ports: [{ target: 80, mode: 'host' }] }) })))).toEqual(['services.s.ports[0].mode is ignored on a single host (the port is published on this host)']);
  });
});

describe('build', () => {
  test('args as a list (a bare name from the variables, left out when unset), cacheFrom, labels, network, extraHosts', () => {
    const s = only(svc({ build: { context: './api', args: ['A=1', 'B', 'UNSET', 'C=x=y'], cacheFrom: ['app:cache'], labels: ['team=core'], network: 'host', extraHosts: { registry: '10.0.0.5' } } }), {}, { vars: { B: 'from-vars' } });
    expect(s.build).toEqual({ context: join(DIR, 'api'), dockerfile: 'Dockerfile', args: { A: '1', B: 'from-vars', C: 'x=y' }, cacheFrom: ['app:cache'], labels: { team: 'core' }, network: 'host', extraHosts: ['registry:10.0.0.5'] });
  });

  test('BuildKit-only secrets and ssh are errors that say why and what to do', () => {
    const found = issuesOf(svc({ build: { context: '.', secrets: ['npmrc'], ssh: ['default'] } }));
    expect(paths(found)).toEqual(['services.s.build.secrets', 'services.s.build.ssh']);
    expect(found[0].message).toMatch(/needs BuildKit/);
    expect(found[0].hint).toMatch(/docker buildx build/);
  });
});

describe('deploy', () => {
  test('replicas, limits, reservations and the restart policy apply on a single host', () => {
    const s = only(svc({ deploy: { replicas: 3, resources: { limits: { cpus: '0.5', memory: '256m', pids: 100 }, reservations: { memory: '128m' } }, restartPolicy: { condition: 'on-failure', maxAttempts: 4 } } }));
    expect(s).toMatchObject({ replicas: 3, nanoCpus: 500_000_000, memoryBytes: 256 * 1024 ** 2, pidsLimit: 100, memoryReservationBytes: 128 * 1024 ** 2, restart: 'on-failure:4' });
  });

  test.each([
    [{ condition: 'any' }, 'always'],
    [{ condition: 'none' }, 'no'],
    [{ condition: 'on-failure' }, 'on-failure'],
  ])('restartPolicy %j is restart %s; restart itself wins', (policy, restart) => {
    expect(only(svc({ deploy: { restartPolicy: policy } })).restart).toBe(restart);
    expect(only(svc({ restart: 'unless-stopped', deploy: { restartPolicy: policy } })).restart).toBe('unless-stopped');
  });

  test('the same value both ways is fine; two different values are an error', () => {
    expect(issuesOf(svc({ replicas: 2, resources: { cpus: 1 }, deploy: { replicas: 2, resources: { limits: { cpus: '1' } } } }))).toEqual([]);
    const found = issuesOf(svc({ replicas: 2, resources: { cpus: 1, memory: '1g' }, deploy: { replicas: 3, resources: { limits: { cpus: 2, memory: '2g' } } } }));
    expect(found.map((i) => [i.path, i.message])).toEqual([
      ['services.s.deploy.replicas', 'deploy.replicas (3) differs from replicas (2)'],
      ['services.s.deploy.resources.limits.cpus', 'deploy.resources.limits.cpus (2) differs from resources.cpus (1)'],
      ['services.s.deploy.resources.limits.memory', 'deploy.resources.limits.memory differs from resources.memory'],
    ]);
  });

  test('the Swarm-only parts are kept normalised and listed as ignored on a single host', () => {
    const st = resolve(stack({ s: svc({ restart: 'unless-stopped', deploy: {
      mode: 'global', endpointMode: 'dnsrr', labels: ['tier=web'], placement: { constraints: ['node.role == manager'], preferences: [{ spread: 'node.id' }], maxReplicasPerNode: 1 },
      resources: { reservations: { cpus: 0.25 } }, restartPolicy: { condition: 'any', delay: '5s', window: '1m' },
      updateConfig: { parallelism: 2, delay: '10s', failureAction: 'rollback', monitor: '30s', maxFailureRatio: 0.5, order: 'start-first' }, rollbackConfig: { order: 'stop-first' },
    } }) }));
    const d = st.services.s.deploy!;
    expect(d).toEqual({
      mode: 'global', endpointMode: 'dnsrr', labels: { tier: 'web' }, placement: { constraints: ['node.role == manager'], preferences: [{ spread: 'node.id' }], maxReplicasPerNode: 1 },
      resources: { reservations: { nanoCpus: 250_000_000 } }, restartPolicy: { condition: 'any', delayMs: 5000, windowMs: 60_000 },
      updateConfig: { parallelism: 2, delayMs: 10_000, failureAction: 'rollback', monitorMs: 30_000, maxFailureRatio: 0.5, order: 'start-first' }, rollbackConfig: { order: 'stop-first' },
    });
    expect(containerTargetNotes(st)).toEqual([
      'services.s.deploy.mode is ignored on a single host (one container runs)',
      'services.s.deploy.endpointMode is ignored on a single host (applies on Swarm)',
      'services.s.deploy.labels is ignored on a single host (applies on Swarm)',
      'services.s.deploy.placement is ignored on a single host (applies on Swarm)',
      'services.s.deploy.updateConfig is ignored on a single host (applies on Swarm)',
      'services.s.deploy.rollbackConfig is ignored on a single host (applies on Swarm)',
      'services.s.deploy.resources.reservations.cpus is ignored on a single host (applies on Swarm)',
      'services.s.deploy.restartPolicy.delay is ignored on a single host (applies on Swarm)',
      'services.s.deploy.restartPolicy.window is ignored on a single host (applies on Swarm)',
      'services.s.deploy.restartPolicy is ignored on a single host (restart: unless-stopped is set and wins)',
    ]);
    expect(toDisplay(st)).toMatchObject({ services: { s: { deploy: { restartPolicy: { delay: '5s', window: '1m' }, updateConfig: { monitor: '30s' }, resources: { reservations: { cpus: 0.25 } } } } } });
  });

  test('Swarm-only deploy keys change no container (not in the applied spec)', () => {
    const plain = only(svc({}));
    const placed = only(svc({ deploy: { placement: { constraints: ['node.role == manager'] }, updateConfig: { order: 'start-first' } } }));
    expect(configHash(appliedService(placed))).toBe(configHash(appliedService(plain)));
  });

  test('mistakes are collected with their paths', () => {
    const found = issuesOf(svc({ deploy: { mode: 'global', replicas: 2, endpointMode: 'rr', placement: { constraint: [] }, resources: { limits: { memory: 'lots', pids: 0 } }, restartPolicy: { condition: 'always' }, updateConfig: { order: 'first', maxFailureRatio: 2, delay: 'soon' } } }));
    expect(paths(found)).toEqual([
      'services.s.deploy.replicas',
      'services.s.deploy.endpointMode',
      'services.s.deploy.placement.constraint',
      'services.s.deploy.resources.limits.memory',
      'services.s.deploy.resources.limits.pids',
      'services.s.deploy.restartPolicy.condition',
      'services.s.deploy.updateConfig.maxFailureRatio',
      'services.s.deploy.updateConfig.delay',
      'services.s.deploy.updateConfig.order',
    ]);
    expect(found[2].hint).toBe('did you mean "constraints"?');
  });
});

describe('top-level secrets and configs', () => {
  test('services list secrets by name or long form; targets default to /run/secrets/<name>, relative ones go under it', () => {
    const s = only(svc({ secrets: ['pw', { source: 'key', target: 'tls.key', uid: '1000', gid: 1000, mode: 0o400 }, { source: 'tok', target: '/etc/tok' }] }), { secrets: { pw: secret('PW'), key: secret.value('k'), tok: secret.value('t') } }, { vars: { PW: 'hunter2' } });
    expect(s.secrets).toEqual([
      { name: 'pw', target: '/run/secrets/pw', mode: 0o444, uid: 0, gid: 0, value: 'hunter2', source: { kind: 'var', name: 'PW' } },
      { name: 'key', target: '/run/secrets/tls.key', mode: 0o400, uid: 1000, gid: 1000, value: 'k', source: { kind: 'value' } },
      { name: 'tok', target: '/etc/tok', mode: 0o444, uid: 0, gid: 0, value: 't', source: { kind: 'value' } },
    ].sort((a, b) => (a.name < b.name ? -1 : 1)));
  });

  test('configs come from a file, inline content or a variable; default target /<name>; text shown by stack config', () => {
    const dir = folder({ 'nginx.conf': 'worker_processes 1;\n' });
    const st = resolve(stack({ s: svc({ configs: ['nginx', { source: 'motd', target: 'etc/motd', mode: 0o440 }, 'flags'] }) }, { configs: { nginx: { file: './nginx.conf' }, motd: { content: 'hi' }, flags: { environment: 'FLAGS' } } }), { dir, vars: { FLAGS: '--fast' } });
    expect(st.services.s.configs).toEqual([
      { name: 'flags', target: '/flags', mode: 0o444, uid: 0, gid: 0, content: '--fast', source: { kind: 'environment', name: 'FLAGS' } },
      { name: 'motd', target: '/etc/motd', mode: 0o440, uid: 0, gid: 0, content: 'hi', source: { kind: 'content' } },
      { name: 'nginx', target: '/nginx', mode: 0o444, uid: 0, gid: 0, content: 'worker_processes 1;\n', source: { kind: 'file', path: join(dir, 'nginx.conf') } },
    ]);
    expect(st.inputs).toEqual([join(dir, 'nginx.conf')]);
    expect(toDisplay(st)).toMatchObject({ services: { s: { configs: { motd: { target: '/etc/motd', mode: '0440', content: 'hi' } } } } });
  });

  test('a config\'s text is digested in the applied spec, so a change recreates the container and shows which config', () => {
    const applied = (text: string) => appliedService(only(svc({ configs: ['c'] }), { configs: { c: { content: text } } }));
    expect(JSON.stringify(applied('one'))).not.toContain('one');
    expect((applied('one').configs as Record<string, { digest: string }>).c.digest).not.toBe((applied('two').configs as Record<string, { digest: string }>).c.digest);
  });

  test('unknown references get a did-you-mean; external ones exist only on Swarm', () => {
    const found = issuesOf(svc({ secrets: ['db_passwrd', 'ext'], configs: ['ngnix', 'extc'] }), { secrets: { db_password: secret.value('x'), ext: { external: true } }, configs: { nginx: { content: 'x' }, extc: { external: true, name: 'shared' } } });
    expect(found.map((i) => [i.path, i.message, i.hint])).toEqual([
      ['services.s.secrets[0]', 'secret "db_passwrd" is not declared in the top-level secrets', 'did you mean "db_password"?'],
      ['services.s.secrets[1]', 'secret "ext" is external: it exists only on Docker Swarm, and this stack runs containers on a single host', "give it a value stackfile copies in: secrets: { NAME: secret('VAR') } or secret.file('./path')"],
      ['services.s.configs[0]', 'config "ngnix" is not declared in the top-level configs', 'did you mean "nginx"?'],
      ['services.s.configs[1]', 'config "extc" is external: it exists only on Docker Swarm, and this stack runs containers on a single host', "give it a value stackfile copies in: configs: { NAME: { file: './path' } } or { content: '...' }"],
    ]);
  });

  test('a Swarm target may allow external ones: resolved with their Swarm name and no value', () => {
    const r = new Reader();
    const ctx = { project: 'app', dir: DIR, vars: {}, volumeNames: {}, networkNames: { default: 'app_default' }, allowExternal: true, secretDefs: readSecretDefinitions(r, { pw: { external: true, name: 'prod_pw' } }), configDefs: readConfigDefinitions(r, { c: { external: true } }) };
    const s = normalizeService(r, 's', svc({ secrets: ['pw'], configs: ['c'] }), ctx)!;
    expect(r.issues).toEqual([]);
    expect(s.secrets).toEqual([{ name: 'pw', target: '/run/secrets/pw', mode: 0o444, uid: 0, gid: 0, value: '', source: { kind: 'external', name: 'prod_pw' } }]);
    expect(s.configs).toEqual([{ name: 'c', target: '/c', mode: 0o444, uid: 0, gid: 0, content: '', source: { kind: 'external', name: 'c' } }]);
  });

  test('bad definitions: a plain string secret, a config with two sources or none, an unset variable, a missing file', () => {
    const found = issues(stack({ s: svc({ secrets: ['pw'], configs: ['a', 'e', 'f'] }) }, { secrets: { pw: 'hunter2' }, configs: { a: { file: './a', content: 'x' }, b: {}, e: { environment: 'UNSET' }, f: { file: './missing.conf' } } }), { vars: {} });
    expect(found.map((i) => [i.path, i.message])).toEqual([
      ['secrets.pw', 'expected secret(\'VAR\'), secret.file(\'./path\'), secret.value(...) or { external: true }, got "hunter2"'],
      ['configs.a', 'has file and content; a config takes exactly one source'],
      ['configs.b', 'a config needs a source'],
      ['services.s.secrets[0]', 'secret "pw" is not declared in the top-level secrets'],
      ['services.s.configs[0]', 'config "a" is not declared in the top-level configs'],
      ['configs.e.environment', 'config variable UNSET is not set'],
      ['configs.f.file', 'cannot read config file ./missing.conf: ENOENT'],
    ]);
  });

  test('a source listed twice is an error', () => {
    expect(issuesOf(svc({ configs: ['c', { source: 'c', target: '/other' }] }), { configs: { c: { content: 'x' } } })[0]).toMatchObject({ path: 'services.s.configs[1]', message: 'config "c" is listed twice' });
  });

  test('stack config never shows a listed secret\'s value', () => {
    const st = resolve(stack({ s: svc({ secrets: ['pw'] }) }, { secrets: { pw: secret.value('hunter2') } }));
    expect(JSON.stringify(toDisplay(st))).not.toContain('hunter2');
  });

  test('secret environment values keep their source for exporters, out of the applied spec', () => {
    const s = only(svc({ environment: { A: secret('A_VAR'), B: secret.value('b'), C: 'plain' } }), {}, { vars: { A_VAR: 'a' } });
    expect(s.secretEnvSources).toEqual({ A: { kind: 'var', name: 'A_VAR' }, B: { kind: 'value' } });
    expect(JSON.stringify(appliedService(s))).not.toMatch(/A_VAR|kind/);
  });
});

describe('x-* extension keys', () => {
  test('are allowed and ignored at the top level, in services and nested objects', () => {
    const st = resolve({ name: 'app', 'x-defaults': { image: 'y' }, services: { s: svc({ 'x-owner': 'team', healthcheck: { test: 'true', 'x-note': 1 } }) } });
    expect(st.services.s.healthcheck).toEqual({ test: ['CMD-SHELL', 'true'], intervalMs: undefined, timeoutMs: undefined, retries: undefined, startPeriodMs: undefined });
    expect(JSON.stringify(st)).not.toMatch(/x-owner|x-defaults|x-note/);
  });

  test('other unknown keys are still errors naming them', () => {
    expect(issuesOf(svc({ x_owner: 'team', cpuShares: 512 })).map((i) => i.message)).toEqual(['unknown key "x_owner"', 'unknown key "cpuShares"']);
  });
});

describe('hash stability', () => {
  test('a service that uses none of the new keys has the applied spec it had before them', () => {
    const s = only(svc({ ports: ['80'], networks: { n: { aliases: ['a'] } }, secrets: { k: secret.value('v') }, environment: { E: secret.value('e') } }), { networks: { n: {} } });
    expect(Object.keys(appliedService(s)).sort()).toEqual([
      'capAdd', 'capDrop', 'environment', 'extraHosts', 'image', 'init', 'labels', 'networks', 'ports', 'privileged', 'readOnly', 'restart', 'secrets', 'stdinOpen', 'sysctls', 'tty', 'ulimits', 'volumes',
    ]);
    expect(appliedService(s).networks).toEqual({ app_n: { aliases: ['a'] } });
    expect(appliedService(s).secrets).toEqual({ k: { gid: 0, mode: 0o444, target: '/run/secrets/k', uid: 0 } });
  });
});
