// The three runners, each a child process per step like a user's command line: stackfile (the built CLI), Debian's
// docker-compose 1.29.2, and the raw floor (floor.mjs). Each writes its own file from the neutral spec, untimed,
// and then times one command: wall time from spawn to exit, output discarded. `load` (untimed) lets a runner read
// its file once before a cold start, as any earlier command would have; only stackfile keeps anything from it.
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitHealthy } from './daemon.mjs';
import { toComposeYaml, toFloorPlan, toStackTs } from './stack-spec.mjs';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The `stack` command as npm installs it: a shell script that starts node on dist/bin.js (bin/stack). */
const STACK = join(ROOT, 'bin', 'stack');
const FLOOR = join(ROOT, 'bench', 'floor.mjs');

/** Runs a command to completion and returns its wall time in ms; a failing step fails the benchmark. */
export function timed(cmd, args, options = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 2 ** 20, timeout: 180_000, ...options });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}:\n${r.stderr || r.stdout}`);
  return ms;
}

/**
 * The same as `timed`, without blocking: the health chain in `--quick` runs the three runners at once. Timed to the
 * child's exit; in the sequential scenarios nothing else runs meanwhile, so this measures what `timed` would.
 */
export function timedAsync(cmd, args, options = {}) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let output = '';
    let ms;
    child.stdout.on('data', (d) => (output = (output + d).slice(-20_000)));
    child.stderr.on('data', (d) => (output = (output + d).slice(-20_000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
    child.on('exit', () => (ms = Number(process.hrtime.bigint() - t0) / 1e6));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(ms);
      else reject(new Error(`${cmd} ${args.join(' ')} exited ${code ?? signal}:\n${output}`));
    });
  });
}

const healthchecked = (spec) => Object.values(spec.services).filter((s) => s.healthcheck).length;

/** stackfile's CLI, with a transpile cache of the benchmark's own (warmed once, as `npm install` does for users). */
export function stackfileRunner(cacheDir) {
  const env = { ...process.env, NO_COLOR: '1', CI: '1', STACKFILE_CACHE_DIR: cacheDir };
  delete env.STACK_ENV;
  const stack = (args) => timedAsync(STACK, args, { env });
  return {
    name: 'stackfile',
    write: (dir, spec) => writeFileSync(join(dir, 'stack.ts'), toStackTs(spec)),
    // A cold up is rarely the first run of a stack.ts (that is the edit case, timed by one-change up and `stack config`
    // after an edit), so its transpiled output is cached first, as any earlier stack command leaves it.
    load: (dir) => timed(STACK, ['config', '-f', dir], { env }),
    up: async (dir) => stack(['up', '-f', dir]),
    noop: async (dir) => stack(['up', '-f', dir]),
    change: async (dir) => stack(['up', '-f', dir]),
    down: async (dir) => stack(['down', '-f', dir]),
  };
}

/**
 * docker-compose 1.29: `up -d` neither waits for health nor returns later than the last start, so where the stack
 * has healthchecks the time runs on until the harness sees every container healthy (what the other two wait for).
 */
export function composeRunner() {
  const env = { ...process.env, COMPOSE_INTERACTIVE_NO_CLI: '1' };
  const compose = (dir, spec, args) => timedAsync('docker-compose', ['-p', spec.project, '-f', join(dir, 'docker-compose.yml'), ...args], { env });
  const up = async (dir, spec) => {
    const t0 = process.hrtime.bigint();
    await compose(dir, spec, ['up', '-d']);
    const n = healthchecked(spec);
    if (n) await waitHealthy(spec.project, n);
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };
  return {
    name: 'docker-compose',
    write: (dir, spec) => writeFileSync(join(dir, 'docker-compose.yml'), toComposeYaml(spec)),
    load: () => {},
    up,
    noop: up,
    change: up,
    down: async (dir, spec) => compose(dir, spec, ['down']),
  };
}

/**
 * The floor: plain Engine API calls from a node process of its own (see floor.mjs). Started as the `stack` command
 * starts node, without NODE_EXTRA_CA_CERTS for node to parse first (it makes no TLS connection), so that the two
 * differ only in what they do.
 */
export function floorRunner() {
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  const floor = (dir, action, ...rest) => timedAsync(process.execPath, [FLOOR, action, join(dir, 'floor.json'), ...rest], { env });
  return {
    name: 'floor',
    write: (dir, spec) => writeFileSync(join(dir, 'floor.json'), JSON.stringify(toFloorPlan(spec))),
    load: () => {},
    up: async (dir) => floor(dir, 'up'),
    noop: async (dir) => floor(dir, 'noop'),
    change: async (dir, spec, service) => floor(dir, 'change', service),
    down: async (dir) => floor(dir, 'down'),
  };
}
