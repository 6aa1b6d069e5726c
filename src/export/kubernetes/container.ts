/**
 * The service's container: image, entrypoint → command and command → args (Compose's names vs Kubernetes'), ports,
 * resources, and the securityContext that `user`, `readOnly`, `privileged` and capabilities map to.
 */
import type { DesiredService } from '../../model/desired';
import type { ExportContext } from './context';
import { escapeExpansion } from './expansion';
import { containerPorts } from './ports';
import { probes } from './probes';
import { byteQuantity, cpuQuantity } from './quantity';
import { servicePath } from './report';
import type { IContainer, IEnvFromSource, IEnvVar, IVolumeMount } from './types';

export function mainContainer(s: DesiredService, ctx: ExportContext, parts: { env: IEnvVar[]; envFrom: IEnvFromSource[]; mounts: IVolumeMount[] }): IContainer {
  const limits = { ...(s.nanoCpus ? { cpu: cpuQuantity(s.nanoCpus) } : {}), ...(s.memoryBytes ? { memory: byteQuantity(s.memoryBytes) } : {}) };
  const reserved = s.deploy?.resources?.reservations;
  const memoryRequest = reserved?.memoryBytes ?? s.memoryReservationBytes;
  const requests = { ...(reserved?.nanoCpus ? { cpu: cpuQuantity(reserved.nanoCpus) } : {}), ...(memoryRequest ? { memory: byteQuantity(memoryRequest) } : {}) };
  const resources = { ...(Object.keys(requests).length ? { requests } : {}), ...(Object.keys(limits).length ? { limits } : {}) };
  const securityContext = {
    ...runAs(s, ctx),
    ...(s.readOnly ? { readOnlyRootFilesystem: true } : {}),
    ...(s.privileged ? { privileged: true } : {}),
    ...((s.securityOpt ?? []).some((o) => /^no-new-privileges(:true|=true)?$/.test(o)) ? { allowPrivilegeEscalation: false } : {}),
    ...(s.capAdd.length || s.capDrop.length ? { capabilities: { ...(s.capAdd.length ? { add: s.capAdd.map(capability) } : {}), ...(s.capDrop.length ? { drop: s.capDrop.map(capability) } : {}) } } : {}),
  };
  const ports = containerPorts(s);
  return {
    name: ctx.serviceNames[s.name],
    image: s.image,
    ...(s.entrypoint ? { command: s.entrypoint.map(escapeExpansion) } : {}),
    ...(s.command ? { args: s.command.map(escapeExpansion) } : {}),
    ...(s.workingDir ? { workingDir: s.workingDir } : {}),
    ...(parts.envFrom.length ? { envFrom: parts.envFrom } : {}),
    ...(parts.env.length ? { env: parts.env } : {}),
    ...(ports.length ? { ports: ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: p.protocol })) } : {}),
    // Without deploy.resources.reservations, limits only: Kubernetes then requests as much, as the engine reserves nothing.
    ...(Object.keys(resources).length ? { resources } : {}),
    ...probes(s.healthcheck),
    ...(parts.mounts.length ? { volumeMounts: parts.mounts } : {}),
    ...(Object.keys(securityContext).length ? { securityContext } : {}),
    ...(s.tty ? { tty: true } : {}),
    ...(s.stdinOpen ? { stdin: true } : {}),
  };
}

/** `'1000'` / `'1000:1000'` → runAsUser/runAsGroup; a user name has no Kubernetes form (ids only), so it is warned. */
function runAs(s: DesiredService, ctx: ExportContext): { runAsUser?: number; runAsGroup?: number } {
  if (s.user === undefined) return {};
  const m = /^(\d+)(?::(\d+))?$/.exec(s.user);
  if (m) return { runAsUser: Number(m[1]), ...(m[2] ? { runAsGroup: Number(m[2]) } : {}) };
  const ids = /^(\d+):/.exec(s.user);
  ctx.report.warn(servicePath(s.name, 'user'), `"${s.user}" names a user or group, and Kubernetes runs containers as numeric ids only`, `write the ids (e.g. user: '1000:1000'); ${ids ? `runAsUser ${ids[1]} is kept` : "the image's user is used"}`);
  return ids ? { runAsUser: Number(ids[1]) } : {};
}

/** Docker takes `CAP_NET_ADMIN` or `NET_ADMIN`; Kubernetes the name without the prefix. */
function capability(cap: string): string {
  return cap.toUpperCase().replace(/^CAP_/, '');
}
