/**
 * Which controller runs a service. A Compose service runs until stopped, so it is a Deployment; one whose dependants
 * wait for it to finish (`dependsOn: { migrate: 'completed' }`), or that Swarm would never restart
 * (`deploy.restartPolicy.condition: 'none'`), is a one-shot task, a Job; `deploy.mode: 'global'` (one per node) is a
 * DaemonSet. A service that keeps its data in a named volume becomes a StatefulSet instead (see claims.ts).
 *
 * `restart: 'no'` is also the engine's default, so most long-running services have it without saying so; only one
 * written in stack.ts (`restartExplicit`) marks a task to run once, and even then it is a Job only when nothing says
 * it runs long (longRunning below). The rest keep the controller they would have had, with a warning that
 * Kubernetes restarts their pods.
 */
import type { DesiredService, DesiredState } from '../../model/desired';
import { containerPorts } from './ports';
import { Report, servicePath } from './report';

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'Job' | 'DaemonSet';

export function workloadKinds(state: DesiredState, report: Report): Record<string, WorkloadKind> {
  const kinds: Record<string, WorkloadKind> = Object.fromEntries(Object.values(state.services).map((s) => [s.name, (s.deploy?.mode === 'global' ? 'DaemonSet' : s.deploy?.restartPolicy?.condition === 'none' ? 'Job' : 'Deployment') as WorkloadKind]));
  for (const s of Object.values(state.services)) {
    for (const [dep, condition] of Object.entries(s.dependsOn)) if (condition === 'completed' && kinds[dep]) kinds[dep] = 'Job';
  }
  for (const s of Object.values(state.services)) {
    if (kinds[s.name] === 'Job' || !runsOnce(s)) continue;
    const long = longRunning(s, state);
    if (!long) kinds[s.name] = 'Job';
    else report.warn(servicePath(s.name, 'restart'), `"no" cannot be kept: ${s.name} is not made a Job, since ${long.why}, and Kubernetes restarts its pods whenever they exit, even with status 0`, `if ${s.name} runs once, ${long.fix} to make it a Job; if it runs until stopped, drop restart: 'no'`);
  }
  for (const [name, kind] of Object.entries(kinds)) {
    const restart = state.services[name].restart;
    if (kind === 'Job' && (restart === 'always' || restart === 'unless-stopped')) {
      report.warn(servicePath(name, 'restart'), `"${restart}" becomes restartPolicy OnFailure with backoffLimit ${JOB_RETRIES}: ${name} is a Job, since ${jobReason(state, name)}, and is retried when it fails, up to ${JOB_RETRIES} times, and not started again once it succeeds`, `write restart: 'on-failure:N' to choose the number of retries, or 'no' to run it once`);
    } else if (kind !== 'Job' && restart.startsWith('on-failure')) {
      // on-failure leaves a container that exited with 0 stopped, which no pod of these kinds does. It is no sign of a
      // one-shot, though: long-running servers use it to be restarted after a crash.
      report.warn(servicePath(name, 'restart'), `"${restart}" cannot be kept: ${name} becomes a ${kind}, whose pods are restarted whenever they exit, even with status 0, so a command that runs once and exits runs again and again (CrashLoopBackOff)`, `if ${name} runs once, make it a Job: have a service wait for it with dependsOn: { ${name}: 'completed' }, or set deploy.restartPolicy.condition: 'none'`);
    }
  }
  return kinds;
}

/** `restart: 'no'` written in stack.ts (not the default): the engine runs the container once and leaves it stopped. */
function runsOnce(s: DesiredService): boolean {
  return s.restart === 'no' && s.restartExplicit === true;
}

/**
 * Why a service marked to run once looks like it runs until stopped (a dev server with restart: 'no'), or undefined.
 * A Job would then be the surprise: its pod template cannot change (every update is a delete and apply), nothing
 * can wait for it to be started or healthy (dependencies.ts), and an evicted pod is gone for good. Ports mean
 * something connects to it; a healthcheck, that it runs long enough to be checked; a dependant that waits for it to
 * be started or healthy, that it is a server (such a dependant can say `completed` to mark a one-shot). Replicas are
 * no sign: each replica of a one-shot runs once, as a Job with that many completions runs them (workloads.ts).
 */
function longRunning(s: DesiredService, state: DesiredState): { why: string; fix: string } | undefined {
  if (s.deploy?.mode === 'global') return { why: 'deploy.mode: global runs it on every node', fix: 'drop deploy.mode: global' };
  if (containerPorts(s).length) return { why: 'it has ports, so something connects to it', fix: 'drop its ports' };
  if (s.healthcheck && s.healthcheck.test[0] !== 'NONE') return { why: 'it has a healthcheck, so it runs long enough to be checked', fix: 'drop its healthcheck' };
  const waiting = Object.values(state.services).filter((o) => o.dependsOn[s.name] !== undefined && o.dependsOn[s.name] !== 'completed').map((o) => o.name);
  if (waiting.length) return { why: `${waiting.join(', ')} wait${waiting.length > 1 ? '' : 's'} for it to be ${[...new Set(waiting.map((o) => state.services[o].dependsOn[s.name]))].join(' or ')}, which cannot be waited for on a Job`, fix: `have ${waiting.join(', ')} wait for it with dependsOn: { ${s.name}: 'completed' }` };
  return undefined;
}

/**
 * Retries of a Job whose restart policy retries without a count (on-failure, always, unless-stopped): Kubernetes'
 * default backoffLimit. The container engine retries those without end; a Job needs a limit to ever fail.
 */
export const JOB_RETRIES = 6;

/** Why `name` is a Job, for warnings and its comment: "api waits for it (dependsOn: completed)". */
export function jobReason(state: DesiredState, name: string): string {
  const dependants = Object.values(state.services).filter((o) => o.dependsOn[name] === 'completed').map((o) => o.name);
  if (dependants.length) return `${dependants.join(', ')} wait${dependants.length > 1 ? '' : 's'} for it (dependsOn: completed)`;
  if (state.services[name].deploy?.restartPolicy?.condition === 'none') return 'Swarm would not restart it (deploy.restartPolicy.condition: none)';
  return "restart: 'no' runs it once, and it has no ports, no healthcheck and no dependant that waits for it to start";
}
