import pc from 'picocolors';
import type { DesiredState } from '../model/desired';
import type { AnyTarget, TargetDownResult, TargetPsRow } from '../targets/target';
import type { SwarmUpResult } from '../targets/swarm/up';
import type { UpFlags } from './up';
import { packageVersion } from './project';

/*
 * Renderings of what a Target returned, for the commands whose output differs by target: up and ps on the swarm
 * (tasks, nodes) here, on the container engine in cli/up.ts and ps.ts; down's summary is the same on both. plan,
 * logs and exec print what the target gives them, so they need nothing here.
 */

/** `stack up --target swarm`: progress per service, then what changed and each service's tasks. */
export async function upOnTarget(target: AnyTarget, desired: DesiredState, services: string[], flags: UpFlags): Promise<void> {
  const started = Date.now();
  const { ListrProgress } = await import('../apply/listr-progress.js');
  const { dependencyEdges, withDependencies } = await import('../graph/dag.js');
  const scope = services.length ? withDependencies(dependencyEdges(desired.services), services) : new Set(Object.keys(desired.services));
  const progress = new ListrProgress([...scope].filter((s) => desired.services[s]), { mode: process.stdout.isTTY && !process.env.CI ? 'tty' : 'plain' });
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write('\nstopping: no new work is started; swarm finishes the updates it began (Ctrl-C again to quit now)\n');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let result: SwarmUpResult;
  try {
    progress.start();
    result = await target.up(desired, { progress, signal: controller.signal, services, wait: flags.wait, waitTimeoutMs: flags.waitTimeout * 1000, version: packageVersion() });
  } finally {
    const notes = await progress.close();
    for (const note of notes) process.stderr.write(pc.dim(`${note}\n`));
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  for (const note of result.notes) process.stderr.write(pc.dim(`note: ${note}\n`));
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const head = result.changed
    ? `${pc.green('✔')} ${pc.bold(result.project)} is up on the swarm in ${seconds}s: ${result.log.length} change${result.log.length === 1 ? '' : 's'} (${result.log.join(', ')})`
    : `${pc.green('✔')} ${pc.bold(result.project)} is up on the swarm; nothing changed`;
  const rows = Object.values(result.services).map((s) => `  ${s.service.padEnd(12)}  ${s.running === undefined ? 'not waited for' : `${s.running}/${s.desired} running`}`);
  process.stdout.write(`${head}\n${rows.join('\n')}\n`);
}

/** `stack down` on any target: what was removed, by kind (containers, services, networks, secrets, volumes). */
export async function downOnTarget(target: AnyTarget, project: string, desired: DesiredState | undefined, flags: { volumes?: boolean; timeout?: number }): Promise<void> {
  const { dependencyEdges } = await import('../graph/dag.js');
  const result: TargetDownResult = await target.down(project, {
    volumes: flags.volumes,
    timeoutSeconds: flags.timeout,
    dependsOn: desired && dependencyEdges(desired.services),
    onProgress: (line) => process.stderr.write(pc.dim(`${line}\n`)),
  });
  const kept = flags.volumes ? '' : pc.dim(' (named volumes kept; --volumes removes them)');
  const parts = Object.entries(result.removed).map(([kind, names]) => `${names.length} ${kind}${names.length === 1 ? '' : 's'}`);
  process.stdout.write(`${pc.green('✔')} ${pc.bold(project)} is down: removed ${parts.join(', ')}${kept}\n`);
  for (const p of result.problems ?? []) process.stderr.write(`${pc.red('error:')} ${p.message}\n${pc.dim(`hint: ${p.hint}`)}\n`);
  if (result.problems?.length) process.exitCode = 1;
}

/** `stack ps --target swarm`: one row per task, with its node, desired and current state, and error. */
export async function psOnTarget(target: AnyTarget, project: string, services: string[], flags: { json?: boolean }): Promise<void> {
  const rows: TargetPsRow[] = await target.ps(project, { services });
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  if (rows.length === 0) {
    process.stdout.write(`no tasks for stack ${project}\n`);
    return;
  }
  const table = [['SERVICE', 'TASK', 'NODE', 'DESIRED', 'STATE', 'HEALTH', 'PORTS', 'ERROR'], ...rows.map((r) => [r.service, r.name, r.node ?? '', r.desired ?? '', r.state, r.health ?? '', r.ports.join(', '), r.error ?? ''])];
  const widths = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)));
  process.stdout.write(table.map((r, n) => {
    const line = r.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd();
    return n === 0 ? pc.bold(line) : line;
  }).join('\n') + '\n');
}
