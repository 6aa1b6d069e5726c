/**
 * healthcheck → probes. The container engine's `healthy` is Kubernetes' Ready, so the healthcheck is the readiness
 * probe (a Service sends traffic only to Ready pods, which is also what makes `dependsOn: healthy` work, see
 * dependencies.ts); it is the liveness probe too, restarting a container that stays unhealthy, as Swarm does. Docker's
 * defaults are written out (30s interval and timeout, 3 retries) rather than Kubernetes' (10s, 1s, 3), so a check
 * tuned for Docker keeps its timing. `startPeriod` becomes a startup probe: failures in that window do not count, and
 * the first success ends it, as in Docker.
 */
import type { DesiredHealthcheck } from '../../model/desired';
import { seconds } from './quantity';
import type { IContainer, IProbe } from './types';

const DOCKER_INTERVAL_MS = 30_000;
const DOCKER_TIMEOUT_MS = 30_000;
const DOCKER_RETRIES = 3;

export function probes(h: DesiredHealthcheck | undefined): Pick<IContainer, 'startupProbe' | 'readinessProbe' | 'livenessProbe'> {
  if (!h || h.test.length === 0 || h.test[0] === 'NONE') return {};
  const command = h.test[0] === 'CMD-SHELL' ? ['/bin/sh', '-c', h.test.slice(1).join(' ')] : h.test.slice(1);
  const intervalMs = h.intervalMs || DOCKER_INTERVAL_MS;
  const retries = h.retries ?? DOCKER_RETRIES;
  const probe: IProbe = { exec: { command }, periodSeconds: seconds(intervalMs), timeoutSeconds: seconds(h.timeoutMs || DOCKER_TIMEOUT_MS), failureThreshold: retries };
  const startPeriodMs = h.startPeriodMs ?? 0;
  return {
    ...(startPeriodMs > 0 ? { startupProbe: { ...probe, failureThreshold: Math.ceil(startPeriodMs / intervalMs) + retries } } : {}),
    readinessProbe: probe,
    livenessProbe: { ...probe },
  };
}
