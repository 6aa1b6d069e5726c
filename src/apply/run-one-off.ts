import { randomBytes } from 'node:crypto';
import type { AttachStreams, DockerClient } from '../docker/client';
import { archiveOf } from '../docker/archive';
import { additionalNetworks, containerCreateBody, namespaceOwners, networkCreateBody, volumeCreateBody } from '../docker/create-options';
import { LABEL } from '../docker/labels';
import type { DesiredState } from '../model/desired';
import type { Progress } from './progress';
import { serviceFiles } from './service-files';
import { up } from './up';

export interface RunOneOffOptions {
  client: DockerClient;
  service: string;
  /** Replaces the service's command; undefined keeps it. */
  command?: string[];
  /** Bring up what the service depends on first (default true), as Compose's run does. */
  deps?: boolean;
  /** Remove the container once it exits (`--rm`). */
  remove?: boolean;
  /** Publish the service's ports (`--service-ports`); off by default so a run never clashes with the service. */
  servicePorts?: boolean;
  env?: string[];
  user?: string;
  workdir?: string;
  name?: string;
  /** Start it and return without waiting (`-d`): the exit code is then undefined. */
  detach?: boolean;
  streams: AttachStreams;
  progress: Progress;
  version?: string;
  signal?: AbortSignal;
}

/**
 * `stack run`: a one-off container with a service's config (image, environment, volumes, networks, secrets) and its
 * own command, after what the service depends on is up. It carries `io.stackfile.run-of` instead of the project
 * label, so no plan, `ps` or `down` takes it for a replica; it publishes no ports and has no service alias unless
 * asked, so it never clashes with the running service. Resolves with the command's exit code.
 */
export async function runOneOff(desired: DesiredState, o: RunOneOffOptions): Promise<{ name: string; id: string; exitCode?: number }> {
  const s = desired.services[o.service];
  const deps = Object.keys(s.dependsOn);
  if (o.deps !== false && deps.length) {
    await up(desired, { client: o.client, progress: o.progress, services: deps, signal: o.signal, version: o.version });
  }
  // What up would create for the service itself, when it was never up: its networks and named volumes.
  const networks = Object.values(desired.networks).filter((n) => !n.external && s.networks[n.key] !== undefined);
  const haveNetworks = new Set((await o.client.findNetworks(networks.map((n) => n.name))).map((n) => n.name));
  for (const n of networks) if (!haveNetworks.has(n.name)) await o.client.createNetwork(networkCreateBody(n, desired.project));
  const volumes = Object.values(desired.volumes).filter((v) => !v.external && s.volumes.some((m) => m.type === 'volume' && m.source === v.name));
  const haveVolumes = new Set((await o.client.findVolumes(volumes.map((v) => v.name))).map((v) => v.name));
  for (const v of volumes) if (!haveVolumes.has(v.name)) await o.client.createVolume(volumeCreateBody(v, desired.project));
  if (!(await o.client.imageIds([s.image]))[s.image]) {
    if (s.build) await o.client.buildImage(s.build, s.image, undefined, s.platform);
    else await o.client.pullImage(s.image, undefined, s.platform);
  }

  const name = o.name ?? `${desired.project}-${s.name}-run-${randomBytes(3).toString('hex')}`;
  const body = containerCreateBody(s, desired.project, 1, { name, namespaceOwners: namespaceOwners(s, desired.services, desired.project), env: desired.env });
  const { [LABEL.project]: project, [LABEL.number]: _n, [LABEL.configHash]: _h, [LABEL.applied]: _a, ...labels } = body.Labels;
  // A detached --rm run is removed by the daemon when it exits; an attached one by us, once its exit code is read.
  const hostConfig: Record<string, unknown> = { ...(body.HostConfig as Record<string, unknown>), RestartPolicy: { Name: 'no' }, ...(o.detach && o.remove ? { AutoRemove: true } : {}) };
  if (!o.servicePorts) delete hostConfig.PortBindings;
  const endpoints = (body.NetworkingConfig as { EndpointsConfig?: Record<string, { Aliases?: string[] }> } | undefined)?.EndpointsConfig ?? {};
  const interactive = o.streams.stdin !== undefined;
  const id = await o.client.createContainer({
    ...body,
    Labels: { ...labels, [LABEL.runOf]: project },
    ...(o.command ? { Cmd: o.command } : {}),
    Env: [...((body.Env as string[] | undefined) ?? []), ...(o.env ?? [])],
    ...(o.user ? { User: o.user } : {}),
    ...(o.workdir ? { WorkingDir: o.workdir } : {}),
    Tty: o.streams.tty,
    OpenStdin: interactive,
    StdinOnce: interactive,
    AttachStdin: interactive,
    HostConfig: hostConfig,
    NetworkingConfig: { EndpointsConfig: Object.fromEntries(Object.entries(endpoints).map(([net, e]) => [net, { ...e, Aliases: [] }])) },
  });
  try {
    for (const net of additionalNetworks(s)) await o.client.connectNetwork(net.name, id, [], net.ipam);
    if (s.secrets.length || s.configs?.length) {
      await o.client.putArchive(id, '/', await archiveOf(serviceFiles(s)));
    }
    if (o.detach) {
      await o.client.startContainer(id);
      return { name, id };
    }
    const stop = () => void o.client.stopContainer(id, 10).catch(() => undefined);
    o.signal?.addEventListener('abort', stop, { once: true });
    try {
      return { name, id, exitCode: await o.client.startAttached(id, o.streams) };
    } finally {
      o.signal?.removeEventListener('abort', stop);
    }
  } finally {
    if (o.remove && !o.detach) await o.client.removeContainer(id, { volumes: true });
  }
}
