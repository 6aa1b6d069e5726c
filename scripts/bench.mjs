// `npm run bench`: the speed numbers the issues ask for, measured on this machine against the real daemon.
//   1. plan() on 500 services (pure; median of 30)
//   2. cold `up` of 20 independent services vs a raw parallel create+start of the same containers via the API
//   3. no-op `stack up` of the same 20 services, CLI wall time
//   4. the same two runs with docker-compose (1.29, the peer installed here), when it is installed
// Run `npm run build` first. Prints a table; exits 0. Not a test: numbers vary by machine.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASE_IMAGE, ensureBaseImage } from './base-image.mjs';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));
const dist = (p) => require(join(root, 'dist', p));
const Docker = require('dockerode');
const docker = new Docker();
const N = 20;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
const results = [];
const report = (name, value, target) => {
  results.push({ name, value, target });
  console.log(`${name.padEnd(58)} ${value.padStart(10)}   ${target ?? ''}`);
};

function planBench() {
  const { resolveStack } = dist('model/normalize.js');
  const { plan } = dist('plan/plan.js');
  const { appliedService, configHash } = dist('model/applied.js');
  const services = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`s${i}`, { image: 'busybox', environment: { N: String(i) }, ports: [`${10000 + i}:80`], dependsOn: i ? [`s${i - 1}`] : [] }]));
  const desired = resolveStack({ name: 'bench', services }, { dir: root });
  const actual = { project: 'bench', networks: {}, volumes: {}, images: { busybox: 'sha256:x' }, containers: Object.values(desired.services).map((s) => {
    const applied = appliedService(s, 'bench');
    return { id: s.name, name: `bench-${s.name}-1`, service: s.name, number: 1, state: 'running', imageId: 'sha256:x', image: 'busybox', configHash: configHash(applied), applied, dependsOn: [], ports: [], networks: [], created: 0 };
  }) };
  const times = [];
  for (let i = 0; i < 30; i++) {
    const t0 = process.hrtime.bigint();
    plan(desired, actual);
    times.push(ms(t0));
  }
  report('plan() on 500 services (median of 30)', `${median(times).toFixed(1)} ms`, 'target ≤ 50 ms');
}

function stackTs(project) {
  const svc = Array.from({ length: N }, (_, i) => `    s${i}: { image: '${BASE_IMAGE}', init: true, command: ['sleep', '3600'] },`).join('\n');
  return `import { defineStack } from 'stackfile';\nexport default defineStack({\n  name: '${project}',\n  services: {\n${svc}\n  },\n});\n`;
}

async function cleanup(project) {
  const filters = { label: [`io.stackfile.project=${project}`] };
  const byCompose = { label: [`com.docker.compose.project=${project}`] };
  for (const f of [filters, byCompose]) {
    const cs = await docker.listContainers({ all: true, filters: f });
    await Promise.all(cs.map((c) => docker.getContainer(c.Id).remove({ force: true })));
    const ns = await docker.listNetworks({ filters: f });
    await Promise.all(ns.map((n) => docker.getNetwork(n.Id).remove()));
  }
}

async function rawParallel(project) {
  const t0 = process.hrtime.bigint();
  const net = await docker.createNetwork({ Name: `${project}_default`, Labels: { 'io.stackfile.project': project } });
  await Promise.all(Array.from({ length: N }, async (_, i) => {
    const c = await docker.createContainer({
      name: `${project}-s${i}-1`, Image: BASE_IMAGE, Cmd: ['sleep', '3600'], Labels: { 'io.stackfile.project': project },
      HostConfig: { Init: true, NetworkMode: `${project}_default` },
      NetworkingConfig: { EndpointsConfig: { [`${project}_default`]: { Aliases: [`s${i}`] } } },
    });
    await c.start();
  }));
  const t = ms(t0);
  void net;
  return t;
}

async function stackUp(project, dir) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [join(root, 'dist/bin.js'), 'up'], { cwd: dir, env: { ...process.env, CI: '1', NO_COLOR: '1' }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`stack up failed: ${r.stderr}`);
  return ms(t0);
}

async function libraryUp(project, dir) {
  const { up } = dist('index.js');
  const services = Object.fromEntries(Array.from({ length: N }, (_, i) => [`s${i}`, { image: BASE_IMAGE, init: true, command: ['sleep', '3600'] }]));
  const t0 = process.hrtime.bigint();
  await up({ name: project, services }, { dir });
  return ms(t0);
}

function composeAvailable() {
  return spawnSync('docker-compose', ['version'], { encoding: 'utf8' }).status === 0;
}

function composeUp(project, dir) {
  const svc = Array.from({ length: N }, (_, i) => `  s${i}:\n    image: ${BASE_IMAGE}\n    init: true\n    command: [sleep, "3600"]\n`).join('');
  writeFileSync(join(dir, 'docker-compose.yml'), `version: "3.8"\nservices:\n${svc}`);
  const t0 = process.hrtime.bigint();
  execFileSync('docker-compose', ['-p', project, 'up', '-d'], { cwd: dir, stdio: 'ignore' });
  return ms(t0);
}

async function upBench() {
  await ensureBaseImage();
  const raw = [];
  const lib = [];
  const cli = [];
  const noop = [];
  const composeCold = [];
  const composeNoop = [];
  const hasCompose = composeAvailable();
  for (let run = 0; run < RUNS; run++) {
    const p = `bench-${process.pid}-${run}`;
    const dir = mkdtempSync(join(tmpdir(), 'stackfile-bench-'));
    try {
      writeFileSync(join(dir, 'stack.ts'), stackTs(`${p}c`));
      // Each variant runs first in turn, and the daemon gets a moment after each cleanup: the engine is still busy
      // tearing down the previous 20 containers for a while, which would otherwise favour whoever goes first.
      const variants = [
        async () => { raw.push(await rawParallel(`${p}r`)); await cleanup(`${p}r`); },
        async () => { lib.push(await libraryUp(`${p}l`, dir)); await cleanup(`${p}l`); },
        async () => { cli.push(await stackUp(`${p}c`, dir)); noop.push(await stackUp(`${p}c`, dir)); await cleanup(`${p}c`); },
      ];
      for (let k = 0; k < variants.length; k++) {
        await variants[(run + k) % variants.length]();
        await new Promise((r) => setTimeout(r, 1500));
      }
      if (hasCompose) {
        composeCold.push(composeUp(`${p}d`, dir));
        composeNoop.push(composeUp(`${p}d`, dir));
        execFileSync('docker-compose', ['-p', `${p}d`, 'down', '-t', '1'], { cwd: dir, stdio: 'ignore' });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const r = median(raw);
  report(`raw parallel create+start of ${N} containers via the API`, `${r.toFixed(0)} ms`, 'baseline');
  report(`cold up of ${N} services, library up() (median of ${RUNS})`, `${median(lib).toFixed(0)} ms`, `${(median(lib) / r).toFixed(2)}× raw (target ≤ 1.15×)`);
  report(`cold stack up of ${N} services, CLI wall (median of ${RUNS})`, `${median(cli).toFixed(0)} ms`, `${(median(cli) / r).toFixed(2)}× raw, incl. node + stack.ts load`);
  report(`no-op stack up of ${N} services, CLI wall (median of ${RUNS})`, `${median(noop).toFixed(0)} ms`, 'target ≤ 450 ms');
  if (hasCompose) {
    report(`docker-compose 1.29 cold up -d of ${N} services`, `${median(composeCold).toFixed(0)} ms`, 'peer');
    report(`docker-compose 1.29 no-op up -d of ${N} services`, `${median(composeNoop).toFixed(0)} ms`, 'peer');
  }
}

console.log(`stackfile benchmark (${new Date().toISOString()}, node ${process.version})`);
planBench();
await upBench();
