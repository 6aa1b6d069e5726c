import pc from 'picocolors';
import { renderChange } from '../../plan/render';
import type { PlanStatus } from '../target';
import type { SwarmAction, SwarmPlan } from './plan-types';

const SYMBOL: Record<SwarmAction, string> = { create: '  +', update: '  ~', recreate: '-/+', remove: '  -', noop: '   ' };
const COLOR: Record<SwarmAction, (s: string) => string> = { create: pc.green, update: pc.yellow, recreate: pc.yellow, remove: pc.red, noop: pc.dim };

export function swarmPlanStatus(plan: SwarmPlan): PlanStatus {
  const s = plan.summary;
  return plan.blockers.length ? 'blocked' : s.create + s.update + s.recreate + s.remove > 0 ? 'changes' : 'none';
}

/** A swarm plan as `stack plan` shows one: the container plan's layout, with updates in place and scales. */
export function renderSwarmPlan(plan: SwarmPlan, options: { verbose?: boolean } = {}): string {
  const lines: string[] = [];
  const title = `${pc.bold(plan.project)}${plan.env ? ` (env ${plan.env})` : ''} on the swarm`;
  lines.push(`Plan for ${title}:`, '');
  for (const img of plan.images) {
    lines.push(`  ${pc.magenta(img.action === 'build' ? '⚒' : '?')} image ${pc.bold(img.ref)} will be ${img.action === 'build' ? 'built and pushed' : 'resolved'} by up ${pc.dim(`(${img.reason}; ${img.services.join(', ')})`)}`);
  }
  for (const step of [...plan.networks, ...plan.files, ...plan.services]) {
    if (step.action === 'noop' && !options.verbose) continue;
    const color = COLOR[step.action];
    const action = step.resource === 'service' && step.action === 'update' && !step.rolling && step.scale ? 'scale' : step.action;
    lines.push(`${color(SYMBOL[step.action])} ${color(action.padEnd(8))} ${pc.bold(`${step.resource} ${step.name}`)}${step.reasons.length ? pc.dim(`  (${step.reasons.join('; ')})`) : ''}`);
    for (const change of step.changes) lines.push(`        ${renderChange(change)}`);
  }
  for (const note of plan.notes) lines.push(pc.dim(`  note: ${note}`));
  for (const b of plan.blockers) lines.push(`${pc.red('  ! blocked')} ${b.path}: ${b.message}${b.hint ? pc.dim(` (${b.hint})`) : ''}`);
  if (lines.length === 2) lines.length = 0;
  lines.push('');
  const s = plan.summary;
  lines.push(
    swarmPlanStatus(plan) === 'none' && plan.blockers.length === 0
      ? `${pc.bold('No changes.')} The swarm matches stack.ts for ${title}.`
      : `${pc.bold('Plan:')} ${s.create} to create, ${s.update} to update, ${s.recreate} to recreate, ${s.remove} to remove.`,
  );
  return `${lines.join('\n').replace(/^\n+/, '')}\n`;
}
