#!/usr/bin/env node
// `npm run bench`: stackfile against docker-compose 1.29 and the raw Engine API floor, side by side, on this machine.
//
//   npm run bench                 N = 10, 20, 50; 7 repetitions; loader costs; dev latencies (once stack dev exists)
//   npm run bench -- --quick      N = 10, 3 repetitions, the health chain's runners at once (~110 s)
//   options: --only lifecycle,chain,loader,dev,swarm (swarm: the full run only; bench/swarm.mjs)   --reps K   --sizes 10,20   --docs (rewrite docs/benchmarks.md's table)
//            --note TEXT (printed with the docs table, e.g. that the machine was busy)
//
// Prints a table and writes bench/results/latest.json. Needs `npm run build` first and a running daemon; builds the
// busybox image and installs docker-compose when they are missing. Not a test: it asserts no timings.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureBaseImage } from '../scripts/base-image.mjs';
import { ensureCompose, machine } from './daemon.mjs';
import { devLatency } from './dev.mjs';
import { loaderCost } from './loader-cost.mjs';
import { evaluateTargets, renderMarkdown, renderText, scenarioResults, updateDocs } from './report.mjs';
import { composeRunner, floorRunner, ROOT, stackfileRunner, timed } from './runners.mjs';
import { chain, lifecycle } from './scenarios.mjs';
import { toStackTs } from './stack-spec.mjs';
import { swarmBench } from './swarm.mjs';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    docs: { type: 'boolean', default: false },
    only: { type: 'string' },
    reps: { type: 'string' },
    sizes: { type: 'string' },
    note: { type: 'string' },
  },
});
const quick = args.quick;
const reps = Number(args.reps ?? (quick ? 3 : 7));
const sizes = (args.sizes ?? (quick ? '10' : '10,20,50')).split(',').map(Number);
const PARTS = ['lifecycle', 'chain', 'loader', 'dev', 'swarm'];
// The swarm row makes a two-node swarm and deploys 2 × 10 services: minutes, so not in --quick.
const parts = new Set((args.only ?? PARTS.filter((p) => p !== 'swarm' || !quick).join(',')).split(','));
const unknown = [...parts].filter((p) => !PARTS.includes(p));
if (unknown.length || !(reps >= 1) || sizes.some((n) => !(n >= 1))) {
  process.stderr.write(`usage: npm run bench -- [--quick] [--docs] [--only ${PARTS.join(',')}] [--reps K] [--sizes 10,20,50] [--note TEXT]\n`);
  process.exit(2);
}
const settleMs = quick ? 500 : 1500;
const log = (line) => process.stderr.write(`${line}\n`);

if (!existsSync(join(ROOT, 'dist', 'bin.js'))) {
  log('dist/bin.js is missing: run npm run build first');
  process.exit(1);
}

// Ctrl-C reaches the running child too; the step fails, its project is cleaned up, and no further step starts.
const interrupt = new AbortController();
process.on('SIGINT', () => {
  log('interrupted: cleaning up the current project');
  interrupt.abort();
});

const started = Date.now();
const runId = randomBytes(2).toString('hex');
const cacheDir = mkdtempSync(join(tmpdir(), 'stackfile-bench-cache-'));
try {
  await ensureBaseImage();
  const composeVersion = parts.has('lifecycle') || parts.has('chain') ? ensureCompose(log) : 'not used';
  const m = await machine();
  log(`stackfile bench (${quick ? 'quick' : 'full'}): ${reps} repetitions, N = ${sizes.join(', ')}; ${m.cpus} cpus, engine ${m.engine}, node ${m.node}, docker-compose ${composeVersion}`);

  // The compiler's code cache exists on a user's machine from `npm install` on; give the benchmark's cache the same.
  const warm = mkdtempSync(join(tmpdir(), 'stackfile-bench-warm-'));
  writeFileSync(join(warm, 'stack.ts'), toStackTs({ project: 'warm', services: {}, volumes: [] }));
  timed(process.execPath, [join(ROOT, 'dist', 'bin.js'), 'config', '-f', warm], { env: { ...process.env, STACKFILE_CACHE_DIR: cacheDir } });
  rmSync(warm, { recursive: true, force: true });

  const runners = [floorRunner(), stackfileRunner(cacheDir), composeRunner()];
  const failures = [];
  const options = { runners, reps, settleMs, runId, log, signal: interrupt.signal, failures };
  const samples = {};
  const part = async (name, work) => {
    const t0 = Date.now();
    const result = await work();
    log(`  (${name}: ${Math.round((Date.now() - t0) / 1000)} s)`);
    return result;
  };
  if (parts.has('lifecycle')) for (const n of sizes) Object.assign(samples, await part(`lifecycle, N = ${n}`, () => lifecycle(n, options)));
  if (parts.has('chain')) Object.assign(samples, await part('health chain', () => chain(options, 5, { together: quick })));
  const loader = parts.has('loader') ? await part('loader', () => loaderCost({ runs: quick ? 5 : 15, log })) : undefined;
  const dev = parts.has('dev') ? await part('dev', () => devLatency({ quick, log })) : { status: 'skipped' };
  const swarm = parts.has('swarm') ? await part('swarm', () => swarmBench({ n: 10, log }).catch((err) => ({ status: 'failed', error: String(err.message ?? err) }))) : { status: 'skipped' };

  const scenarios = scenarioResults(samples);
  const results = {
    when: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    note: args.note,
    reps,
    sizes,
    settleMs,
    chainTogether: quick && parts.has('chain'),
    machine: m,
    compose: composeVersion,
    scenarios,
    loader,
    dev,
    swarm,
    targets: evaluateTargets(scenarios, loader, dev),
    failures,
    seconds: Math.round((Date.now() - started) / 1000),
  };
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  const out = join(ROOT, 'bench', 'results', 'latest.json');
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`\n${renderText(results)}\n\n`);
  if (swarm.status === 'ok') process.stdout.write(`swarm, N = ${swarm.n}: deploy ${swarm.stackfile.deployMs} ms vs docker stack deploy ${swarm.dockerStackDeploy.deployMs} ms (×${swarm.ratio.deploy}); one-change rolling update ${swarm.stackfile.updateMs} ms vs ${swarm.dockerStackDeploy.updateMs} ms (×${swarm.ratio.update}), each until converged\n`);
  else if (swarm.status === 'failed') process.stdout.write(`swarm: ${swarm.error}\n`);
  log(`${results.seconds} s; results in ${out.replace(`${ROOT}`, '')}`);
  if (args.docs) {
    updateDocs(join(ROOT, 'docs', 'benchmarks.md'), renderMarkdown(results));
    log('docs/benchmarks.md updated');
  }
} finally {
  rmSync(cacheDir, { recursive: true, force: true });
}
