// What stackfile costs before it talks to the daemon: `stack config` on the 50-service fixture (node start, loading
// stack.ts through the transpile cache, resolving and validating, printing), plan() on 500 services, and
// `stack export kubernetes -o DIR` on the 100-service fixture (about 600 files written), and `stack import` of a
// 50-service compose file, and config/plan/check of a 1,000-service stack.ts (nothing deployed: plan reads the
// daemon and proposes 1,000 creates, changing nothing). Wall time and peak RSS each;
// `node -e 0` alongside, since process start is a floor nothing in stackfile can lower. Every command is run as users
// run it: the `stack` command (bin/stack), which starts node on dist/bin.js.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fiftyServiceCompose } from './compose-fifty.mjs';
import { thousandServiceStack } from './thousand-services.mjs';
import { ROOT } from './runners.mjs';
import { summarize } from './stats.mjs';

const BIN = join(ROOT, 'dist', 'bin.js');
const STACK = join(ROOT, 'bin', 'stack');
const FIFTY = join(ROOT, 'test', 'fixtures', 'stacks', 'fifty-services');
const HUNDRED = join(ROOT, 'test', 'fixtures', 'stacks', 'hundred-services');
const GNU_TIME = '/usr/bin/time';

/** One run of `node ARGS`: wall ms and peak RSS in KiB (GNU time's %M, else a preload that reports maxRSS). */
function nodeRun(args, env = {}, okCodes = [0]) {
  return commandRun(process.execPath, args, env, okCodes);
}

/** One run of the `stack` command, as nodeRun. */
function stackRun(args, env = {}, okCodes = [0]) {
  return commandRun(STACK, args, env, okCodes);
}

function commandRun(command, args, env, okCodes) {
  const scratch = mkdtempSync(join(tmpdir(), 'stackfile-bench-rss-'));
  const rssFile = join(scratch, 'rss');
  try {
    const full = { ...process.env, ...env };
    for (const [key, value] of Object.entries(full)) if (value === undefined) delete full[key];
    const [cmd, argv] = existsSync(GNU_TIME) ? [GNU_TIME, ['-f', '%M', '-o', rssFile, command, ...args]] : [command, args];
    if (!existsSync(GNU_TIME)) Object.assign(full, { BENCH_RSS_FILE: rssFile, NODE_OPTIONS: `${full.NODE_OPTIONS ?? ''} --require ${join(ROOT, 'bench', 'rss-on-exit.cjs')}` });
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, argv, { env: full, encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (!okCodes.includes(r.status)) throw new Error(`${command} ${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
    return { ms, rssKiB: Number(readFileSync(rssFile, 'utf8').trim().split('\n').at(-1)), stdout: r.stdout };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function series(runs, once) {
  const results = Array.from({ length: runs }, (_, i) => once(i));
  return { wall: summarize(results.map((r) => r.ms)), rssKiB: summarize(results.map((r) => r.rssKiB)) };
}

/**
 * Three loader figures: warm (stack.ts unchanged since the last run, the usual case), edited (stack.ts changed:
 * no transpiled output cached, the compiler's code cache present) and no cache (STACKFILE_CACHE=0).
 */
export function loaderCost({ runs, log }) {
  const cacheDir = mkdtempSync(join(tmpdir(), 'stackfile-bench-cache-'));
  try {
    const config = (env) => stackRun(['config', '-f', FIFTY], env);
    const out = { node: series(runs, () => nodeRun(['-e', '0'])) };
    // Node 20 reads and parses every certificate NODE_EXTRA_CA_CERTS names before any JavaScript runs; where it is
    // set (here, to the whole system bundle) that is part of every node process's start. The `stack` command starts
    // node without it (bin/stack) and hands the file to TLS when a connection is made: this is the start it pays.
    const startOfStack = () => nodeRun(['-e', '0'], { NODE_EXTRA_CA_CERTS: undefined });
    if (process.env.NODE_EXTRA_CA_CERTS) out.nodeWithoutExtraCa = series(runs, startOfStack);
    config({ STACKFILE_CACHE_DIR: cacheDir }); // fills both caches
    out.configWarm = series(runs, () => config({ STACKFILE_CACHE_DIR: cacheDir }));
    out.configEdited = series(runs, () => {
      for (const f of readdirSync(cacheDir)) if (f.endsWith('.js')) rmSync(join(cacheDir, f));
      return config({ STACKFILE_CACHE_DIR: cacheDir });
    });
    out.configNoCache = series(runs, () => config({ STACKFILE_CACHE: '0' }));
    const exportTo = mkdtempSync(join(tmpdir(), 'stackfile-bench-k8s-'));
    try {
      const args = ['export', 'kubernetes', '-f', HUNDRED, '-o', exportTo];
      const exportK8s = () => stackRun(args, { STACKFILE_CACHE_DIR: cacheDir });
      exportK8s(); // fills the caches for this stack.ts, as any earlier command would
      // Each export is paired with the node start the `stack` command makes, just before it: their difference,
      // stackfile's own part, moves much less with this machine's speed from one minute to the next than either does.
      const pairs = Array.from({ length: runs }, () => [startOfStack().ms, exportK8s()]);
      out.exportKubernetes100 = { wall: summarize(pairs.map(([, r]) => r.ms)), rssKiB: summarize(pairs.map(([, r]) => r.rssKiB)) };
      out.exportKubernetes100OwnPart = summarize(pairs.map(([floor, r]) => r.ms - floor));
      // What the export cost before bin/stack, and costs when node is run on dist/bin.js directly: node parses the file at start.
      if (process.env.NODE_EXTRA_CA_CERTS) out.exportKubernetes100NodeDirect = series(runs, () => nodeRun([BIN, ...args], { STACKFILE_CACHE_DIR: cacheDir }));
    } finally {
      rmSync(exportTo, { recursive: true, force: true });
    }
    const importDir = mkdtempSync(join(tmpdir(), 'stackfile-bench-import-'));
    try {
      writeFileSync(join(importDir, 'docker-compose.yml'), fiftyServiceCompose());
      const importCompose = () => stackRun(['import', join(importDir, 'docker-compose.yml'), '-o', join(importDir, 'stack.ts'), '--force'], { STACKFILE_CACHE_DIR: cacheDir });
      importCompose();
      out.importCompose50 = series(runs, importCompose);
    } finally {
      rmSync(importDir, { recursive: true, force: true });
    }
    const thousand = mkdtempSync(join(tmpdir(), 'stackfile-bench-thousand-'));
    try {
      writeFileSync(join(thousand, 'stack.ts'), thousandServiceStack(`bench-thousand-${process.pid}`));
      const env = { STACKFILE_CACHE_DIR: cacheDir };
      stackRun(['config', '-f', thousand], env); // fills the caches, as any earlier command would
      out.config1000 = series(runs, () => stackRun(['config', '-f', thousand], env));
      // plan exits 2: it has changes to propose (1,000 creates).
      out.plan1000 = series(runs, () => stackRun(['plan', '-f', thousand], env, [2]));
      // tsc over the stack and stackfile's types: seconds, so fewer runs.
      out.check1000 = series(Math.min(runs, 3), () => stackRun(['check', '-f', thousand], env));
    } finally {
      rmSync(thousand, { recursive: true, force: true });
    }
    const plan = nodeRun([join(ROOT, 'bench', 'plan-500.mjs'), String(runs * 6)]);
    const parsed = JSON.parse(plan.stdout.trim().split('\n').at(-1));
    out.plan500 = { call: summarize(parsed.times), rssBeforeKiB: parsed.rssBeforeKiB, peakRssKiB: plan.rssKiB };
    log(`  loader: stack config warm ${out.configWarm.wall.median.toFixed(0)} ms / ${(out.configWarm.rssKiB.median / 1024).toFixed(0)} MiB; plan() on 500 ${out.plan500.call.median.toFixed(1)} ms; export kubernetes, 100 services ${out.exportKubernetes100.wall.median.toFixed(0)} ms; import, 50 services ${out.importCompose50.wall.median.toFixed(0)} ms; 1,000 services: config ${out.config1000.wall.median.toFixed(0)} ms, plan ${out.plan1000.wall.median.toFixed(0)} ms, check ${out.check1000.wall.median.toFixed(0)} ms`);
    return out;
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}
