import type { ActualContainer } from '../../docker/actual';
import { archiveOf } from '../../docker/archive';
import type { DockerClient } from '../../docker/client';
import { additionalNetworks, containerCreateBody, namespaceOwners } from '../../docker/create-options';
import type { DesiredService } from '../../model/desired';
import type { ContainerStep } from '../../plan/types';
import { trace } from '../../trace';
import type { ApplyContext } from '../apply-context';
import { fault } from '../fault';
import { startWithRetry } from '../start-with-retry';
import { serviceFiles } from '../service-files';
import { overlapAllowed, overlapRecreate } from './overlap-recreate';

/** Does one container step of a service (create, recreate, start, noop) and resolves with the container's ID. */
export type ContainerStepRunner = (step: ContainerStep, s: DesiredService) => Promise<string>;

/**
 * The replacement phase's worker: how each container step is carried out, given what the daemon had when the plan
 * was made. A recreate creates the replacement (under a temporary name while the old container holds the real one)
 * while the old one stops, then removes the old one, renames the new one and starts it. Every point where the run
 * can die leaves a state the next plan converges from (see fault.ts and the fault suite).
 */
export function containerStepRunner(ctx: ApplyContext, actual: readonly ActualContainer[], version: string): ContainerStepRunner {
  const { client, desired, progress, log } = ctx;
  const actualById = new Map(actual.map((c) => [c.id, c]));

  // One archive of a service's secret and config files, shared by all its replicas.
  const secretArchives = new Map<string, Promise<Buffer>>();
  const secretArchive = (s: DesiredService): Promise<Buffer> => {
    let tar = secretArchives.get(s.name);
    if (!tar) secretArchives.set(s.name, (tar = archiveOf(serviceFiles(s))));
    return tar;
  };

  return async (step, s) => {
    if (step.action === 'noop') return step.id!;
    if (step.action === 'start') {
      const state = actualById.get(step.id!)?.state;
      // A start step on a running container is a restart (dependsOn restart: true, after its dependency changed).
      const restart = state === 'running';
      progress.update(s.name, `${restart ? 'restarting' : 'starting'} ${step.name}`);
      if (state === 'paused') await client.unpauseContainer(step.id!);
      else if (restart) await client.restartContainer(step.id!, s.stopGracePeriodMs === undefined ? undefined : Math.ceil(s.stopGracePeriodMs / 1000));
      else await startWithRetry(client, step.id!, s, ctx.clock);
      log.push(`${restart ? 'restarted' : 'started'} ${step.name} (${step.reasons.join('; ')})`);
      return step.id!;
    }
    // A temporary name only while the old container holds the real one. A replacement left under the temporary
    // name by an interrupted recreate (or a container whose containerName changed) leaves the real name free, and
    // reusing the temporary name would conflict with that very container.
    const holdsName = step.action === 'recreate' && actualById.get(step.id!)?.name === step.name;
    const temp = holdsName ? `${step.name}-stackfile-new` : step.name;
    progress.update(s.name, `${step.action === 'recreate' ? 'recreating' : 'creating'} ${step.name}`);
    const create = async (anonymousVolumes: { name: string; target: string }[]): Promise<string> => {
      const namespaces = namespaceOwners(s, desired.services, desired.project);
      const id = await client.createContainer(containerCreateBody(s, desired.project, step.number, { name: temp, anonymousVolumes, version, namespaceOwners: namespaces, env: desired.env }));
      trace(`created ${temp}`);
      for (const net of additionalNetworks(s)) await client.connectNetwork(net.name, id, net.aliases, net.ipam);
      // Before the first start, so the process never runs without its secrets; a restart keeps the files.
      if (s.secrets.length || s.configs?.length) await client.putArchive(id, '/', await secretArchive(s));
      return id;
    };
    const old = step.action === 'recreate' ? actualById.get(step.id!) : undefined;
    let kept: { name: string; target: string }[] | undefined;
    if (ctx.overlapRecreate && old && overlapAllowed(s, desired.services)) {
      kept = await keptAnonymousVolumes(client, old.id);
      if (kept.length === 0) {
        const id = await overlapRecreate({ client, clock: ctx.clock, old, s, name: step.name, holdsName, create: () => create([]), retire: ctx.retire });
        log.push(`recreated ${step.name} (${step.reasons.join('; ')})`);
        return id;
      }
    }
    // The old container stops while its replacement is created (the stop is most of a recreate's daemon time
    // after the start). Should the replacement fail to be created, the old one is started again and the error
    // reported: the service is down only for that moment, and `up` changed nothing it could not finish.
    const oldId = step.action === 'recreate' ? step.id! : undefined;
    const stopped = oldId ? client.stopContainer(oldId) : undefined;
    stopped?.catch(() => undefined); // awaited below; this only keeps an early rejection from being unhandled
    let id: string;
    try {
      id = await create(oldId ? (kept ?? (await keptAnonymousVolumes(client, oldId))) : []);
      if (oldId) fault('create-new');
    } catch (err) {
      const wasRunning = oldId && actualById.get(oldId)?.state === 'running';
      if (wasRunning) await stopped!.then(() => client.startContainer(oldId)).catch(() => undefined);
      throw err;
    }
    if (oldId) {
      // The old one goes, then the new one takes the name: an interrupted run leaves either the old container or
      // a temp-named new one (or both), and the next plan converges from each.
      await stopped;
      fault('stop-old');
      await client.removeContainer(oldId);
      fault('remove-old');
      if (holdsName) {
        await client.renameContainer(id, step.name);
        fault('rename');
      }
      trace(`replaced ${step.name}`);
    }
    await startWithRetry(client, id, s, ctx.clock);
    trace(`started ${step.name}`);
    log.push(`${step.action}d ${step.name}${step.action === 'recreate' ? ` (${step.reasons.join('; ')})` : ''}`);
    return id;
  };
}

/** The replaced container's anonymous volumes, which the new one mounts again (see containerCreateBody). */
async function keptAnonymousVolumes(client: DockerClient, id: string): Promise<{ name: string; target: string }[]> {
  const old = await client.inspectContainer(id).catch(() => undefined);
  return old?.anonymousVolumes ?? [];
}
