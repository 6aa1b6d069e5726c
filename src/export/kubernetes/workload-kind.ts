/**
 * Which controller runs a service. A Compose service runs until stopped, so it is a Deployment; one whose dependants
 * wait for it to finish (`dependsOn: { migrate: 'completed' }`), or that Swarm would never restart
 * (`deploy.restartPolicy.condition: 'none'`), is a one-shot task, a Job; `deploy.mode: 'global'` (one per node) is a
 * DaemonSet. A service that keeps its data in a named volume becomes a StatefulSet instead (see claims.ts).
 *
 * `restart: 'no'` alone cannot mark a Job: it is also the default, so most long-running services have it.
 */
import type { DesiredState } from '../../model/desired';
import { Report, servicePath } from './report';

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'Job' | 'DaemonSet';

export function workloadKinds(state: DesiredState, report: Report): Record<string, WorkloadKind> {
  const kinds: Record<string, WorkloadKind> = Object.fromEntries(Object.values(state.services).map((s) => [s.name, (s.deploy?.mode === 'global' ? 'DaemonSet' : s.deploy?.restartPolicy?.condition === 'none' ? 'Job' : 'Deployment') as WorkloadKind]));
  for (const s of Object.values(state.services)) {
    for (const [dep, condition] of Object.entries(s.dependsOn)) if (condition === 'completed' && kinds[dep]) kinds[dep] = 'Job';
  }
  for (const [name, kind] of Object.entries(kinds)) {
    const restart = state.services[name].restart;
    if (kind === 'Job' && (restart === 'always' || restart === 'unless-stopped')) {
      report.warn(servicePath(name, 'restart'), `"${restart}" is dropped: ${name} becomes a Job (a service waits for it to complete), and a Job is not started again once it succeeds`, "use restart: 'on-failure' to retry it until it succeeds");
    }
  }
  return kinds;
}
