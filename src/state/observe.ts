import type { ActualState } from '../docker/actual';
import type { DockerClient } from '../docker/client';
import type { DesiredState } from '../model/desired';
import { observeSecrets } from './observe-secrets';

/** Every image reference the stack runs, once each. */
export function imageRefs(desired: DesiredState): string[] {
  return [...new Set(Object.values(desired.services).map((s) => s.image))];
}

/**
 * What `observe` reads of the desired state, as one string: two stacks with the same key are observed alike, so a
 * state observed for one (stack dev observes while the edited stack.ts loads) serves the other.
 */
export function observeKey(desired: DesiredState): string {
  return JSON.stringify([
    imageRefs(desired),
    Object.values(desired.networks).map((n) => n.name),
    Object.values(desired.volumes).map((v) => v.name),
    Object.values(desired.services).filter((s) => s.secrets.length || s.secretEnv.length).map((s) => [s.name, s.secrets.map((x) => x.target), s.secretEnv]),
  ]);
}

/**
 * Reads one project's actual state: a handful of daemon calls made in parallel (containers, networks, volumes by
 * label; image IDs in one list), plus lookups by name only for desired networks/volumes the labels did not find
 * (external ones, or name clashes the plan must refuse). `ignore`: containers not to count as the project's (those
 * `stack dev` is stopping in the background after replacing them).
 */
export async function observe(client: DockerClient, project: string, desired?: DesiredState, ignore?: ReadonlySet<string>): Promise<ActualState> {
  const refs = desired ? imageRefs(desired) : [];
  const [containers, networks, volumes, images] = await Promise.all([
    client.listContainers(project).then((all) => (ignore?.size ? all.filter((c) => !ignore.has(c.id)) : all)),
    client.listNetworks(project),
    client.listVolumes(project),
    refs.length ? client.imageIds(refs) : Promise.resolve({} as Record<string, string>),
  ]);
  const state: ActualState = {
    project,
    containers,
    networks: Object.fromEntries(networks.map((n) => [n.name, n])),
    volumes: Object.fromEntries(volumes.map((v) => [v.name, v])),
    images,
  };
  if (desired) {
    const missingNetworks = Object.values(desired.networks).map((n) => n.name).filter((n) => !state.networks[n]);
    const missingVolumes = Object.values(desired.volumes).map((v) => v.name).filter((v) => !state.volumes[v]);
    const [foundNetworks, foundVolumes] = await Promise.all([
      missingNetworks.length ? client.findNetworks(missingNetworks) : Promise.resolve([]),
      missingVolumes.length ? client.findVolumes(missingVolumes) : Promise.resolve([]),
      observeSecrets(client, containers, desired),
    ]);
    // Found by name but not by this project's label: external, or someone else's. Key-less, so plan can tell.
    for (const n of foundNetworks) state.networks[n.name] = { ...n, key: undefined };
    for (const v of foundVolumes) state.volumes[v.name] = { ...v, key: undefined };
  }
  return state;
}
