import type { SwarmNode, SwarmService, SwarmTask, TaskState } from '../../docker/swarm-actual';

/** What `up` waits for on a service: its tasks running (and healthy, when it has a healthcheck), or done. */
export type SwarmGoal = 'running' | 'completed';

export interface ConvergenceInput {
  service: SwarmService;
  /** Every task of the service (of every spec version), for errors. */
  tasks: SwarmTask[];
  /** The tasks whose spec is the service's current one (swarm's `_up-to-date` filter): what is counted. */
  upToDate: SwarmTask[];
  nodes: SwarmNode[];
  goal: SwarmGoal;
  /**
   * What the service had before this run changed it: its update status's start, and its tasks. A status or a
   * failed task seen then is not this run's. (Not a timestamp: the manager's clock is not this machine's.)
   */
  before?: { updateStartedAt?: string; taskIds: ReadonlySet<string> };
  /** The time now, and since when each pending task has had its scheduling error (task id → ms), for the grace below. */
  now: number;
  pendingSince: ReadonlyMap<string, number>;
}

export type Convergence =
  | { state: 'waiting'; running: number; desired: number; detail: string }
  | { state: 'met'; running: number; desired: number }
  | { state: 'failed'; message: string; errors: string[]; rolledBack: boolean };

/** Task errors no retry fixes: swarm would keep starting new tasks that fail the same way. */
const PERMANENT = /no such image|invalid mount config|not found|manifest unknown|pull access denied|repository does not exist|invalid (reference|argument)|unauthorized/i;
/** How long a task may stay unplaceable before `up` reports it (swarm retries as nodes come and go). */
export const PLACEMENT_GRACE_MS = 3000;
/** Failed tasks (of this run's spec) before `up` stops waiting for swarm's retries. */
const FAILED_TASKS_LIMIT = 3;

const ORDER: Record<TaskState, number> = { new: 1, allocated: 2, pending: 3, assigned: 4, accepted: 5, preparing: 6, ready: 7, starting: 8, running: 9, complete: 10, shutdown: 11, failed: 12, rejected: 13, remove: 14, orphaned: 15 };

/**
 * Whether a service has converged, as a pure function of what the manager reports (like docker CLI's progress
 * monitor, without its fixed 5 s "verify" wait): an update's outcome comes from the service's update status (swarm
 * rolls back or pauses by itself, per updateConfig, and its own monitor window is part of the update); the count from
 * the tasks running the current spec, one per slot. A swarm task reports `running` only once its healthcheck passed,
 * so running means healthy where there is a healthcheck.
 */
export function convergence(i: ConvergenceInput): Convergence {
  const ours = (t: SwarmTask) => !i.before?.taskIds.has(t.id);
  const errors = taskErrors(i.tasks.filter(ours), i.nodes);
  const status = i.service.updateStatus;
  const current = !!status && !!i.before && status.startedAt !== i.before.updateStartedAt;
  // A task of this run that no node can take stalls an update (swarm neither rolls back nor pauses for it).
  const unplaceable = i.tasks.filter(ours).find((t) => t.state === 'pending' && t.desiredState === 'running' && t.error && i.now - (i.pendingSince.get(t.id) ?? i.now) >= PLACEMENT_GRACE_MS);
  if (current) {
    switch (status!.state) {
      case 'updating':
        if (unplaceable) return { state: 'failed', message: `swarm cannot place the update's tasks: ${unplaceable.error}`, errors, rolledBack: false };
        return waiting(i, 'updating');
      case 'rollback_started':
        return waiting(i, `rolling back: ${status!.message}`);
      case 'paused':
        return { state: 'failed', message: `the update was paused: ${status!.message}`, errors, rolledBack: false };
      case 'rollback_paused':
        return { state: 'failed', message: `the update failed and its rollback was paused: ${status!.message}`, errors, rolledBack: false };
      case 'rollback_completed':
        return { state: 'failed', message: `the update failed and swarm rolled the service back to its previous spec: ${status!.message}`, errors, rolledBack: true };
      case 'completed':
        break;
    }
  }

  const upToDate = bySlot(i.upToDate.filter((t) => t.desiredState === 'running' || (i.goal === 'completed' && t.desiredState === 'complete')));
  const desired = i.service.global ? Math.max(upToDate.length, 1) : i.service.replicas ?? 0;
  const done = upToDate.filter((t) => (i.goal === 'completed' ? t.state === 'complete' : t.state === 'running')).length;
  if (done >= desired) return { state: 'met', running: done, desired };

  if (unplaceable) return { state: 'failed', message: `swarm cannot place its tasks: ${unplaceable.error}`, errors, rolledBack: false };
  const failed = i.tasks.filter(ours).filter((t) => (t.state === 'failed' || t.state === 'rejected') && t.error);
  const permanent = failed.find((t) => PERMANENT.test(t.error!));
  if (permanent) return { state: 'failed', message: `its tasks cannot start: ${permanent.error}`, errors, rolledBack: false };
  if (i.goal === 'completed') {
    const exited = failed.find((t) => t.exitCode !== undefined && t.exitCode !== 0);
    if (exited && !i.upToDate.some((t) => t.desiredState === 'running' && t.state !== 'failed')) return { state: 'failed', message: `its task failed: ${exited.error}`, errors, rolledBack: false };
  }
  if (failed.length >= FAILED_TASKS_LIMIT && done === 0) return { state: 'failed', message: `${failed.length} of its tasks failed: ${failed[0].error}`, errors, rolledBack: false };
  return waiting(i, upToDate.find((t) => t.error)?.error ?? (upToDate.length ? upToDate.map((t) => t.state).sort((a, b) => ORDER[a] - ORDER[b])[0] : 'waiting for tasks'));
}

function waiting(i: ConvergenceInput, detail: string): Convergence {
  const running = bySlot(i.upToDate.filter((t) => t.desiredState === 'running')).filter((t) => t.state === 'running').length;
  return { state: 'waiting', running, desired: i.service.global ? running : i.service.replicas ?? 0, detail };
}

/**
 * One task per slot (per node for a global service): the one swarm wants most, as docker's CLI picks it, so a
 * start-first update's two tasks of one slot count once.
 */
function bySlot(tasks: SwarmTask[]): SwarmTask[] {
  const out = new Map<string, SwarmTask>();
  for (const t of tasks) {
    const key = t.slot !== undefined ? `slot ${t.slot}` : `node ${t.nodeId}`;
    const have = out.get(key);
    if (!have || ORDER[t.desiredState] < ORDER[have.desiredState] || (t.desiredState === have.desiredState && ORDER[t.state] > ORDER[have.state])) out.set(key, t);
  }
  return [...out.values()];
}

/** Each distinct task error, with where it happened: `task 2 on worker-1: No such image: ...`. */
export function taskErrors(tasks: SwarmTask[], nodes: SwarmNode[]): string[] {
  const host = (id?: string) => nodes.find((n) => n.id === id)?.hostname ?? id ?? 'no node';
  const seen = new Set<string>();
  const out: string[] = [];
  for (const t of [...tasks].sort((a, b) => (a.timestamp < b.timestamp ? 1 : -1))) {
    if (!t.error || seen.has(t.error)) continue;
    seen.add(t.error);
    out.push(`task ${t.slot ? `${t.slot} ` : ''}on ${t.state === 'pending' ? 'no node yet' : host(t.nodeId)}: ${t.error}`);
  }
  return out;
}
