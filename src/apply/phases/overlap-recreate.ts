import type { ActualContainer } from '../../docker/actual';
import type { DockerClient } from '../../docker/client';
import type { DesiredService } from '../../model/desired';
import { trace } from '../../trace';
import type { Clock } from '../readiness';
import { startWithRetry } from '../start-with-retry';

/**
 * Whether `stack dev` may start a service's replacement before its old container stops. A stop is a third to half
 * of a recreate's daemon time, and a save of stack.ts should wait for one container start, not a stop and then a
 * start. Allowed only where two copies running for a moment cannot hurt: nothing writable is mounted (two writers
 * on one volume or bind is how data is lost; the old container's anonymous volumes are checked by the caller, as
 * the replacement would mount them too), no device, no namespace shared with or joined from another container.
 */
export function overlapAllowed(s: DesiredService, services: Readonly<Record<string, DesiredService>>): boolean {
  if (s.networkMode || s.ipc || s.pid?.startsWith('service:') || s.devices?.length) return false;
  if (s.volumes.some((m) => m.type !== 'tmpfs' && !m.readOnly)) return false;
  const joined = `service:${s.name}`;
  return !Object.values(services).some((o) => o.networkMode === joined || o.ipc === joined || o.pid === joined);
}

export interface OverlapRecreate {
  client: DockerClient;
  clock: Clock;
  old: ActualContainer;
  s: DesiredService;
  /** The replica's real name, and whether the old container holds it (the replacement is then created as a temp). */
  name: string;
  holdsName: boolean;
  /** Creates the replacement (networks connected, secrets copied in), not started; resolves with its ID. */
  create: () => Promise<string>;
  /** `stack dev`: takes the old container over once the replacement runs, instead of stopping it here (see below). */
  retire?: (old: RetiredContainer) => void;
}

/** A replaced container handed over to be stopped and removed in the background: off every network, renamed. */
export interface RetiredContainer {
  id: string;
  /** The name it was given to free its real one (retiredName). */
  name: string;
  service: string;
}

/**
 * The name a retired container takes, giving up the replica's name at once: unique per container, since a save
 * made during one retirement may retire the same replica's next container. Ends in a suffix of its own, so a
 * container left by a run that died mid-retirement is named as what it is; the next plan removes it (it still has
 * the project's labels and the replica's number) as a leftover of an interrupted recreate.
 */
export function retiredName(name: string, id: string): string {
  return `${name}-stackfile-old-${id.slice(0, 12)}`;
}

/**
 * Recreates with the replacement started first: create it, hand over what only one container can hold, start it,
 * and only then stop and remove the old one and give the replacement its name. A host port or a fixed address of
 * the old container is handed over by disconnecting it from its networks, which frees them at once, without
 * waiting for its process to end (and its DNS name then answers only with the replacement).
 *
 * A failed create puts the old container back on its networks, serving as before. A failed start still replaces the old
 * one, which is where a stop-first recreate whose start failed ends too; the error is rethrown for the diagnosis.
 * An interrupted run leaves the old container (maybe disconnected) and a temp-named replacement: the next plan
 * recreates the first and removes the second, as after an interrupted stop-first recreate.
 *
 * With `retire` (stack dev), the old container's stop is not waited on: a process that ignores SIGTERM (no init,
 * PID 1) holds a stop for its whole grace period, and a save should wait for the replacement's start alone. Once the
 * replacement is started, the old one leaves its remaining networks (its DNS name answers only with the
 * replacement), is renamed out of the way so the replacement takes the real name now, and is handed to `retire`.
 */
export async function overlapRecreate(o: OverlapRecreate): Promise<string> {
  const { client, old } = o;
  // The handover runs alongside the create (both are a fraction of the start that follows).
  const handover = live(old) && holdsHostResources(o.s, old);
  const disconnected = handover ? Promise.all(old.networks.map((network) => client.disconnectNetwork(network, old.id))) : Promise.resolve([]);
  disconnected.catch(() => undefined); // awaited below; this only keeps an early rejection from being unhandled
  let id: string;
  try {
    id = await o.create();
  } catch (err) {
    // The old container goes back on its networks, serving as before (with its service name; aliases as stack.ts
    // now gives them), and the failure is reported.
    if (handover) {
      await disconnected.catch(() => undefined);
      for (const network of old.networks) await client.connectNetwork(network, old.id, [...new Set([old.service, ...(o.s.networks[network]?.aliases ?? [])])]).catch(() => undefined);
    }
    throw err;
  }
  await disconnected;
  if (handover) trace(`disconnected the old ${o.name}`);
  let failure: unknown;
  try {
    await startWithRetry(client, id, o.s, o.clock);
    trace(`started ${o.name} (the old one not stopped yet)`);
  } catch (err) {
    failure = err;
  }
  if (o.retire) {
    // The rename also frees the temporary name for the replica's next recreate, which may come while this one stops.
    // A network that cannot be left is no harm: the old container is stopped anyway, within its grace period.
    const left = handover ? [] : old.networks;
    await Promise.all([...left.map((network) => client.disconnectNetwork(network, old.id).catch(() => undefined)), client.renameContainer(old.id, retiredName(o.name, old.id))]);
    if (o.holdsName) await client.renameContainer(id, o.name);
    o.retire({ id: old.id, name: retiredName(o.name, old.id), service: o.s.name });
    trace(`replaced ${o.name} (the old one retiring)`);
  } else {
    await client.stopContainer(old.id);
    await client.removeContainer(old.id);
    if (o.holdsName) await client.renameContainer(id, o.name);
    trace(`replaced ${o.name}`);
  }
  if (failure) throw failure;
  return id;
}

function live(c: ActualContainer): boolean {
  return c.state === 'running' || c.state === 'restarting' || c.state === 'paused';
}

/** A published host port, or a fixed address the replacement asks for too: only one container can have it. */
function holdsHostResources(s: DesiredService, old: ActualContainer): boolean {
  return old.ports.some((p) => p.published) || Object.values(s.networks).some((n) => n.ipv4Address || n.ipv6Address || n.linkLocalIps?.length);
}
