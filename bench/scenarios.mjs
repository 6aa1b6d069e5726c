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
 */
async function interleaved({ runners, reps, settleMs, runId, label, log, signal, failures }, body) {
  const samples = {};
  for (let rep = 0; rep < reps; rep++) {
    const line = [];
    for (let k = 0; k < runners.length; k++) {
      if (signal?.aborted) throw new Error('interrupted');
      const runner = runners[(rep + k) % runners.length];
      const project = `bench-${runId}-${label}-${SHORT[runner.name]}${rep}`;
      const dir = mkdtempSync(join(tmpdir(), 'stackfile-bench-'));
      let failure;
      try {
        const times = await body(runner, project, dir);
        for (const [scenario, ms] of Object.entries(times)) ((samples[scenario] ??= {})[runner.name] ??= []).push(ms);
        line.push(`${runner.name} ${Object.values(times).map((ms) => ms.toFixed(0)).join('/')}`);
      } catch (err) {
        failure = err;
      }
      // A failed cleanup is reported without hiding the failure that may have caused it.
      await cleanup(project).catch((err) => {
        log(`  cleanup of ${project} failed: ${err.message}`);
        failure ??= err;
      });
      rmSync(dir, { recursive: true, force: true });
      if (signal?.aborted) throw new Error('interrupted');
      if (failure) {
        const message = String(failure.message ?? failure).split('\n').slice(0, 3).join(' | ');
        failures.push({ label, rep: rep + 1, runner: runner.name, message });
        log(`  ${label} ${rep + 1}/${reps}: ${runner.name} FAILED: ${message}`);
        line.push(`${runner.name} failed`);
      }
      await sleep(settleMs);
    }
    log(`  ${label} ${rep + 1}/${reps}: ${line.join(', ')} ms`);
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
  return interleaved({ ...options, label: `n${n}` }, async (runner, project, dir) => {
    const spec = independentServices(project, n);
    runner.write(dir, spec);
    runner.load(dir);
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

/** Five services, each started once the previous one is healthy (1 s healthcheck interval); timed until all are. */
export function chain(options, length = 5) {
  return interleaved({ ...options, label: 'chain' }, async (runner, project, dir) => {
    const spec = healthChain(project, length);
    runner.write(dir, spec);
    runner.load(dir);
    const ms = await runner.up(dir, spec);
    await check(async () => (await running(project)).filter((c) => /\(healthy\)/.test(c.Status)).length === length, `${runner.name} left fewer than ${length} healthy`);
    return { [`health chain of ${length}`]: ms };
  });
}
