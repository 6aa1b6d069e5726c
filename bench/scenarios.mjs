// The timed scenarios. Runners take turns within each repetition, the first runner rotating from one repetition to
// the next, and the daemon gets `settleMs` after each cleanup: it goes on tearing down the previous containers for
// a while, which would otherwise favour whoever runs first. Every repetition uses a fresh project and folder, and
// every timed step is checked to have done its work, so a fast number can't come from a step that did nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanup, docker, running, sleep } from './daemon.mjs';
import { healthChain, independentServices, withOneEnvChange } from './stack-spec.mjs';

const SHORT = { stackfile: 'sf', 'docker-compose': 'dc', floor: 'fl' };

/**
 * Runs `body(runner, project, dir)` for each runner in rotated order, `reps` times; collects its named timings. A
 * failed repetition (a daemon hiccup on a busy machine) is logged and recorded in `failures`, and the run goes on:
 * one glitch should not throw away twenty minutes of samples. Its timings are dropped whole, so `n` says how many
 * repetitions each median stands on.
 *
 * `together`: the runners' bodies run at the same time, each on its own project, after every runner's untimed
 * `prepare`; then all are cleaned up. Only for a scenario that mostly waits on timers (the health chain), in --quick.
 */
async function interleaved({ runners, reps, settleMs, runId, label, log, signal, failures, together = false }, prepare, body) {
  const samples = {};
  for (let rep = 0; rep < reps; rep++) {
    const line = [];
    const order = runners.map((_, k) => runners[(rep + k) % runners.length]);
    const runs = order.map((runner) => ({ runner, project: `bench-${runId}-${label}-${SHORT[runner.name]}${rep}`, dir: mkdtempSync(join(tmpdir(), 'stackfile-bench-')) }));
    const attempt = async (run) => {
      try {
        run.times = await body(run.runner, run.project, run.dir);
      } catch (err) {
        run.failure = err;
      }
    };
    const finish = async (run) => {
      // A failed cleanup is reported without hiding the failure that may have caused it.
      await cleanup(run.project).catch((err) => {
        log(`  cleanup of ${run.project} failed: ${err.message}`);
        run.failure ??= err;
      });
      rmSync(run.dir, { recursive: true, force: true });
      if (run.failure) {
        const message = String(run.failure.message ?? run.failure).split('\n').slice(0, 3).join(' | ');
        failures.push({ label, rep: rep + 1, runner: run.runner.name, message });
        log(`  ${label} ${rep + 1}/${reps}: ${run.runner.name} FAILED: ${message}`);
        line.push(`${run.runner.name} failed`);
        return;
      }
      for (const [scenario, ms] of Object.entries(run.times)) ((samples[scenario] ??= {})[run.runner.name] ??= []).push(ms);
      line.push(`${run.runner.name} ${Object.values(run.times).map((ms) => ms.toFixed(0)).join('/')}`);
    };
    const prepared = (run) => {
      try {
        prepare(run.runner, run.project, run.dir);
        return true;
      } catch (err) {
        run.failure = err;
        return false;
      }
    };
    if (together) {
      if (signal?.aborted) throw new Error('interrupted');
      const ready = runs.filter(prepared);
      await Promise.all(ready.map(attempt));
      await Promise.all(runs.map(finish));
      await sleep(settleMs);
    } else {
      for (const run of runs) {
        if (signal?.aborted) throw new Error('interrupted');
        if (prepared(run)) await attempt(run);
        await finish(run);
        if (signal?.aborted) throw new Error('interrupted');
        await sleep(settleMs);
      }
    }
    if (signal?.aborted) throw new Error('interrupted');
    log(`  ${label} ${rep + 1}/${reps}${together ? ' (runners at the same time)' : ''}: ${line.join(', ')} ms`);
  }
  return samples;
}

async function check(condition, message) {
  if (!(await condition())) throw new Error(`benchmark step did not do its work: ${message}`);
}

const ids = async (project) => (await running(project)).map((c) => c.Id).sort().join(',');

/**
 * Cold up of N independent services, then a no-op up, an up after one service's env changed, and down: one
 * lifecycle per repetition and runner, each step timed.
 */
export function lifecycle(n, options) {
  const prepare = (runner, project, dir) => {
    runner.write(dir, independentServices(project, n));
    runner.load(dir);
  };
  return interleaved({ ...options, label: `n${n}` }, prepare, async (runner, project, dir) => {
    const spec = independentServices(project, n);
    const cold = await runner.up(dir, spec);
    await check(async () => (await running(project)).length === n, `${runner.name} cold up left ${(await running(project)).length}/${n} running`);
    const before = await ids(project);
    const noop = await runner.noop(dir, spec);
    await check(async () => (await ids(project)) === before, `${runner.name} no-op up replaced containers`);
    const changed = withOneEnvChange(spec);
    runner.write(dir, changed);
    const change = await runner.change(dir, changed, 's0');
    await check(async () => {
      const list = await running(project);
      const s0 = list.find((c) => /[-_]s0[-_]1$/.test(c.Names[0]));
      const env = s0 && (await docker.getContainer(s0.Id).inspect()).Config.Env;
      return list.length === n && Boolean(env?.includes('CHANGED=1'));
    }, `${runner.name} one-change up did not leave s0 changed and ${n} running`);
    const down = await runner.down(dir, changed);
    await check(async () => (await running(project)).length === 0, `${runner.name} down left containers running`);
    return { [`cold up, ${n} services`]: cold, [`no-op up, ${n} services`]: noop, [`one-change up, ${n} services`]: change, [`down, ${n} services`]: down };
  });
}

/**
 * Five services, each started once the previous one is healthy (1 s healthcheck interval); timed until all are.
 * `together` (--quick) runs the three runners at once: a run is ~7 s, nearly all of it waiting for healthcheck
 * intervals, and nine of them in a row would take the whole of --quick's two minutes.
 */
export function chain(options, length = 5, { together = false } = {}) {
  const prepare = (runner, project, dir) => {
    runner.write(dir, healthChain(project, length));
    runner.load(dir);
  };
  return interleaved({ ...options, label: 'chain', together }, prepare, async (runner, project, dir) => {
    const spec = healthChain(project, length);
    const ms = await runner.up(dir, spec);
    await check(async () => (await running(project)).filter((c) => /\(healthy\)/.test(c.Status)).length === length, `${runner.name} left fewer than ${length} healthy`);
    return { [`health chain of ${length}`]: ms };
  });
}
