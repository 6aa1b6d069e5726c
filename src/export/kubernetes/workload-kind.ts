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
      report.warn(servicePath(name, 'restart'), `"${restart}" becomes restartPolicy OnFailure with backoffLimit ${JOB_RETRIES}: ${name} is a Job (${jobReason(state, name)}), which is retried when it fails, up to ${JOB_RETRIES} times, and not started again once it succeeds`, `write restart: 'on-failure:N' to choose the number of retries, or 'no' to run it once`);
    } else if (kind !== 'Job' && restart.startsWith('on-failure')) {
      // restart: 'no' is also the default, so only on-failure surely marks a one-shot; see the header.
      report.warn(servicePath(name, 'restart'), `"${restart}" cannot be kept: ${name} becomes a ${kind}, whose pods are restarted whenever they exit, even with status 0, so a command that runs once and exits runs again and again (CrashLoopBackOff)`, `if ${name} runs once, make it a Job: have a service wait for it with dependsOn: { ${name}: 'completed' }, or set deploy.restartPolicy.condition: 'none'`);
    }
  }
  return kinds;
}

/**
 * Retries of a Job whose restart policy retries without a count (on-failure, always, unless-stopped): Kubernetes'
 * default backoffLimit. The container engine retries those without end; a Job needs a limit to ever fail.
 */
export const JOB_RETRIES = 6;

function jobReason(state: DesiredState, name: string): string {
  return Object.values(state.services).some((s) => s.dependsOn[name] === 'completed') ? 'a service waits for it to complete' : 'deploy.restartPolicy.condition: none';
}
