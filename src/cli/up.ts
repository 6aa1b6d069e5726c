import pc from 'picocolors';
import { defaultProgressMode, type ProgressMode } from '../apply/progress';
import type { UpResult } from '../apply/up';
import { load } from '../api';
import { openTarget, selectTarget } from '../targets/select';
import { trace } from '../trace';
import type { GlobalOptions } from './main';
import { packageVersion, stackOptions } from './project';
import { warnIfNotTypeChecked } from './unchecked-warning';

export interface UpFlags {
  pull: 'always' | 'missing' | 'never';
  wait: boolean;
  waitTimeout: number;
  recreateVolumes?: boolean;
  /** `-d`: accepted for Compose habits; up always returns once the stack is ready. */
  detach?: boolean;
  forceRecreate?: boolean;
  /** false with --no-deps. */
  deps?: boolean;
  /** `--remove-orphans`: accepted; up always removes containers of services no longer in stack.ts. */
  removeOrphans?: boolean;
  /** true with --build (builds always run), false with --no-build. */
  build?: boolean;
  /** `--scale SERVICE=N` (repeatable). */
  scale?: string[];
  /** `--progress`: tty, plain, json or quiet (default: tty on a terminal outside CI, else plain). */
  progress?: ProgressMode;
  /** Switch the project to another env than the one it was last applied with, without --env. */
  force?: boolean;
  /** `--check`: type-check stack.ts first (as `stack check`) and change nothing if it has type errors. */
  check?: boolean;
}

/** `stack up`: apply the plan, wait until everything is ready, print where to reach it. */
export async function upCommand(globals: GlobalOptions, services: string[], flags: UpFlags): Promise<void> {
  const started = Date.now();
  const stack = await load(stackOptions(globals, services));
  if (flags.check && stack.file) await (await import('./check.js')).checkStack(stack.file, { quietWhenClean: true });
  else warnIfNotTypeChecked(stack);
  const targetName = selectTarget(globals.target, stack.desired);
  const target = await openTarget(targetName);
  if (targetName !== 'containers') return (await import('./on-target.js')).upOnTarget(target, stack.desired, [...stack.selected], flags);

  const [{ ListrProgress }, { withScale }] = await Promise.all([import('../apply/listr-progress.js'), import('../model/scale.js')]);
  trace('progress module loaded');
  const scope = flags.deps === false && stack.selected.length ? stack.selected : stack.scope;
  const shown = scope.filter((s) => stack.desired.services[s].replicas > 0);
  const progress = new ListrProgress(shown, { mode: flags.progress ?? defaultProgressMode() });

  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write('\nstopping: no new work is started; waiting for calls in flight (Ctrl-C again to quit now)\n');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let result: UpResult;
  try {
    progress.start();
    result = await target.up(withScale(stack.desired, flags.scale), {
      progress,
      signal: controller.signal,
      services: [...stack.selected],
      pullPolicy: flags.pull,
      wait: flags.wait,
      waitTimeoutMs: flags.waitTimeout * 1000,
      recreateVolumes: flags.recreateVolumes,
      noDeps: flags.deps === false,
      forceRecreate: flags.forceRecreate,
      build: flags.build,
      refuseEnvSwitch: !globals.env && !flags.force,
      version: packageVersion(),
    });
  } finally {
    const notes = await progress.close();
    for (const note of notes) process.stderr.write(pc.dim(`${note}\n`));
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (flags.progress === 'json') process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), status: 'up', project: result.project, changed: result.changed, seconds: (Date.now() - started) / 1000, services: result.services })}\n`);
  else process.stdout.write(renderSummary(result, Date.now() - started));
}

export function renderSummary(result: UpResult, ms: number): string {
  const counts = new Map<string, number>();
  for (const step of [...result.plan.networks, ...result.plan.volumes, ...result.plan.containers]) {
    if (step.action === 'noop') continue;
    const key = `${step.action}|${step.resource}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const done = [...counts].map(([key, n]) => {
    const [action, resource] = key.split('|');
    return `${n} ${resource}${n === 1 ? '' : 's'} ${action === 'remove' ? 'removed' : `${action}${action.endsWith('e') ? 'd' : 'ed'}`}`;
  });
  const head = result.changed
    ? `${pc.green('✔')} ${pc.bold(result.project)} is up in ${(ms / 1000).toFixed(1)}s: ${done.join(', ')}`
    : `${pc.green('✔')} ${pc.bold(result.project)} is up; nothing changed`;
  const rows = Object.values(result.services).flatMap((svc) =>
    svc.containers.map((c) => {
      const state = c.health ? `${c.state} (${c.health})` : c.state;
      const urls = c.ports.filter((p) => p.protocol === 'tcp').map((p) => `http://${p.hostIp || 'localhost'}:${p.published}`);
      return [svc.service, c.name, state, [...new Set(urls)].join(' ')];
    }),
  );
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length), 0));
  return `${head}\n${rows.map((r) => `  ${r.slice(0, 3).map((v, i) => v.padEnd(widths[i])).join('  ')}  ${r[3]}`.trimEnd()).join('\n')}\n`;
}
