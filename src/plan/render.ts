import pc from 'picocolors';
import type { DesiredMount, DesiredPort } from '../model/desired';
import { formatDuration } from '../model/duration';
import { mountSuffix } from '../model/mount-suffix';
import { formatPort } from '../model/ports';
import { hasChanges, type Action, type FieldChange, type Plan } from './types';
import { wordDiff } from './word-diff';

const SYMBOL: Record<Action, string> = { create: '  +', recreate: '-/+', start: '  ~', remove: '  -', noop: '   ' };
const COLOR: Record<Action, (s: string) => string> = { create: pc.green, recreate: pc.yellow, start: pc.cyan, remove: pc.red, noop: pc.dim };

/** The plan as `terraform plan` shows one: a symbol per resource, the reasons, per-field diffs, a summary line. */
export function renderPlan(plan: Plan, options: { verbose?: boolean } = {}): string {
  const lines: string[] = [];
  const title = `${pc.bold(plan.project)}${plan.env ? ` (env ${plan.env})` : ''}`;
  lines.push(`Plan for ${title}:`, '');
  // An image that is missing must be fetched before anything starts: a step. One that is only refreshed (every build
  // runs again, from cache; --pull always) changes nothing unless its ID does, so it is one short note, not a change.
  for (const img of plan.images.filter((i) => i.missing)) {
    lines.push(`  ${pc.magenta(img.action === 'pull' ? '↓' : '⚒')} image ${pc.bold(img.ref)} will be ${img.action === 'pull' ? 'pulled' : 'built'} by up ${pc.dim(`(${img.reason}; ${img.services.join(', ')})`)}`);
  }
  const refreshed = plan.images.filter((i) => !i.missing);
  const refreshNote = refreshed.length
    ? `up ${[...new Set(refreshed.map((i) => (i.action === 'build' ? 'rebuilds' : 'pulls')))].join(' and ')} ${refreshed.map((i) => i.ref).join(', ')} first; containers are recreated only if the image changes`
    : undefined;
  for (const step of [...plan.networks, ...plan.volumes, ...plan.containers]) {
    if (step.action === 'noop' && !options.verbose) continue;
    const color = COLOR[step.action];
    const label = `${step.resource} ${step.name}`;
    lines.push(`${color(SYMBOL[step.action])} ${color(step.action.padEnd(8))} ${pc.bold(label)}${step.reasons.length ? pc.dim(`  (${step.reasons.join('; ')})`) : ''}`);
    for (const change of step.changes) lines.push(`        ${renderChange(change)}`);
    if (step.resource === 'network' && step.reconnect?.length) lines.push(pc.dim(`        reconnects: ${step.reconnect.map((r) => r.name).join(', ')}`));
  }
  for (const note of refreshNote ? [...plan.notes, refreshNote] : plan.notes) lines.push(pc.dim(`  note: ${note}`));
  for (const b of plan.blockers) lines.push(`${pc.red('  ! blocked')} ${b.path}: ${b.message}${b.hint ? pc.dim(` (${b.hint})`) : ''}`);
  if (lines.length === 2) lines.length = 0;
  lines.push('');
  const s = plan.summary;
  lines.push(
    hasChanges(plan)
      ? `${pc.bold('Plan:')} ${s.create} to create, ${s.recreate} to recreate, ${s.start} to start, ${s.remove} to remove.`
      : `${pc.bold('No changes.')} The daemon matches stack.ts for ${title}.`,
  );
  return `${lines.join('\n').replace(/^\n+/, '')}\n`;
}

export function renderChange(change: FieldChange): string {
  const c = readable(change);
  if (isWords(c.from) && isWords(c.to) && WORD_FIELDS.test(c.field)) return `${pc.yellow('~')} ${c.field}: ${wordDiff(c.from, c.to, { removed: pc.red, added: pc.green })}`;
  if (c.from === undefined) return `${pc.green('+')} ${c.field}: ${show(c.to)}`;
  if (c.to === undefined) return `${pc.red('-')} ${c.field}: ${show(c.from)}`;
  return `${pc.yellow('~')} ${c.field}: ${show(c.from)} ${pc.dim('→')} ${show(c.to)}`;
}

/** Stored fields in the words and units of stack.ts: `stopGracePeriod: "30s"`, `ports: ["80:8080/tcp"]`. */
function readable(c: FieldChange): FieldChange {
  const map = (f: (v: never) => unknown) => ({ from: c.from === undefined ? undefined : f(c.from as never), to: c.to === undefined ? undefined : f(c.to as never) });
  if (/Ms$/.test(c.field)) return { field: c.field.replace(/Ms$/, ''), ...map((v: number) => formatDuration(v)) };
  if (c.field === 'ports') return { field: c.field, ...map((v: DesiredPort[]) => v.map(formatPort)) };
  if (c.field === 'volumes') return { field: c.field, ...map((v: DesiredMount[]) => v.map((m) => `${m.source || m.type}:${m.target}${mountSuffix(m)}`)) };
  if (c.field === 'nanoCpus') return { field: 'resources.cpus', ...map((v: number) => v / 1e9) };
  if (c.field === 'memoryBytes') return { field: 'resources.memory', ...map((v: number) => v) };
  return c;
}

/** Fields that are argument lists, shown as a word diff when they change. */
const WORD_FIELDS = /^(command|entrypoint|healthcheck\.test)$/;

function isWords(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}
