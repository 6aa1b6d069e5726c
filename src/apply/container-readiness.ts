import type { ActualContainer } from '../docker/actual';
import type { ContainerDetails } from '../docker/client';
import type { DesiredState } from '../model/desired';
import type { Plan } from '../plan/types';
import { waitFor, type Readiness, type WaitOptions } from './readiness';

/**
 * Readiness of a service's containers (every replica meets the goal), for launch gating. A container the plan left
 * alone and that the observed state already shows meeting the goal costs no inspect: a no-op `up` of fifty running
 * services returns without fifty calls.
 */
export function containerReadiness(
  desired: DesiredState,
  plan: Plan,
  actual: readonly ActualContainer[],
  wait: Omit<WaitOptions, 'restartPolicy'>,
): (service: string, goal: Readiness, ids: readonly string[]) => Promise<ContainerDetails[]> {
  const actualById = new Map(actual.map((c) => [c.id, c]));
  const noopIds = new Set(plan.containers.filter((s) => s.action === 'noop').map((s) => s.id));
  const knownReady = (id: string, goal: Readiness): ContainerDetails | undefined => {
    const c = actualById.get(id);
    if (!c || !noopIds.has(id) || c.state !== 'running' || c.health === 'starting' || c.health === 'unhealthy') return undefined;
    if (goal === 'healthy' && c.health !== 'healthy') return undefined;
    if (goal === 'completed') return undefined;
    const ports = c.ports.filter((p) => p.published).map((p) => ({ target: p.target, protocol: p.protocol, hostIp: p.hostIp, published: p.published! }));
    return { id, name: c.name, state: c.state, exitCode: 0, health: c.health, healthLog: [], ports, oomKilled: false, error: '', env: [], anonymousVolumes: [] };
  };
  return (service, goal, ids) => {
    const options = { ...wait, restartPolicy: desired.services[service].restart };
    return Promise.all(ids.map((id) => knownReady(id, goal) ?? waitFor(id, goal, options)));
  };
}
