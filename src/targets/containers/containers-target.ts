import type { ActualContainer, ActualState } from '../../docker/actual';
import type { DockerClient } from '../../docker/client';
import { UserError } from '../../errors';
import type { DesiredState } from '../../model/desired';
import { plan } from '../../plan/plan';
import { renderPlan } from '../../plan/render';
import { hasChanges, type Plan } from '../../plan/types';
import { observe } from '../../state/observe';
import type { UpOptions, UpResult } from '../../apply/up';
import type { Target } from '../target';
import { serviceContainers } from './service-containers';

/** `up`'s options on the container target: apply/up.ts's, with the client the target holds. */
export type ContainersUpOptions = Omit<UpOptions, 'client'>;

/** On this target `ps` gives the containers whole: `stack ps` shows image, command, age and status from them. */
export type ContainersTarget = Target<ActualState, Plan, ContainersUpOptions, UpResult, ActualContainer>;

/**
 * The single-host container engine as a Target: a thin wrapper over what was there before the seam (state/observe,
 * plan/plan, apply/up, apply/down, the log multiplexer), so nothing it does changed. The engine modules are
 * imported when an operation runs, as the CLI did.
 */
export function containersTarget(client: DockerClient): ContainersTarget {
  return {
    name: 'containers',
    observe: (desired) => observe(client, desired.project, desired),
    plan: (desired, actual, options) => plan(desired, actual, options),
    status: (p) => (p.blockers.length ? 'blocked' : hasChanges(p) ? 'changes' : 'none'),
    render: (p, options) => renderPlan(p, options),
    async up(desired: DesiredState, options: ContainersUpOptions) {
      const { up } = await import('../../apply/up.js');
      return up(desired, { ...options, client });
    },
    async down(project, options) {
      const { down } = await import('../../apply/down.js');
      const result = await down(project, { client, ...options });
      return { removed: { container: result.containers, network: result.networks, volume: result.volumes } };
    },
    ps: (project, options) => serviceContainers(client, project, options?.services ?? []),
    async logs(project, o) {
      const { multiplexLogs } = await import('../../dev/log-mux.js');
      const containers = (await client.listContainers(project)).filter((c) => o.services.length === 0 || o.services.includes(c.service));
      if (containers.length === 0 && !o.follow) throw new UserError(`no containers for ${o.services.length ? o.services.join(', ') : `project ${project}`}`, { hint: 'check names with stack ps' });
      await multiplexLogs({ client, project, containers, services: o.services, follow: o.follow, tail: o.tail, timestamps: o.timestamps, write: o.write, signal: o.signal ?? new AbortController().signal });
    },
    async exec(project, service, cmd, o) {
      const containers = await serviceContainers(client, project, [service]);
      const target = containers.find((c) => c.number === o.index);
      if (!target) throw new UserError(`service ${service} has no replica ${o.index}`, { hint: `replicas: ${containers.map((c) => c.number).join(', ')}` });
      if (target.state !== 'running') throw new UserError(`${target.name} is ${target.state}, not running`, { hint: 'start it with stack up' });
      if (cmd.length === 0) throw new UserError('no command given', { hint: `stack exec ${service} sh` });
      return client.exec(target.id, cmd, { tty: o.tty, interactive: o.interactive, stdin: o.stdin as never, stdout: o.stdout, stderr: o.stderr, user: o.user, workdir: o.workdir, env: o.env });
    },
  };
}
