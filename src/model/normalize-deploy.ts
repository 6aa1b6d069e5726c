/**
 * Compose's `deploy`, normalised and kept whole for cluster targets, plus the parts a single host applies folded
 * into the service's own keys (replicas, resources, restart), so every target reads one answer.
 */
import type { DesiredDeploy, DesiredService, DesiredUpdateConfig } from './desired';
import { Reader, join } from './reader';
import { readBytes, readCpus, readDuration } from './read-units';

const DEPLOY_KEYS = ['mode', 'replicas', 'endpointMode', 'labels', 'placement', 'resources', 'restartPolicy', 'updateConfig', 'rollbackConfig'] as const;
const UPDATE_KEYS = ['parallelism', 'delay', 'failureAction', 'monitor', 'maxFailureRatio', 'order'] as const;

export function readDeploy(r: Reader, value: unknown, path: string): DesiredDeploy | undefined {
  const d = r.object(value, path, DEPLOY_KEYS);
  if (!d) return undefined;
  const at = (key: string) => join(path, key);
  const out: DesiredDeploy = {};
  if (d.mode !== undefined) out.mode = r.oneOf(d.mode, at('mode'), ['replicated', 'global'] as const);
  if (d.replicas !== undefined) out.replicas = r.integer(d.replicas, at('replicas'), 0);
  if (out.mode === 'global' && d.replicas !== undefined) r.issue(at('replicas'), 'replicas cannot be set with mode: global (one task per node)', 'drop one of them');
  if (d.endpointMode !== undefined) out.endpointMode = r.oneOf(d.endpointMode, at('endpointMode'), ['vip', 'dnsrr'] as const);
  if (d.labels !== undefined) out.labels = r.labels(d.labels, at('labels'));
  if (d.placement !== undefined) out.placement = readPlacement(r, d.placement, at('placement'));
  if (d.resources !== undefined) out.resources = readResources(r, d.resources, at('resources'));
  if (d.restartPolicy !== undefined) {
    const p = r.object(d.restartPolicy, at('restartPolicy'), ['condition', 'delay', 'maxAttempts', 'window']);
    const rp = at('restartPolicy');
    if (p) {
      out.restartPolicy = prune({
        condition: p.condition === undefined ? undefined : r.oneOf(p.condition, join(rp, 'condition'), ['none', 'on-failure', 'any'] as const),
        delayMs: p.delay === undefined ? undefined : readDuration(r, p.delay, join(rp, 'delay')),
        maxAttempts: p.maxAttempts === undefined ? undefined : r.integer(p.maxAttempts, join(rp, 'maxAttempts'), 0),
        windowMs: p.window === undefined ? undefined : readDuration(r, p.window, join(rp, 'window')),
      });
    }
  }
  if (d.updateConfig !== undefined) out.updateConfig = readUpdateConfig(r, d.updateConfig, at('updateConfig'));
  if (d.rollbackConfig !== undefined) out.rollbackConfig = readUpdateConfig(r, d.rollbackConfig, at('rollbackConfig'));
  return prune(out);
}

/**
 * Folds what a single host applies from `deploy` into the service: `deploy.replicas` is `replicas`, the limits are
 * `resources`, and the restart policy is `restart` when that is not set. The same value given both ways is fine;
 * two different values are an error (which one the user meant cannot be guessed).
 */
export function applyDeploy(r: Reader, s: DesiredService, raw: Record<string, unknown>, path: string): void {
  const d = s.deploy;
  if (!d) return;
  const at = (key: string) => join(join(path, 'deploy'), key);
  if (d.replicas !== undefined) {
    if (raw.replicas !== undefined && raw.replicas !== d.replicas) r.issue(at('replicas'), `deploy.replicas (${d.replicas}) differs from replicas (${String(raw.replicas)})`, 'set one of them');
    else s.replicas = d.replicas;
  }
  const limits = d.resources?.limits;
  if (limits?.nanoCpus !== undefined) {
    if (s.nanoCpus !== undefined && s.nanoCpus !== limits.nanoCpus) r.issue(`${at('resources')}.limits.cpus`, `deploy.resources.limits.cpus (${limits.nanoCpus / 1e9}) differs from resources.cpus (${s.nanoCpus / 1e9})`, 'set one of them');
    else s.nanoCpus = limits.nanoCpus;
  }
  if (limits?.memoryBytes !== undefined) {
    if (s.memoryBytes !== undefined && s.memoryBytes !== limits.memoryBytes) r.issue(`${at('resources')}.limits.memory`, 'deploy.resources.limits.memory differs from resources.memory', 'set one of them');
    else s.memoryBytes = limits.memoryBytes;
  }
  if (limits?.pids !== undefined) s.pidsLimit = limits.pids;
  const reservation = d.resources?.reservations?.memoryBytes;
  if (reservation !== undefined) s.memoryReservationBytes = reservation;
  if (raw.restart === undefined && d.restartPolicy?.condition !== undefined) {
    const { condition, maxAttempts } = d.restartPolicy;
    s.restart = condition === 'any' ? 'always' : condition === 'none' ? 'no' : maxAttempts ? `on-failure:${maxAttempts}` : 'on-failure';
    s.restartExplicit = true;
  }
}


function readPlacement(r: Reader, value: unknown, path: string): DesiredDeploy['placement'] {
  const p = r.object(value, path, ['constraints', 'preferences', 'maxReplicasPerNode']);
  if (!p) return undefined;
  return prune({
    constraints: p.constraints === undefined ? undefined : r.stringArray(p.constraints, join(path, 'constraints')),
    preferences: p.preferences === undefined ? undefined : (r.array(p.preferences, join(path, 'preferences')) ?? []).flatMap((item, i) => {
      const o = r.object(item, `${join(path, 'preferences')}[${i}]`, ['spread']);
      const spread = o && r.string(o.spread, `${join(path, 'preferences')}[${i}].spread`);
      return spread === undefined || spread === null ? [] : [{ spread }];
    }),
    maxReplicasPerNode: p.maxReplicasPerNode === undefined ? undefined : r.integer(p.maxReplicasPerNode, join(path, 'maxReplicasPerNode'), 1),
  });
}

function readResources(r: Reader, value: unknown, path: string): DesiredDeploy['resources'] {
  const o = r.object(value, path, ['limits', 'reservations']);
  if (!o) return undefined;
  const side = (key: 'limits' | 'reservations') => {
    if (o[key] === undefined) return undefined;
    const p = join(path, key);
    const v = r.object(o[key], p, key === 'limits' ? ['cpus', 'memory', 'pids'] : ['cpus', 'memory']);
    if (!v) return undefined;
    return prune({
      nanoCpus: v.cpus === undefined ? undefined : readCpus(r, v.cpus, join(p, 'cpus')),
      memoryBytes: v.memory === undefined ? undefined : readBytes(r, v.memory, join(p, 'memory')),
      pids: v.pids === undefined ? undefined : r.integer(v.pids, join(p, 'pids'), 1),
    });
  };
  return prune({ limits: side('limits'), reservations: side('reservations') });
}

function readUpdateConfig(r: Reader, value: unknown, path: string): DesiredUpdateConfig | undefined {
  const u = r.object(value, path, UPDATE_KEYS);
  if (!u) return undefined;
  const at = (key: string) => join(path, key);
  const ratio = u.maxFailureRatio;
  if (ratio !== undefined && (typeof ratio !== 'number' || ratio < 0 || ratio > 1)) r.issue(at('maxFailureRatio'), `expected a number from 0 to 1, got ${JSON.stringify(ratio)}`);
  return prune({
    parallelism: u.parallelism === undefined ? undefined : r.integer(u.parallelism, at('parallelism'), 0),
    delayMs: u.delay === undefined ? undefined : readDuration(r, u.delay, at('delay')),
    failureAction: u.failureAction === undefined ? undefined : r.oneOf(u.failureAction, at('failureAction'), ['continue', 'rollback', 'pause'] as const),
    monitorMs: u.monitor === undefined ? undefined : readDuration(r, u.monitor, at('monitor')),
    maxFailureRatio: typeof ratio === 'number' && ratio >= 0 && ratio <= 1 ? ratio : undefined,
    order: u.order === undefined ? undefined : r.oneOf(u.order, at('order'), ['stop-first', 'start-first'] as const),
  });
}




/** Leaves out undefined fields, and returns undefined for an object left empty, so the normalised form stays small. */
function prune<T extends object>(o: T): T | undefined {
  const entries = Object.entries(o).filter(([, v]) => v !== undefined);
  return entries.length ? (Object.fromEntries(entries) as T) : undefined;
}
