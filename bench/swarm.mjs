// The swarm row of `npm run bench` (not in --quick: it makes the two-node swarm, ~2 min): deploy N = 10 services and
// then a one-change rolling update, with stackfile (`stack up --target swarm`, which returns once every service has
// converged) and with `docker stack deploy` of the same stack as a compose file, timed until its services have
// converged too (docker stack deploy returns once it has sent the specs; it waits for nothing). Same swarm, same run.
//
//   node bench/swarm.mjs [--n 10] [--docker-first]    (or through npm run bench -- --only swarm)
//
// One run times the two tools one after the other; on a machine whose load changes, the one that goes second meets
// a different machine. --docker-first swaps the order, so two runs, one each way, show how much the order weighs.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { ensureSwarm, withLock } from '../scripts/local-swarm.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The `stack` command as npm installs it (bin/stack). */
const STACK = join(ROOT, 'bin', 'stack');

/** Runs the swarm comparison under the swarm lock; resolves with the timings (ms) and the ratios. */
export async function swarmBench({ n = 10, dockerFirst = false, log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  return withLock(async () => {
    const { baseImage } = await ensureSwarm();
    const id = Math.random().toString(16).slice(2, 6);
    const sf = { project: `bench-sf-${id}`, dir: mkdtempSync(join(tmpdir(), 'bench-swarm-sf-')) };
    const dk = { project: `bench-dk-${id}`, dir: mkdtempSync(join(tmpdir(), 'bench-swarm-dk-')) };
    const env = { ...process.env, CI: '1', NO_COLOR: '1' };
    const stackfile = (args) => run(STACK, [...args, '--target', 'swarm', '-f', sf.dir], env);
    const docker = (version) => {
      writeFileSync(join(dk.dir, 'compose.yml'), composeFile(baseImage, n, version));
      return run('docker', ['stack', 'deploy', '-c', join(dk.dir, 'compose.yml'), dk.project], env);
    };
    try {
      const timeStackfile = async () => {
        writeFileSync(join(sf.dir, 'stack.ts'), stackTs(sf.project, baseImage, n, '1'));
        log(`swarm: deploying ${n} services with stackfile`);
        const deploy = await timedAsync(async () => stackfile(['up']));
        writeFileSync(join(sf.dir, 'stack.ts'), stackTs(sf.project, baseImage, n, '2'));
        log('swarm: one-change rolling update with stackfile');
        const update = await timedAsync(async () => stackfile(['up']));
        // Gone before the other tool starts: 10 services healthchecking every second would load its turn.
        stackfile(['down']);
        return [deploy, update];
      };
      const timeDocker = async () => {
        log(`swarm: deploying ${n} services with docker stack deploy`);
        const deploy = await timedAsync(async () => {
          docker('1');
          await converged(dk.project, n);
        });
        log('swarm: one-change rolling update with docker stack deploy');
        const update = await timedAsync(async () => {
          const before = inspectUpdate(`${dk.project}_s0`);
          docker('2');
          await updated(`${dk.project}_s0`, before);
        });
        run('docker', ['stack', 'rm', dk.project], env);
        await removed(dk.project);
        return [deploy, update];
      };
      let sfDeploy, sfUpdate, dkDeploy, dkUpdate;
      if (dockerFirst) {
        [dkDeploy, dkUpdate] = await timeDocker();
        [sfDeploy, sfUpdate] = await timeStackfile();
      } else {
        [sfDeploy, sfUpdate] = await timeStackfile();
        [dkDeploy, dkUpdate] = await timeDocker();
      }
      const result = {
        status: 'ok',
        n,
        order: dockerFirst ? 'docker stack deploy first' : 'stackfile first',
        stackfile: { deployMs: sfDeploy, updateMs: sfUpdate },
        dockerStackDeploy: { deployMs: dkDeploy, updateMs: dkUpdate },
        ratio: { deploy: round(sfDeploy / dkDeploy), update: round(sfUpdate / dkUpdate) },
      };
      log(`swarm, N = ${n}: deploy ${sec(sfDeploy)} vs ${sec(dkDeploy)} (×${result.ratio.deploy}); one-change update ${sec(sfUpdate)} vs ${sec(dkUpdate)} (×${result.ratio.update})`);
      return result;
    } finally {
      spawnSync(STACK, ['down', '--target', 'swarm', '-p', sf.project], { env, stdio: 'ignore' });
      spawnSync('docker', ['stack', 'rm', dk.project], { stdio: 'ignore' });
      rmSync(sf.dir, { recursive: true, force: true });
      rmSync(dk.dir, { recursive: true, force: true });
    }
  });
}

/** N busybox web services, healthchecked, dnsrr (no IPVS here), start-first updates; s0's VERSION is the one change. */
function services(image, n, version) {
  return Array.from({ length: n }, (_, i) => ({ name: `s${i}`, image, version: i === 0 ? version : '1' }));
}

function stackTs(project, image, n, version) {
  const body = services(image, n, version).map((s) => `    ${s.name}: { image: '${s.image}', init: true, command: ['sh', '-c', 'mkdir -p /www && echo ok > /www/index.html && exec httpd -f -p 8080 -h /www'], environment: { VERSION: '${s.version}' }, healthcheck: { test: ['CMD-SHELL', 'wget -q -O - http://127.0.0.1:8080/ >/dev/null'], interval: '1s', timeout: '10s', retries: 5 }, deploy: { endpointMode: 'dnsrr', updateConfig: { order: 'start-first' } } },`).join('\n');
  return `import { defineStack } from 'stackfile';\nexport default defineStack({\n  name: '${project}',\n  services: {\n${body}\n  },\n});\n`;
}

function composeFile(image, n, version) {
  const body = services(image, n, version).map((s) => `  ${s.name}:
    image: ${s.image}
    init: true
    command: ['sh', '-c', 'mkdir -p /www && echo ok > /www/index.html && exec httpd -f -p 8080 -h /www']
    environment: { VERSION: '${s.version}' }
    healthcheck: { test: ['CMD-SHELL', 'wget -q -O - http://127.0.0.1:8080/ >/dev/null'], interval: 1s, timeout: 10s, retries: 5 }
    deploy: { endpoint_mode: dnsrr, update_config: { order: start-first } }`).join('\n');
  return `version: '3.8'\nservices:\n${body}\n`;
}

/** Every service of the stack has all its replicas running (healthy, where there is a healthcheck). */
async function converged(project, n, deadline = Date.now() + 300_000) {
  for (;;) {
    if (Date.now() > deadline) throw new Error(`${project}: services not converged after 5 minutes`);
    const lines = execFileSync('docker', ['service', 'ls', '--filter', `label=com.docker.stack.namespace=${project}`, '--format', '{{.Replicas}}'], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
    if (lines.length === n && lines.every((r) => /^(\d+)\/\1\b/.test(r))) return;
    await sleep(100);
  }
}

/** `docker stack rm` returns at once; the stack is gone when its network is (removed after the last task). */
async function removed(project, deadline = Date.now() + 180_000) {
  const left = () => execFileSync('docker', ['network', 'ls', '-q', '--filter', `label=com.docker.stack.namespace=${project}`], { encoding: 'utf8' }).trim();
  while (left() && Date.now() < deadline) await sleep(200);
}

function inspectUpdate(service) {
  return execFileSync('docker', ['service', 'inspect', service, '--format', '{{if .UpdateStatus}}{{.UpdateStatus.StartedAt}}{{end}}'], { encoding: 'utf8' }).trim();
}

/** The service's update (started after `before`) completed, as `docker service update` would wait for it. */
async function updated(service, before, deadline = Date.now() + 300_000) {
  for (;;) {
    if (Date.now() > deadline) throw new Error(`${service}: update not completed after 5 minutes`);
    const out = execFileSync('docker', ['service', 'inspect', service, '--format', '{{if .UpdateStatus}}{{.UpdateStatus.State}} {{.UpdateStatus.StartedAt}}{{end}}'], { encoding: 'utf8' }).trim();
    const [state, startedAt] = out.split(' ');
    if (state === 'completed' && startedAt !== before) return;
    await sleep(100);
  }
}

function run(cmd, args, env) {
  const r = spawnSync(cmd, args, { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

async function timedAsync(fn) {
  const t0 = performance.now();
  await fn();
  return Math.round(performance.now() - t0);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const round = (x) => Math.round(x * 100) / 100;
const sec = (ms) => `${(ms / 1000).toFixed(1)} s`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { n: { type: 'string', default: '10' }, 'docker-first': { type: 'boolean', default: false } } });
  const result = await swarmBench({ n: Number(values.n), dockerFirst: values['docker-first'] });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
