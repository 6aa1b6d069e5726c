/**
 * `deploy`, written whole (Compose v2 and `docker stack deploy` read it), with the service's own replicas and
 * resources folded in: Compose's place for them. Durations and sizes go back to Compose's text. The pids limit is
 * the service's `pids_limit` instead, the one place docker-compose 1.29 accepts it.
 */
import type { DesiredDeploy, DesiredService, DesiredUpdateConfig } from '../../model/desired';
import { formatByteSize, formatDuration } from '../../model/duration';
import { compact } from './context';

export function composeDeploy(s: DesiredService): Record<string, unknown> | undefined {
  const d: DesiredDeploy = s.deploy ?? {};
  const limits = compact({
    cpus: s.nanoCpus === undefined ? undefined : cpus(s.nanoCpus),
    memory: s.memoryBytes === undefined ? undefined : formatByteSize(s.memoryBytes),
  });
  const reservations = compact({
    cpus: d.resources?.reservations?.nanoCpus === undefined ? undefined : cpus(d.resources.reservations.nanoCpus),
    memory: s.memoryReservationBytes === undefined ? undefined : formatByteSize(s.memoryReservationBytes),
  });
  const policy = d.restartPolicy;
  const out = compact({
    mode: d.mode,
    replicas: s.replicas === 1 && d.replicas === undefined ? undefined : s.replicas,
    endpoint_mode: d.endpointMode,
    labels: d.labels,
    placement: d.placement && compact({ constraints: d.placement.constraints, preferences: d.placement.preferences, max_replicas_per_node: d.placement.maxReplicasPerNode }),
    resources: compact({ limits, reservations }),
    restart_policy: policy && compact({ condition: policy.condition, delay: duration(policy.delayMs), max_attempts: policy.maxAttempts, window: duration(policy.windowMs) }),
    update_config: d.updateConfig && updateConfig(d.updateConfig),
    rollback_config: d.rollbackConfig && updateConfig(d.rollbackConfig),
  });
  return Object.keys(out).length ? out : undefined;
}

function updateConfig(u: DesiredUpdateConfig): Record<string, unknown> {
  return compact({ parallelism: u.parallelism, delay: duration(u.delayMs), failure_action: u.failureAction, monitor: duration(u.monitorMs), max_failure_ratio: u.maxFailureRatio, order: u.order });
}

/** Compose reads cpus as a number or a string; a string keeps 0.1 from being written 0.10000000000000001. */
function cpus(nano: number): string {
  return String(nano / 1e9);
}

function duration(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : formatDuration(ms);
}
