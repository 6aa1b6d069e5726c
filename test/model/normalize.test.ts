import { mkdtempSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { appliedService, configHash } from '../../src/model/applied';
import { MASK, toDisplay } from '../../src/model/display';
import { secret } from '../../src/model/secret';
import { IMAGE, DIR, issuesOf, only, paths, resolve, stack, svc } from './builders';

describe('ports', () => {
  test('short forms expand to target, published, protocol and host address', () => {
    const s = only(svc({ ports: ['80', '8080:80', '127.0.0.1:8090:81', '53:53/udp', '[::1]:9000:90', 8081, '8000-8002:82'] }));
    expect(s.ports).toEqual([
      { target: 80, published: undefined, protocol: 'tcp', hostIp: '' },
      { target: 80, published: '8080', protocol: 'tcp', hostIp: '' },
      { target: 81, published: '8090', protocol: 'tcp', hostIp: '127.0.0.1' },
      { target: 53, published: '53', protocol: 'udp', hostIp: '' },
      { target: 90, published: '9000', protocol: 'tcp', hostIp: '::1' },
      { target: 8081, published: undefined, protocol: 'tcp', hostIp: '' },
      { target: 82, published: '8000-8002', protocol: 'tcp', hostIp: '' },
    ]);
  });

  test('the long form takes a numeric published port and defaults protocol and address', () => {
    expect(only(svc({ ports: [{ target: 443, published: 8443 }] })).ports).toEqual([{ target: 443, published: '8443', protocol: 'tcp', hostIp: '' }]);
  });

  test.each([
    ['8080:http', 'services.s.ports[0]', /container port "http"/],
    ['70000:80', 'services.s.ports[0]', /host port "70000"/],
    ['1:2:3:4', 'services.s.ports[0]', /too many ":"/],
    ['80/sctp', 'services.s.ports[0]', /unknown protocol "sctp"/],
    ['9010-9000:80', 'services.s.ports[0]', /not a port number or range/],
  ])('%s is rejected with a hint', (port, path, message) => {
    const [issue, ...rest] = issuesOf(svc({ ports: [port] }));
    expect(rest).toEqual([]);
    expect(issue.path).toBe(path);
    expect(issue.message).toMatch(message);
    expect(issue.hint).toMatch(/8080:80/);
  });

  test('a bad long-form port reports each bad field', () => {
    const found = issuesOf(svc({ ports: [{ target: 0, published: 'x', protocol: 'tpc' }] }));
    expect(paths(found)).toEqual(['services.s.ports[0].target', 'services.s.ports[0].published', 'services.s.ports[0].protocol']);
    expect(found[2].hint).toBe('did you mean "tcp"?');
  });
});

describe('volumes', () => {
  test('short forms become named volumes, bind mounts relative to stack.ts, and anonymous volumes', () => {
    const s = only(svc({ volumes: ['data:/data', './src:/app/src:ro', '/cache', '~/x:/y', '/abs/path:/z:rw'] }), { volumes: { data: {} } });
    expect(s.volumes).toEqual([
      { type: 'volume', source: 'app_data', target: '/data', readOnly: false },
      { type: 'bind', source: join(DIR, 'src'), target: '/app/src', readOnly: true },
      { type: 'volume', source: '', target: '/cache', readOnly: false },
      { type: 'bind', source: join(homedir(), 'x'), target: '/y', readOnly: false },
      { type: 'bind', source: '/abs/path', target: '/z', readOnly: false },
    ]);
  });

  test('a named volume resolves to the daemon name, honouring an explicit name', () => {
    const s = only(svc({ volumes: ['cache:/c'] }), { volumes: { cache: { name: 'shared-cache' } } });
    expect(s.volumes[0].source).toBe('shared-cache');
  });

  test('the long form holds tmpfs with a size', () => {
    expect(only(svc({ volumes: [{ type: 'tmpfs', target: '/tmp', tmpfsSize: '64m' }] })).volumes).toEqual([
      { type: 'tmpfs', source: '', target: '/tmp', readOnly: false, tmpfsSize: 64 * 1024 * 1024 },
    ]);
  });

  test('an undeclared volume, a relative target and an unknown option are reported with hints', () => {
    const found = issuesOf(svc({ volumes: ['dta:/data', 'data:relative', './x:/y:ro,nocopyy'] }), { volumes: { data: {} } });
    expect(found).toEqual([
      { path: 'services.s.volumes[0]', message: 'volume "dta" is not declared in the top-level volumes', hint: 'did you mean "data"?' },
      { path: 'services.s.volumes[1]', message: 'mount target "relative" must be an absolute path in the container' },
      { path: 'services.s.volumes[2]', message: 'unknown mount option "nocopyy"', hint: 'did you mean "nocopy"?' },
    ]);
  });

  test('a bind mount in the long form needs a source', () => {
    expect(paths(issuesOf(svc({ volumes: [{ type: 'bind', target: '/x' }] })))).toEqual(['services.s.volumes[0].source']);
  });
});

describe('networks', () => {
  test('a service with no networks joins the default network, which then exists', () => {
    const state = resolve(stack({ s: svc() }));
    expect(state.services.s.networks).toEqual({ app_default: { aliases: [] } });
    expect(state.networks.default.name).toBe('app_default');
  });

  test('the list form and the object form (with aliases, null for none) resolve to daemon names', () => {
    const extra = { networks: { front: {}, back: { name: 'legacy-back' } } };
    expect(only(svc({ networks: ['front', 'back'] }), extra).networks).toEqual({ app_front: { aliases: [] }, 'legacy-back': { aliases: [] } });
    expect(only(svc({ networks: { front: { aliases: ['www'] }, back: null } }), extra).networks).toEqual({ app_front: { aliases: ['www'] }, 'legacy-back': { aliases: [] } });
  });

  test('no default network is created when every service is on its own networks', () => {
    expect(Object.keys(resolve(stack({ s: svc({ networks: ['front'] }) }, { networks: { front: {} } })).networks)).toEqual(['front']);
  });

  test('an undeclared network is reported with its index and a suggestion', () => {
    expect(issuesOf(svc({ networks: ['front', 'frnt'] }), { networks: { front: {} } })).toEqual([
      { path: 'services.s.networks[1]', message: 'network "frnt" is not declared in the top-level networks', hint: 'did you mean "front"?' },
    ]);
  });
});

describe('dependsOn', () => {
  test('a list means "started"; an object gives conditions, in short or long form', () => {
    const state = resolve(stack({ a: svc(), b: svc(), c: svc({ dependsOn: ['a'] }), d: svc({ dependsOn: { a: 'healthy', b: { condition: 'completed' } } }) }));
    expect(state.services.c.dependsOn).toEqual({ a: 'started' });
    expect(state.services.d.dependsOn).toEqual({ a: 'healthy', b: 'completed' });
  });

  test('an unknown condition is reported at the condition and gets a suggestion', () => {
    const found = issuesOf(svc({ dependsOn: { s2: 'helthy' } }));
    expect(found.find((i) => i.path === 'services.s.dependsOn.s2')).toMatchObject({ message: expect.stringMatching(/expected one of "started", "healthy", "completed"/), hint: 'did you mean "healthy"?' });
  });
});

describe('healthcheck', () => {
  test('a string test runs in the shell; durations become milliseconds', () => {
    expect(only(svc({ healthcheck: { test: 'wget -q -O - localhost', interval: '1m30s', timeout: 2, retries: 3, startPeriod: '500ms' } })).healthcheck).toEqual({
      test: ['CMD-SHELL', 'wget -q -O - localhost'],
      intervalMs: 90_000,
      timeoutMs: 2000,
      retries: 3,
      startPeriodMs: 500,
    });
  });

  test('an array test is kept; disable turns it into NONE', () => {
    expect(only(svc({ healthcheck: { test: ['CMD', 'true'] } })).healthcheck?.test).toEqual(['CMD', 'true']);
    expect(only(svc({ healthcheck: { disable: true } })).healthcheck).toEqual({ test: ['NONE'] });
  });

  test('disable: false alone is no override, as in Compose: the image keeps its HEALTHCHECK (immich\'s compose file)', () => {
    expect(only(svc({ healthcheck: { disable: false } })).healthcheck).toBeUndefined();
    expect(only(svc({ healthcheck: { disable: false, test: ['CMD', 'true'] } })).healthcheck?.test).toEqual(['CMD', 'true']);
    // Timings without a test still need one: stackfile does not merge them into the image's check.
    expect(paths(issuesOf(svc({ healthcheck: { disable: false, interval: '5s' } })))).toEqual(['services.s.healthcheck.test']);
    expect(paths(issuesOf(svc({ healthcheck: { disable: 'no' } })))).toEqual(['services.s.healthcheck.disable', 'services.s.healthcheck.test']);
  });

  test('a missing test, an exec array without CMD, a bad duration and a typo are each reported', () => {
    expect(issuesOf(svc({ healthcheck: { interval: '5 seconds', retires: 3 } }))).toEqual([
      { path: 'services.s.healthcheck.retires', message: 'unknown key "retires"', hint: 'did you mean "retries"?' },
      { path: 'services.s.healthcheck.test', message: 'a healthcheck needs a test', hint: "e.g. test: ['CMD', 'pg_isready']" },
      { path: 'services.s.healthcheck.interval', message: '"5 seconds" is not a duration', hint: "write it like '1m30s', '500ms' or '10s'" },
    ]);
    expect(issuesOf(svc({ healthcheck: { test: ['curl', 'x'] } }))[0]).toMatchObject({ path: 'services.s.healthcheck.test', message: expect.stringContaining('must start with "CMD"') });
  });
});

describe('command and entrypoint', () => {
  test('a string is split like a shell would, without running one', () => {
    const s = only(svc({ command: `httpd -f -p "80 80" 'a b'`, entrypoint: ['/bin/sh', '-c'] }));
    expect(s.command).toEqual(['httpd', '-f', '-p', '80 80', 'a b']);
    expect(s.entrypoint).toEqual(['/bin/sh', '-c']);
  });

  test('shell operators in a string are an error, since no shell would run them', () => {
    expect(issuesOf(svc({ command: 'echo hi && sleep 1' }))).toEqual([
      { path: 'services.s.command', message: expect.stringContaining('shell operators'), hint: "use ['sh', '-c', '...'] to run it in a shell" },
    ]);
  });

  test('a $VARIABLE in a string is an error instead of silently becoming empty', () => {
    const [issue] = issuesOf(svc({ command: 'echo "$HOME"' }));
    expect(issue).toMatchObject({ path: 'services.s.command', message: expect.stringContaining('$HOME') });
    expect(issue.hint).toContain('ctx.vars.HOME');
    // Single quotes keep it literal, as a shell would.
    expect(only(svc({ command: "sh -c 'echo $HOME'" })).command).toEqual(['sh', '-c', 'echo $HOME']);
  });

  test('$$ in a string command is a literal $, as Compose reads it (the hint was `${ctx.vars.$}`)', () => {
    expect(only(svc({ command: 'echo $$HOME costs $$5' })).command).toEqual(['echo', '$HOME', 'costs', '$5']);
    expect(only(svc({ command: "sh -c 'echo $$PATH'" })).command).toEqual(['sh', '-c', 'echo $PATH']);
    expect(only(svc({ command: 'echo "$$"' })).command).toEqual(['echo', '$']);
  });
});

describe('environment', () => {
  test('values are stringified; null removes; secrets are passed through but listed', () => {
    const s = only(svc({ environment: { A: 1, B: true, C: secret.value('s3cr3t'), D: null, E: 'text' } }));
    expect(s.environment).toEqual({ A: '1', B: 'true', C: 's3cr3t', E: 'text' });
    expect(s.secretEnv).toEqual(['C']);
  });

  test('stack config masks secrets and never prints their value', () => {
    const state = resolve(stack({ s: svc({ environment: { TOKEN: secret.value('hunter2'), PLAIN: 'shown' } }) }));
    const display = toDisplay(state) as { services: Record<string, { environment: Record<string, string> }> };
    expect(display.services.s.environment).toEqual({ TOKEN: MASK, PLAIN: 'shown' });
    expect(JSON.stringify(display)).not.toContain('hunter2');
  });

  test('the list form takes KEY=value, and a bare KEY takes its value from the variables', () => {
    const s = only(svc({ environment: ['A=1=2', 'FROM_VARS', 'MISSING'] }), {}, { vars: { FROM_VARS: 'v' } });
    expect(s.environment).toEqual({ A: '1=2', FROM_VARS: 'v' });
  });

  test('envFile variables are added, environment wins, and null removes one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stackfile-envfile-'));
    writeFileSync(join(dir, 'app.env'), 'A=from-file\nB=from-file\nC=from-file\n');
    writeFileSync(join(dir, 'more.env'), 'D=more\n');
    const s = only(svc({ envFile: ['app.env', 'more.env'], environment: { B: 'inline', C: null } }), {}, { dir });
    expect(s.environment).toEqual({ A: 'from-file', B: 'inline', D: 'more' });
    expect(only(svc({ envFile: 'more.env' }), {}, { dir }).environment).toEqual({ D: 'more' });
  });

  test('a missing envFile is reported at its index', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stackfile-envfile-'));
    writeFileSync(join(dir, 'ok.env'), 'A=1\n');
    const found = issuesOf(svc({ envFile: ['ok.env', 'nope.env'] }), {}, { dir });
    expect(found).toEqual([{ path: 'services.s.envFile[1]', message: 'cannot read env file nope.env: ENOENT', hint: "paths are relative to the folder of stack.ts; if the file is optional, write { path: 'nope.env', required: false }" }]);
  });

  test('an object value is rejected at its key', () => {
    expect(paths(issuesOf(svc({ environment: { NESTED: { a: 1 } } })))).toEqual(['services.s.environment.NESTED']);
  });
});

describe('defaults and names', () => {
  test('a minimal service gets the defaults plan() relies on', () => {
    const s = only(svc());
    expect(s).toMatchObject({ name: 's', image: IMAGE, restart: 'no', replicas: 1, init: false, environment: {}, secretEnv: [], ports: [], volumes: [], dependsOn: {}, labels: {} });
  });

  test('a service with only build gets an image named after the project and service', () => {
    const s = only({ build: './api' });
    expect(s.image).toBe('app-s');
    expect(s.build).toEqual({ context: join(DIR, 'api'), dockerfile: 'Dockerfile', args: {} });
  });

  test('the project name defaults to the folder, lower-cased and cleaned; -p overrides it', () => {
    expect(resolve({ services: { s: svc() } }, { dir: '/tmp/My Project!' }).project).toBe('myproject');
    expect(resolve(stack({ s: svc() }), { projectName: 'override' }).project).toBe('override');
  });

  test('stopGracePeriod, shmSize and resources are parsed', () => {
    const s = only(svc({ stopGracePeriod: '1m', shmSize: '256m', resources: { cpus: '1.5', memory: '1g' } }));
    expect(s).toMatchObject({ stopGracePeriodMs: 60_000, shmSize: 256 * 1024 ** 2, nanoCpus: 1.5e9, memoryBytes: 1024 ** 3 });
  });
});

describe("restart written or left to the default 'no'", () => {
  // The engine's default is 'no' too: only restartExplicit tells a one-shot the user marked from a service that never said.
  test("unset is the default, without the mark; restart: 'no' and deploy.restartPolicy.condition are marked", () => {
    expect(only(svc())).toMatchObject({ restart: 'no' });
    expect(only(svc()).restartExplicit).toBeUndefined();
    expect(only(svc({ restart: 'no' }))).toMatchObject({ restart: 'no', restartExplicit: true });
    expect(only(svc({ restart: 'always' }))).toMatchObject({ restart: 'always', restartExplicit: true });
    expect(only(svc({ deploy: { restartPolicy: { condition: 'none' } } }))).toMatchObject({ restart: 'no', restartExplicit: true });
    // A policy without a condition leaves restart to its default.
    expect(only(svc({ deploy: { restartPolicy: { maxAttempts: 3 } } })).restartExplicit).toBeUndefined();
  });

  test('an env overlay that sets restart marks it; one that removes it (null) leaves the default unmarked', () => {
    const input = stack({ a: svc(), b: svc({ restart: 'no' }) }, { envs: { prod: { services: { a: { restart: 'no' }, b: { restart: null } } } } });
    const base = resolve(input).services;
    expect([base.a.restartExplicit, base.b.restartExplicit]).toEqual([undefined, true]);
    const prod = resolve(input, { env: 'prod' }).services;
    expect(prod.a).toMatchObject({ restart: 'no', restartExplicit: true });
    expect(prod.b.restart).toBe('no');
    expect(prod.b.restartExplicit).toBeUndefined();
  });

  test('is not part of the applied spec, its hash or stack config: the container is the same either way', () => {
    const marked = only(svc({ restart: 'no' }));
    const plain = only(svc());
    expect(appliedService(marked)).toEqual(appliedService(plain));
    expect(configHash(appliedService(marked))).toBe(configHash(appliedService(plain)));
    expect(toDisplay(resolve(stack({ s: svc({ restart: 'no' }) })))).toEqual(toDisplay(resolve(stack({ s: svc() }))));
  });
});
