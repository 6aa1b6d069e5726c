import type { ServiceSpec, TaskSpec, UpdateConfig } from './engine';
import type { SwarmService, SwarmUpdateConfig } from './input';
import { nanoseconds } from './units';

/** Replicated with the service's replica count, or global (one task per node). */
export function serviceMode(s: SwarmService): ServiceSpec['Mode'] {
  return s.deploy?.mode === 'global' ? { Global: {} } : { Replicated: { Replicas: s.replicas } };
}

export function placement(s: SwarmService): TaskSpec['Placement'] {
  const p = s.deploy?.placement;
  if (!p) return undefined;
  return prune({
    Constraints: p.constraints?.length ? p.constraints : undefined,
    Preferences: p.preferences?.length ? p.preferences.map((x) => ({ Spread: { SpreadDescriptor: x.spread } })) : undefined,
    MaxReplicas: p.maxReplicasPerNode,
  });
}

/**
 * Limits come from the service's resolved limits (`resources` and `deploy.resources.limits` are one answer in the
 * model), reservations from `deploy.resources.reservations`.
 */
export function resources(s: SwarmService): TaskSpec['Resources'] {
  const limits = prune({ NanoCPUs: s.nanoCpus, MemoryBytes: s.memoryBytes, Pids: s.pidsLimit });
  const reserved = s.deploy?.resources?.reservations;
  const reservations = prune({ NanoCPUs: reserved?.nanoCpus, MemoryBytes: s.memoryReservationBytes ?? reserved?.memoryBytes });
  return prune({ Limits: limits, Reservations: reservations });
}

/**
 * `deploy.restartPolicy` when given; otherwise `restart` as `docker stack deploy` maps it (always and
 * unless-stopped → any, on-failure[:N] → on-failure with N attempts), and unset → left to swarm, whose default is
 * any (`swarmServices` reads the model's `restart: 'no'` as unset, as `docker stack deploy` drops it). A `'no'`
 * that reaches here, from code that builds a SwarmService itself, means none.
 */
export function restartPolicy(s: SwarmService): TaskSpec['RestartPolicy'] {
  const p = s.deploy?.restartPolicy;
  if (p) return prune({ Condition: p.condition, Delay: nanoseconds(p.delayMs), MaxAttempts: p.maxAttempts, Window: nanoseconds(p.windowMs) });
  if (s.restart === undefined) return undefined;
  const [name, retries] = s.restart.split(':');
  if (name === 'always' || name === 'unless-stopped') return { Condition: 'any' };
  if (name === 'on-failure') return prune({ Condition: 'on-failure' as const, MaxAttempts: retries ? Number(retries) : undefined });
  return { Condition: 'none' };
}

/** Update and rollback config as `docker stack deploy` sends them: parallelism 1 unless given, the rest as written. */
export function updateConfig(c: SwarmUpdateConfig | undefined): UpdateConfig | undefined {
  if (!c) return undefined;
  return prune({
    Parallelism: c.parallelism ?? 1,
    Delay: nanoseconds(c.delayMs),
    FailureAction: c.failureAction,
    Monitor: nanoseconds(c.monitorMs),
    MaxFailureRatio: c.maxFailureRatio,
    Order: c.order,
  });
}

/** The object without its undefined fields, or undefined when none is left. */
export function prune<T extends object>(o: T): T | undefined {
  const entries = Object.entries(o).filter(([, v]) => v !== undefined);
  return entries.length ? (Object.fromEntries(entries) as T) : undefined;
}
