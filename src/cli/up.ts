import pc from 'picocolors';
import type { UpResult } from '../apply/up';
import { load, up } from '../api';
import { openTarget, selectTarget } from '../targets/select';
import { trace } from '../trace';
import type { GlobalOptions } from './main';
import { stackOptions } from './project';

export interface UpFlags {
  pull: 'always' | 'missing' | 'never';
  wait: boolean;
  waitTimeout: number;
  recreateVolumes?: boolean;
}

/** `stack up`: apply the plan, wait until everything is ready, print where to reach it. */
export async function upCommand(globals: GlobalOptions, services: string[], flags: UpFlags): Promise<void> {
  const started = Date.now();
  const stack = await load(stackOptions(globals, services));
  const targetName = selectTarget(globals.target, stack.desired);
  if (targetName !== 'containers') return (await import('./on-target.js')).upOnTarget(await openTarget(targetName), stack.desired, [...stack.selected], flags);

  const { ListrProgress } = await import('../apply/listr-progress.js');
  trace('progress module loaded');
  const shown = stack.scope.filter((s) => stack.desired.services[s].replicas > 0);
  const progress = new ListrProgress(shown, { mode: process.stdout.isTTY && !process.env.CI ? 'tty' : 'plain' });

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
    result = await up(stack, {
      progress,
      signal: controller.signal,
      pull: flags.pull,
      wait: flags.wait,
      waitTimeoutMs: flags.waitTimeout * 1000,
      recreateVolumes: flags.recreateVolumes,
    });
  } finally {
    const notes = await progress.close();
    for (const note of notes) process.stderr.write(pc.dim(`${note}\n`));
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  process.stdout.write(renderSummary(result, Date.now() - started));
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
