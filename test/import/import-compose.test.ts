/**
 * `stack import` as a library call: compose files in a folder → stack.ts text → loaded and resolved by stackfile's own
 * loader, so each test checks what the written file means, not how it is spelt (except where the spelling is the point).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { DesiredState } from '../../src/model/desired';
import { importCompose, type ImportResult } from '../../src/import/import-compose';
import { ImportError } from '../../src/import/import-error';
import { foldersForFile } from '../helpers/folders';
import { ensureBuilt, requireDist } from '../helpers/run-stack.mjs';

const folder = foldersForFile('stackfile-import');
type LoadStack = (o: { cwd: string; env?: string; processEnv?: NodeJS.ProcessEnv }) => Promise<{ desired: DesiredState }>;
let loadStack: LoadStack;

beforeAll(async () => {
  await ensureBuilt();
  ({ loadStack } = requireDist('config/load-stack.js') as { loadStack: LoadStack });
});

/** Imports `files` (the first ones the base, `envs` as overlays) into stack.ts beside them. */
function imported(files: Record<string, string>, base: string[] = ['docker-compose.yml'], envs: { name: string; file: string }[] = []): { dir: string; result: ImportResult } {
  const dir = folder(files);
  const result = importCompose({ files: base, envs, outFile: join(dir, 'stack.ts'), cwd: dir, environment: {} });
  writeFileSync(join(dir, 'stack.ts'), result.text);
  return { dir, result };
}

async function resolved(dir: string, env?: string, processEnv: NodeJS.ProcessEnv = {}): Promise<DesiredState> {
  return (await loadStack({ cwd: dir, env, processEnv })).desired;
}

describe('stack import', () => {
  test('anchors, merge keys, short forms and YAML 1.1 booleans read as Compose reads them', async () => {
    const { dir, result } = imported({
      'docker-compose.yml': `version: "3.8"
x-base: &base
  restart: unless-stopped
  environment: &env
    LOG_LEVEL: info
services:
  api:
    <<: *base
    image: api:1
    command: sh -c 'echo $$HOME'
    ports: ["8080:80", "127.0.0.1:9000:9000/udp"]
  worker:
    <<: *base
    image: api:1
    restart: no
    environment:
      <<: *env
      QUEUE: jobs
`,
    });
    const s = (await resolved(dir)).services;
    expect(s.api.restart).toBe('unless-stopped');
    expect(s.api.environment).toEqual({ LOG_LEVEL: 'info' });
    expect(s.api.command).toEqual(['sh', '-c', 'echo $HOME']);
    expect(s.api.ports.map((p) => `${p.hostIp}|${p.published}|${p.target}/${p.protocol}`)).toEqual(['|8080|80/tcp', '127.0.0.1|9000|9000/udp']);
    expect(s.worker.restart).toBe('no');
    // Written, so the Kubernetes export can tell it from the default (a one-shot becomes a Job).
    expect(s.worker.restartExplicit).toBe(true);
    expect(s.api.restartExplicit).toBe(true);
    expect(s.worker.environment).toEqual({ LOG_LEVEL: 'info', QUEUE: 'jobs' });
    // Short forms stay short, keys are camelCase.
    expect(result.text).toContain("ports: ['8080:80', '127.0.0.1:9000:9000/udp']");
    expect(result.untranslated).toEqual([]);
    // The anchor is a constant the services spread; worker's own restart and environment follow the spread.
    expect(result.text).toContain('const base: ServiceSpec = {');
    expect(result.text).toMatch(/api: \{\n\s+\.\.\.base,\n\s+image: 'api:1',/);
    expect(result.text).toMatch(/worker: \{\n\s+\.\.\.base,\n\s+restart: 'no',/);
  });

  test('restart: "no" stays written in stack.ts, so it is told from the default (which the import leaves unwritten)', async () => {
    const { dir, result } = imported({ 'docker-compose.yml': 'services:\n  seed:\n    image: seed:1\n    restart: "no"\n  web:\n    image: web:1\n' });
    expect(result.text).toMatch(/seed: \{\n\s+image: 'seed:1',\n\s+restart: 'no',/);
    const s = (await resolved(dir)).services;
    expect(s.seed).toMatchObject({ restart: 'no', restartExplicit: true });
    expect(s.web.restartExplicit).toBeUndefined();
  });

  test('anchor names become camelCase constants, snake_case ones too', () => {
    const { result } = imported({ 'docker-compose.yml': 'x-a: &restart_policy\n  restart: always\nx-b: &default-logging\n  driver: local\nservices:\n  a:\n    <<: *restart_policy\n    image: a\n    logging: *default-logging\n' });
    expect(result.text).toContain('const restartPolicy: ServiceSpec = {');
    expect(result.text).toContain("const defaultLogging: ServiceSpec['logging'] = { driver: 'local' };");
  });

  test('variables become ctx.vars reads that take .env beside stack.ts, as Compose takes it beside the file', async () => {
    const { dir, result } = imported({
      '.env': 'TAG=2.0\nDB_PASSWORD=s3cret\n',
      'docker-compose.yml': 'services:\n  web:\n    image: "web:${TAG:-latest}"\n    ports: ["${PORT:-8080}:80"]\n    environment:\n      URL: "postgres://u:${DB_PASSWORD:?need it}@db"\n      EMPTY: "${UNSET_ONE-}"\n',
    });
    expect(result.text).toContain('defineStack((ctx) => ({');
    expect(result.text).toContain("image: `web:${ctx.vars.TAG || 'latest'}`");
    expect(result.text).toContain("ctx.vars.require('DB_PASSWORD', 'need it')");
    const web = (await resolved(dir)).services.web;
    expect(web.image).toBe('web:2.0');
    expect(web.ports[0].published).toBe('8080');
    expect(web.environment).toEqual({ URL: 'postgres://u:s3cret@db', EMPTY: '' });
  });

  test('an untranslatable key is reported with its path and written as a TODO in place; the rest is written', async () => {
    const { dir, result } = imported({ 'docker-compose.yml': 'services:\n  db:\n    image: pg\n  api:\n    image: api\n    volumes_from: [db]\n    cpu_shares: 512\n    depends_on: [db]\n' });
    expect(result.untranslated.map((u) => u.path)).toEqual(['services.api.volumes_from', 'services.api.cpu_shares']);
    expect(result.text).toMatch(/\/\/ TODO\(stack import\): volumes_from: \["db"\]/);
    expect(result.text).toMatch(/\/\/ TODO\(stack import\): cpu_shares: 512/);
    expect((await resolved(dir)).services.api.dependsOn).toEqual({ db: 'started' });
  });

  test('ulimits -1, links, dependsOn restart/required and optional env files translate; build secrets/ssh are TODOs saying why', async () => {
    const { dir, result } = imported({
      'docker-compose.yml': `services:
  db:
    image: pg
    ulimits:
      memlock: -1
      nofile: { soft: 1024, hard: -1 }
  debug:
    image: busybox
    profiles: [debug]
  api:
    image: api
    links: [db, "db:database"]
    env_file:
      - ./base.env
      - path: ./local.env
        required: false
    depends_on:
      db: { condition: service_healthy, restart: true }
      debug: { condition: service_started, required: false }
  builder:
    build:
      context: .
      secrets: [npmrc]
      ssh: [default]
`,
      'base.env': 'A=1\n',
    });
    expect(result.untranslated.map((u) => u.path)).toEqual(['services.builder.build.secrets', 'services.builder.build.ssh']);
    expect(result.text).toMatch(/TODO\(stack import\): secrets: \["npmrc"\] \(needs BuildKit, .*classic builder, which has no secret mounts: build the image with docker buildx build --secret/);
    expect(result.text).toMatch(/TODO\(stack import\): ssh: \["default"\] \(needs BuildKit, .*no SSH agent mounts/);
    expect(result.text).toContain("{ path: './local.env', required: false }");
    // The builder's TODOs leave it without an image: resolve the rest without it, as a user would after reading them.
    writeFileSync(join(dir, 'stack.ts'), result.text.replace(/builder: \{[\s\S]*?\n {4}\},\n/, ''));
    const s = (await resolved(dir)).services;
    expect(Object.keys(s).sort()).toEqual(['api', 'db']);
    expect(s.db.ulimits).toEqual({ memlock: { soft: -1, hard: -1 }, nofile: { soft: 1024, hard: -1 } });
    expect(s.api.links).toEqual([{ service: 'db', alias: 'db' }, { service: 'db', alias: 'database' }]);
    // debug's profile is off and it is not required: dropped, as Compose drops it.
    expect(s.api.dependsOn).toEqual({ db: 'healthy' });
    expect(s.api.restartWith).toEqual(['db']);
    expect(s.api.optionalDeps).toBeUndefined();
    expect(s.api.environment).toEqual({ A: '1' });
  });

  test('secrets files become secret.file(...), environment ones secret(VAR); YAML comments are kept', async () => {
    const { dir, result } = imported({
      'pw.txt': 'hunter2',
      'docker-compose.yml': `services:
  # the database
  db:
    image: pg
    secrets:
      - source: db_pw
        mode: 0400
secrets:
  db_pw:
    file: ./pw.txt
  token:
    environment: API_TOKEN
`,
    });
    expect(result.text).toContain("db_pw: secret.file('./pw.txt')");
    expect(result.text).toContain("token: secret('API_TOKEN')");
    expect(result.text).toContain('mode: 0o400');
    expect(result.text).toMatch(/\/\/ the database\n\s+db: \{/);
    process.env.API_TOKEN = 'x';
    try {
      const db = (await resolved(dir)).services.db;
      expect(db.secrets.map((s) => [s.name, s.target, s.mode])).toEqual([['db_pw', '/run/secrets/db_pw', 0o400]]);
    } finally {
      delete process.env.API_TOKEN;
    }
  });

  test('extends (in the file and from another folder, whose paths stay its own) and include are resolved', async () => {
    const { dir } = imported({
      'common/base.yml': 'services:\n  node:\n    image: node:20\n    volumes: ["./cache:/cache"]\n    environment: { A: "1" }\n',
      'more/compose.yaml': 'services:\n  side:\n    image: side:1\n    build: ./side\n',
      'docker-compose.yml': `include:
  - more/compose.yaml
services:
  app:
    extends: { file: common/base.yml, service: node }
    environment: { B: "2" }
  app2:
    extends: app
    command: ["node", "x.js"]
`,
    });
    const s = (await resolved(dir)).services;
    expect(s.app.image).toBe('node:20');
    expect(s.app.environment).toEqual({ A: '1', B: '2' });
    expect(s.app.volumes[0]).toMatchObject({ source: join(dir, 'common', 'cache'), target: '/cache' });
    expect(s.app2.environment).toEqual({ A: '1', B: '2' });
    expect(s.app2.command).toEqual(['node', 'x.js']);
    expect(s.side.build?.context).toBe(join(dir, 'more', 'side'));
  });

  test('an override file becomes an env overlay: stack config --env equals the Compose merge', async () => {
    const { dir, result } = imported(
      {
        'docker-compose.yml': 'services:\n  api:\n    image: api:1\n    ports: ["8080:80"]\n    environment: { LOG: info, KEEP: "1" }\n    volumes: ["./src:/app/src"]\n  db:\n    image: pg\n',
        'docker-compose.prod.yml': 'services:\n  api:\n    image: api:2\n    ports: ["80:80"]\n    environment: { LOG: warn }\n    restart: always\n  proxy:\n    image: nginx\n',
      },
      ['docker-compose.yml'],
      [{ name: 'prod', file: 'docker-compose.prod.yml' }],
    );
    expect(result.text).toMatch(/envs: \{\n\s+prod: \{/);
    const base = (await resolved(dir)).services;
    const prod = (await resolved(dir, 'prod')).services;
    expect(Object.keys(base)).toEqual(['api', 'db']);
    expect(Object.keys(prod).sort()).toEqual(['api', 'db', 'proxy']);
    expect(prod.api.image).toBe('api:2');
    expect(prod.api.restart).toBe('always');
    expect(prod.api.environment).toEqual({ LOG: 'warn', KEEP: '1' });
    // Compose joins ports by what they publish: both stay.
    expect(prod.api.ports.map((p) => `${p.published}:${p.target}`)).toEqual(['8080:80', '80:80']);
    expect(prod.db).toEqual(base.db);
  });

  test('host paths written absolute or from ~ stay so; only relative ones are rebased onto stack.ts\'s folder', async () => {
    const dir = folder({
      'app/docker-compose.yml': `services:
  a:
    image: nginx
    build: ./web
    env_file: [./a.env, { path: ~/stackfile-import-none.env, required: false }]
    volumes:
      - /etc/localtime:/etc/localtime:ro
      - ~/.ssh:/root/.ssh:ro
      - ./data:/data
      - type: bind
        source: /var/run/docker.sock
        target: /var/run/docker.sock
secrets:
  pw:
    file: /run/pw.txt
`,
      'app/a.env': 'A=1\n',
    });
    const out = join(dir, 'deploy', 'stack.ts');
    const result = importCompose({ files: ['app/docker-compose.yml'], envs: [], outFile: out, cwd: dir, environment: {} });
    expect(result.text).toContain("volumes: [\n        '/etc/localtime:/etc/localtime:ro',\n        '~/.ssh:/root/.ssh:ro',\n        '../app/data:/data',");
    expect(result.text).toContain("{ type: 'bind', source: '/var/run/docker.sock', target: '/var/run/docker.sock' }");
    expect(result.text).toContain("build: '../app/web'");
    expect(result.text).toContain("secret.file('/run/pw.txt')");
    // The model reads env files relative to stack.ts and does not expand ~: the written code does, for whoever runs stack.
    expect(result.text).toContain("envFile: ['../app/a.env', { path: join(homedir(), 'stackfile-import-none.env'), required: false }]");
    expect(result.text).toContain("import { homedir } from 'node:os';");
    // Moved elsewhere, stack.ts still mounts the same absolute paths and the home folder of the user who runs it.
    const moved = join(dir, 'x', 'y', 'z');
    mkdirSync(moved, { recursive: true });
    writeFileSync(join(moved, 'stack.ts'), result.text.replace(/\n\s+envFile: .*\n/, '\n').replace(/\n\s+build: .*\n/, '\n').replace(/secrets: \{[\s\S]*?\},\n/, ''));
    const a = (await resolved(moved)).services.a;
    expect(a.volumes.map((v) => v.source)).toEqual(['/etc/localtime', join(homedir(), '.ssh'), join(dir, 'x', 'y', 'app', 'data'), '/var/run/docker.sock']);
  });

  test('COMPOSE_PROJECT_NAME in .env names the stack as it names the Compose project; COMPOSE_PROFILES gets a note', async () => {
    const { dir, result } = imported({
      '.env': 'COMPOSE_PROJECT_NAME=mailcowdockerized\nCOMPOSE_PROFILES=feature-complete,tools\n',
      'docker-compose.yml': 'services:\n  web:\n    image: nginx\n    volumes: [data:/data]\nvolumes:\n  data: {}\n',
    });
    expect(result.text).toMatch(/defineStack\(\{\n {2}name: 'mailcowdockerized',\n {2}services:/);
    expect((await resolved(dir)).project).toBe('mailcowdockerized');
    expect(result.notes).toContain("stack.ts is named 'mailcowdockerized', from COMPOSE_PROJECT_NAME (in .env or the environment), as docker compose names the project: so it finds the same containers and volumes");
    expect(result.notes.find((n) => n.startsWith('COMPOSE_PROFILES'))).toBe(
      'COMPOSE_PROFILES=feature-complete,tools (in .env or the environment) turns profiles on for docker compose; stack reads neither it nor profiles from .env: run stack with --profile feature-complete --profile tools, or export STACK_PROFILES=feature-complete,tools in the shell',
    );

    // As in Compose, the variable (here from the environment) wins over the file's name:, with a note.
    const named = folder({ 'docker-compose.yml': 'name: fromfile\nservices:\n  web:\n    image: nginx\n' });
    const over = importCompose({ files: [], envs: [], outFile: join(named, 'stack.ts'), cwd: named, environment: { COMPOSE_PROJECT_NAME: 'fromenv' } });
    expect(over.text).toContain("name: 'fromenv'");
    expect(over.notes[0]).toMatch(/^COMPOSE_PROJECT_NAME=fromenv \(in .env or the environment\) names the project for docker compose instead of name: fromfile/);
    const plain = importCompose({ files: [], envs: [], outFile: join(named, 'stack.ts'), cwd: named, environment: {} });
    expect(plain.text).toContain("name: 'fromfile'");
    expect(plain.notes).toEqual([]);
  });

  test('a variable in a boolean, union or number key is written so that it type-checks and means what it means to Compose', async () => {
    const { dir, result } = imported({
      'docker-compose.yml': `services:
  web:
    image: nginx
    restart: \${RESTART_POLICY:-unless-stopped}
    platform: \${DOCKER_PLATFORM:-}
    network_mode: \${NET:-bridge}
    init: \${INIT:-true}
    tty: "yes"
    stop_grace_period: \${GRACE}
    healthcheck:
      test: [CMD, "true"]
      retries: \${RETRIES}
      interval: \${INTERVAL:-30s}
      disable: \${NO_HC:-false}
    ports:
      - target: 80
        protocol: \${PROTO:-tcp}
networks:
  front:
    enable_ipv6: \${ENABLE_IPV6:-true}
`,
    });
    expect(result.text).toContain("import { defineStack, type RestartPolicy, type ServiceSpec } from 'stackfile';");
    expect(result.text).toContain("restart: (ctx.vars.RESTART_POLICY || 'unless-stopped') as RestartPolicy,");
    // An empty default (or none) is not set, as Compose reads '' there.
    expect(result.text).toContain('platform: ctx.vars.DOCKER_PLATFORM || undefined,');
    expect(result.text).toContain('stopGracePeriod: ctx.vars.GRACE || undefined,');
    expect(result.text).toContain("networkMode: (ctx.vars.NET || 'bridge') as ServiceSpec['networkMode'],");
    expect(result.text).toContain("init: ctx.vars.bool('INIT', true),");
    expect(result.text).toContain('tty: true,');
    expect(result.text).toContain("retries: Number(ctx.vars.require('RETRIES')),");
    expect(result.text).toContain("protocol: (ctx.vars.PROTO || 'tcp') as 'tcp' | 'udp'");
    expect(result.text).toContain("enableIpv6: ctx.vars.bool('ENABLE_IPV6', true),");

    const state = await resolved(dir, undefined, { RETRIES: '3' });
    const web = state.services.web;
    expect([web.restart, web.platform, web.networkMode, web.init, web.tty, web.healthcheck?.retries, web.ports[0].protocol]).toEqual(['unless-stopped', undefined, 'bridge', true, true, 3, 'tcp']);
    expect(state.networks.front.enableIpv6).toBe(true);
    const set = await resolved(dir, undefined, { RETRIES: '5', RESTART_POLICY: 'on-failure:2', DOCKER_PLATFORM: 'linux/arm64', INIT: 'FALSE', ENABLE_IPV6: 'no' });
    expect([set.services.web.restart, set.services.web.platform, set.services.web.init, set.services.web.healthcheck?.retries, set.networks.front.enableIpv6 ?? false]).toEqual(['on-failure:2', 'linux/arm64', false, 5, false]);
    // Unset, the number names its variable (not a 0 the user never wrote).
    await expect(resolved(dir)).rejects.toThrow(/vars\.RETRIES: required variable RETRIES is not set/);
  });

  test('an environment entry without a value passes the variable through, whatever its name', async () => {
    const { dir, result } = imported({
      'docker-compose.yml': `services:
  web:
    image: nginx
    environment:
      TOKEN:
      app.mode:
`,
    });
    expect(result.text).toContain("environment: { TOKEN: ctx.vars.TOKEN ?? null, 'app.mode': ctx.vars['app.mode'] ?? null },");
    const state = await resolved(dir, undefined, { TOKEN: 't', 'app.mode': 'fast' });
    expect(state.services.web.environment).toEqual({ TOKEN: 't', 'app.mode': 'fast' });
  });

  test('a boolean from a variable is one of Compose\'s words or an error naming the variable and the value, never a silent false', async () => {
    const { dir, result } = imported({
      'docker-compose.yml': `services:
  web:
    image: nginx
    read_only: \${RO}
    init: \${INIT:-true}
    tty: \${TTY-false}
    privileged: \${PRIV:?say whether web runs privileged}
    stdin_open: \${OPEN:-}
    volumes:
      - type: volume
        source: data
        target: /data
        read_only: \${DATA_RO:-no}
    healthcheck:
      test: [CMD, "true"]
      disable: "\${NO}\${HC}"
volumes:
  data: {}
networks:
  front:
    internal: \${INTERNAL:-maybe}
`,
    });
    expect(result.text).toContain("readOnly: ctx.vars.bool('RO'),");
    expect(result.text).toContain("init: ctx.vars.bool('INIT', true),");
    // `-` stands in for an unset variable only: an empty one is still no boolean, as in Compose.
    expect(result.text).toContain("tty: ctx.vars.TTY === '' ? ctx.vars.bool('TTY') : ctx.vars.bool('TTY', false),");
    expect(result.text).toContain("privileged: ctx.vars.require('PRIV', 'say whether web runs privileged') ? ctx.vars.bool('PRIV') : false,");
    expect(result.text).toContain("stdinOpen: ctx.vars.bool('OPEN'),");
    expect(result.text).toContain("readOnly: ctx.vars.bool('DATA_RO', false)");
    // Not one reference, or a default that is no boolean word: the test of the text, as before.
    expect(result.text).toContain('disable: /^(true|yes|y|on)$/i.test(`${ctx.vars.NO ?? \'\'}${ctx.vars.HC ?? \'\'}`),');
    expect(result.text).toContain("internal: /^(true|yes|y|on)$/i.test(ctx.vars.INTERNAL || 'maybe'),");

    const ok = { RO: 'yes', PRIV: 'Off', OPEN: 'no', NO: 'tr', HC: 'ue' };
    const web = (await resolved(dir, undefined, ok)).services.web;
    expect([web.readOnly, web.init, web.tty, web.privileged, web.stdinOpen, web.volumes[0].readOnly]).toEqual([true, true, false, false, false, false]);
    const set = (await resolved(dir, undefined, { ...ok, RO: 'FALSE', INIT: 'n', TTY: 'on', PRIV: 'y', OPEN: 'true', DATA_RO: 'YES' })).services.web;
    expect([set.readOnly, set.init, set.tty, set.privileged, set.stdinOpen, set.volumes[0].readOnly]).toEqual([false, false, true, true, true, true]);

    // A typo or a number is an error naming the variable, its value and the words; every one in the same error.
    const bad = resolved(dir, undefined, { ...ok, RO: 'ture', INIT: '1', DATA_RO: 'nope' });
    await expect(bad).rejects.toThrow(/vars\.RO: variable RO is "ture", which is not a boolean \(ctx\.vars\.bool at .*stack\.ts:\d+:\d+\) \(set it to true\/yes\/y\/on or false\/no\/n\/off \(any case\) in the environment or in \.env, \.env\.local next to stack\.ts\)/);
    await expect(bad).rejects.toThrow(/vars\.INIT: variable INIT is "1", which is not a boolean/);
    await expect(bad).rejects.toThrow(/vars\.DATA_RO: variable DATA_RO is "nope", which is not a boolean/);
    // Unset with no default, as Compose (`"" is not a valid boolean value`): an error, not false.
    await expect(resolved(dir, undefined, { PRIV: 'no' })).rejects.toThrow(/vars\.RO: required variable RO is not set \(ctx\.vars\.bool at .*\) \(set it to true\/yes\/y\/on or false\/no\/n\/off/);
    await expect(resolved(dir, undefined, { ...ok, TTY: '' })).rejects.toThrow(/vars\.TTY: required variable TTY is empty/);
    // `:?` keeps the author's message.
    await expect(resolved(dir, undefined, { RO: 'no' })).rejects.toThrow(/vars\.PRIV: required variable PRIV is not set: say whether web runs privileged/);
    // That these forms type-check is the corpus's part (interpolated-types, with one type-check of every case).
  });

  test('${VAR:?message} keeps the author\'s message; ${VAR?message} accepts an empty value, as Compose does', async () => {
    const { dir, result } = imported({
      'docker-compose.yml': 'services:\n  db:\n    image: pg\n    environment:\n      POSTGRES_PASSWORD: ${PG_PASS:?database password required}\n      A: ${A?must be set}\n',
    });
    expect(result.text).toContain("POSTGRES_PASSWORD: ctx.vars.require('PG_PASS', 'database password required'),");
    expect(result.text).toContain("A: ctx.vars.A ?? ctx.vars.require('A', 'must be set'),");
    // A set but empty passes; PG_PASS empty does not, with the message.
    await expect(resolved(dir, undefined, { A: '', PG_PASS: '' })).rejects.toThrow(/vars\.PG_PASS: required variable PG_PASS is empty: database password required \(ctx\.vars\.require at /);
    expect((await resolved(dir, undefined, { A: '', PG_PASS: 'pw' })).services.db.environment).toEqual({ POSTGRES_PASSWORD: 'pw', A: '' });
    await expect(resolved(dir, undefined, { PG_PASS: 'pw' })).rejects.toThrow(/required variable A is not set: must be set/);
  });

  test('a misspelt key is said to be no Compose key, with the key it was probably meant to be', () => {
    const { result } = imported({ 'docker-compose.yml': 'services:\n  web:\n    image: nginx\n    enviroment: { A: b }\n    cpu_shares: 512\n    frobnicate: 1\nvolume:\n  data: {}\n' });
    expect(result.untranslated).toEqual([
      { path: 'services.web.enviroment', message: 'not a Compose key (did you mean "environment"?)' },
      { path: 'services.web.cpu_shares', message: 'stackfile has no cpu_shares' },
      { path: 'services.web.frobnicate', message: 'not a Compose key' },
      { path: 'volume', message: 'not a Compose top-level key (did you mean "volumes"?)' },
    ]);
    expect(result.text).toContain('// TODO(stack import): enviroment: {"A":"b"} (not a Compose key (did you mean "environment"?))');
  });

  test('a file that is missing or not YAML is one clear error, with file:line', () => {
    const dir = folder({ 'bad.yml': 'services:\n  a: [\n' });
    const run = (file: string) => importCompose({ files: [file], envs: [], outFile: join(dir, 'stack.ts'), cwd: dir, environment: {} });
    expect(() => run('nope.yml')).toThrow(ImportError);
    expect(() => run('nope.yml')).toThrow(/cannot read nope.yml: no such file/);
    expect(() => run('bad.yml')).toThrow(/^bad\.yml:\d+:\d+: not valid YAML/);
    expect(readFileSync(join(dir, 'bad.yml'), 'utf8')).toContain('services');
  });
});
