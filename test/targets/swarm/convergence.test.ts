import { describe, expect, it } from 'vitest';
import type { SwarmNode, SwarmService, SwarmTask } from '../../../src/docker/swarm-actual';
import { convergence, PLACEMENT_GRACE_MS, type ConvergenceInput } from '../../../src/targets/swarm/convergence';

const nodes: SwarmNode[] = [
  { id: 'm', hostname: 'manager-1', role: 'manager', state: 'ready', availability: 'active', addr: '', labels: {}, engineLabels: {} },
  { id: 'w', hostname: 'worker-1', role: 'worker', state: 'ready', availability: 'active', addr: '', labels: {}, engineLabels: {} },
];

function service(extra: Partial<SwarmService> = {}): SwarmService {
  return { id: 's', name: 'shop_web', service: 'web', version: 3, labels: {}, replicas: 2, global: false, image: 'web:1', dependsOn: [], env: {}, ports: [], updatedAt: '', spec: {}, ...extra };
}

let n = 0;
function task(extra: Partial<SwarmTask>): SwarmTask {
  return { id: `t${++n}`, serviceId: 's', slot: 1, nodeId: 'm', desiredState: 'running', state: 'running', message: '', timestamp: '2026-01-01T00:00:00Z', ...extra };
}

function verdict(i: Partial<ConvergenceInput> & { tasks: SwarmTask[] }) {
  return convergence({ service: service(), upToDate: i.tasks, nodes, goal: 'running', now: 10_000, pendingSince: new Map(), ...i });
}

describe('convergence of a swarm service', () => {
  it('is met when every slot has a running task of the current spec; a start-first slot with two tasks counts once', () => {
    expect(verdict({ tasks: [task({ slot: 1 }), task({ slot: 2, nodeId: 'w' })] })).toEqual({ state: 'met', running: 2, desired: 2 });
    const oldAndNew = [task({ slot: 1, desiredState: 'shutdown' }), task({ slot: 1 }), task({ slot: 2, state: 'starting' })];
    expect(verdict({ tasks: oldAndNew })).toMatchObject({ state: 'waiting', running: 1, desired: 2, detail: 'starting' });
  });

  it('counts only tasks of the current spec: an update swarm has not started yet is not converged', () => {
    const old = [task({ slot: 1 }), task({ slot: 2 })];
    expect(verdict({ tasks: old, upToDate: [] })).toMatchObject({ state: 'waiting', running: 0 });
  });

  it('waits while its update runs, and reports a rollback with the failed tasks\' errors and nodes', () => {
    const before = { updateStartedAt: '2026-01-01T00:00:00Z', taskIds: new Set(['old1']) };
    const updating = service({ updateStatus: { state: 'updating', message: 'update in progress', startedAt: '2026-01-01T00:01:00Z' } });
    expect(verdict({ service: updating, before, tasks: [task({ id: 'old1' })] })).toMatchObject({ state: 'waiting', detail: 'updating' });

    const rolledBack = service({ updateStatus: { state: 'rollback_completed', message: 'rollback completed', startedAt: '2026-01-01T00:01:00Z' } });
    const tasks = [task({ id: 'old1' }), task({ slot: 1, nodeId: 'w', state: 'failed', desiredState: 'shutdown', error: 'task: non-zero exit (1)', exitCode: 1 })];
    expect(verdict({ service: rolledBack, before, tasks, upToDate: [task({ id: 'old1' })] })).toEqual({
      state: 'failed',
      message: 'the update failed and swarm rolled the service back to its previous spec: rollback completed',
      errors: ['task 1 on worker-1: task: non-zero exit (1)'],
      rolledBack: true,
    });
  });

  it('ignores an update status (and failed tasks) from before this run', () => {
    const before = { updateStartedAt: '2026-01-01T00:00:00Z', taskIds: new Set(['gone']) };
    const old = service({ updateStatus: { state: 'rollback_completed', message: 'an old one', startedAt: '2026-01-01T00:00:00Z' } });
    const tasks = [task({ slot: 1 }), task({ slot: 2 }), task({ id: 'gone', state: 'failed', desiredState: 'shutdown', error: 'No such image: x' })];
    expect(verdict({ service: old, before, tasks, upToDate: tasks.slice(0, 2) }).state).toBe('met');
  });

  it('fails when no node can take a task for longer than the grace, naming swarm\'s reason', () => {
    const pending = task({ id: 'p', state: 'pending', error: 'no suitable node (scheduling constraints not satisfied on 2 nodes)' });
    expect(verdict({ tasks: [pending], pendingSince: new Map([['p', 10_000 - PLACEMENT_GRACE_MS + 1]]) }).state).toBe('waiting');
    expect(verdict({ tasks: [pending], pendingSince: new Map([['p', 10_000 - PLACEMENT_GRACE_MS]]) })).toMatchObject({
      state: 'failed',
      message: 'swarm cannot place its tasks: no suitable node (scheduling constraints not satisfied on 2 nodes)',
      errors: ['task 1 on no node yet: no suitable node (scheduling constraints not satisfied on 2 nodes)'],
    });
  });

  it('fails an update that stalls because no node can take its new task (start-first with a host-mode port)', () => {
    const before = { updateStartedAt: '2026-01-01T00:00:00Z', taskIds: new Set(['old1', 'old2']) };
    const updating = service({ updateStatus: { state: 'updating', message: 'update in progress', startedAt: '2026-01-01T00:01:00Z' } });
    const stuck = task({ id: 'new1', state: 'pending', error: 'no suitable node (host-mode port already in use on 2 nodes)' });
    const tasks = [task({ id: 'old1' }), task({ id: 'old2', slot: 2, nodeId: 'w' }), stuck];
    expect(verdict({ service: updating, before, tasks, upToDate: [stuck], pendingSince: new Map([['new1', 10_000 - 1]]) }).state).toBe('waiting');
    expect(verdict({ service: updating, before, tasks, upToDate: [stuck], pendingSince: new Map([['new1', 10_000 - PLACEMENT_GRACE_MS]]) })).toMatchObject({
      state: 'failed',
      message: "swarm cannot place the update's tasks: no suitable node (host-mode port already in use on 2 nodes)",
    });
  });

  it('fails at once on an error no retry fixes (an image the node cannot pull), and after three failed tasks otherwise', () => {
    const noImage = task({ state: 'rejected', desiredState: 'shutdown', nodeId: 'w', error: 'No such image: 127.0.0.1:5000/app:1' });
    expect(verdict({ tasks: [noImage] })).toMatchObject({ state: 'failed', message: 'its tasks cannot start: No such image: 127.0.0.1:5000/app:1' });
    const crash = (id: string) => task({ id, state: 'failed', desiredState: 'shutdown', error: 'task: non-zero exit (2)', exitCode: 2 });
    expect(verdict({ tasks: [crash('a'), crash('b')] }).state).toBe('waiting');
    expect(verdict({ tasks: [crash('a'), crash('b'), crash('c')] })).toMatchObject({ state: 'failed', message: '3 of its tasks failed: task: non-zero exit (2)' });
  });

  it('a job is completed when each slot\'s task exited 0, and failed when one exited otherwise', () => {
    const job = service({ replicas: 1 });
    expect(verdict({ service: job, goal: 'completed', tasks: [task({ state: 'complete', desiredState: 'complete', exitCode: 0 })] }).state).toBe('met');
    expect(verdict({ service: job, goal: 'completed', tasks: [task({ state: 'failed', desiredState: 'shutdown', exitCode: 3, error: 'task: non-zero exit (3)' })] })).toMatchObject({ state: 'failed', message: 'its task failed: task: non-zero exit (3)' });
  });

  it('a service scaled to zero is met at once', () => {
    expect(verdict({ service: service({ replicas: 0 }), tasks: [] })).toEqual({ state: 'met', running: 0, desired: 0 });
  });
});
