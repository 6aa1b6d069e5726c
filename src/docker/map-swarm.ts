/**
 * Engine swarm data → stackfile's swarm types (swarm-actual.ts), as pure functions. The input shapes name only the
 * fields read here, so tests build them as plain objects.
 */
import { LABEL } from './labels';
import type { SwarmFileObject, SwarmInfo, SwarmNode, SwarmService, SwarmTask, TaskState, UpdateState } from './swarm-actual';

type Labels = Record<string, string> | null | undefined;
const NAMESPACE = 'com.docker.stack.namespace';

/** GET /info's `Swarm` part. */
export interface InfoSwarm {
  LocalNodeState?: string;
  ControlAvailable?: boolean;
  NodeID?: string;
  NodeAddr?: string;
  Cluster?: { ID?: string } | null;
}

export function mapSwarmInfo(s: InfoSwarm | undefined): SwarmInfo {
  const state = (['inactive', 'pending', 'active', 'error', 'locked'] as const).find((x) => x === s?.LocalNodeState) ?? 'inactive';
  return { state, isManager: s?.ControlAvailable === true, nodeId: s?.NodeID ?? '', nodeAddr: s?.NodeAddr ?? '', ...(s?.Cluster?.ID ? { clusterId: s.Cluster.ID } : {}) };
}

export interface NodeItem {
  ID: string;
  Spec?: { Role?: string; Availability?: string; Labels?: Labels };
  Description?: { Hostname?: string; Engine?: { Labels?: Labels } };
  Status?: { State?: string; Addr?: string };
}

export function mapNode(n: NodeItem): SwarmNode {
  return {
    id: n.ID,
    hostname: n.Description?.Hostname ?? '',
    role: n.Spec?.Role === 'manager' ? 'manager' : 'worker',
    state: (['down', 'ready', 'disconnected'] as const).find((x) => x === n.Status?.State) ?? 'unknown',
    availability: (['pause', 'drain'] as const).find((x) => x === n.Spec?.Availability) ?? 'active',
    addr: n.Status?.Addr ?? '',
    labels: n.Spec?.Labels ?? {},
    engineLabels: n.Description?.Engine?.Labels ?? {},
  };
}

export interface ServiceItem {
  ID: string;
  Version?: { Index?: number };
  UpdatedAt?: string;
  Spec: {
    Name: string;
    Labels?: Labels;
    Mode?: { Replicated?: { Replicas?: number } | null; Global?: object | null };
    TaskTemplate?: { ContainerSpec?: { Image?: string; Env?: string[] | null } };
  } & Record<string, unknown>;
  Endpoint?: { Ports?: { TargetPort: number; PublishedPort?: number; Protocol?: string; PublishMode?: string }[] | null };
  UpdateStatus?: { State?: string; Message?: string; StartedAt?: string; CompletedAt?: string } | null;
}

const UPDATE_STATES: readonly UpdateState[] = ['updating', 'paused', 'completed', 'rollback_started', 'rollback_paused', 'rollback_completed'];

export function mapService(item: ServiceItem): SwarmService {
  const labels = item.Spec.Labels ?? {};
  const namespace = labels[NAMESPACE];
  const env: Record<string, string> = {};
  for (const entry of item.Spec.TaskTemplate?.ContainerSpec?.Env ?? []) {
    const eq = entry.indexOf('=');
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  const u = item.UpdateStatus;
  const updateState = UPDATE_STATES.find((x) => x === u?.State);
  let applied: Record<string, unknown> | undefined;
  try {
    applied = labels[LABEL.applied] ? (JSON.parse(labels[LABEL.applied]) as Record<string, unknown>) : undefined;
  } catch {
    applied = undefined;
  }
  return {
    id: item.ID,
    name: item.Spec.Name,
    service: labels[LABEL.service] ?? (namespace && item.Spec.Name.startsWith(`${namespace}_`) ? item.Spec.Name.slice(namespace.length + 1) : item.Spec.Name),
    version: item.Version?.Index ?? 0,
    labels,
    ...(item.Spec.Mode?.Replicated ? { replicas: item.Spec.Mode.Replicated.Replicas ?? 1 } : {}),
    global: !!item.Spec.Mode?.Global,
    image: item.Spec.TaskTemplate?.ContainerSpec?.Image ?? '',
    ...(labels[LABEL.configHash] ? { configHash: labels[LABEL.configHash] } : {}),
    ...(applied ? { applied } : {}),
    dependsOn: (labels[LABEL.dependsOn] ?? '').split(',').filter(Boolean),
    env,
    ...(updateState ? { updateStatus: { state: updateState, message: u?.Message ?? '', ...(u?.StartedAt ? { startedAt: u.StartedAt } : {}), ...(u?.CompletedAt ? { completedAt: u.CompletedAt } : {}) } } : {}),
    ports: (item.Endpoint?.Ports ?? []).map((p) => ({
      target: p.TargetPort,
      ...(p.PublishedPort ? { published: p.PublishedPort } : {}),
      protocol: p.Protocol === 'udp' ? 'udp' : 'tcp',
      mode: p.PublishMode === 'host' ? 'host' : 'ingress',
    })),
    updatedAt: item.UpdatedAt ?? '',
    spec: item.Spec,
  };
}

export interface TaskItem {
  ID: string;
  ServiceID: string;
  Slot?: number;
  NodeID?: string;
  DesiredState: string;
  Status?: { State?: string; Message?: string; Err?: string; Timestamp?: string; ContainerStatus?: { ContainerID?: string; ExitCode?: number } | null };
}

const TASK_STATES: readonly TaskState[] = ['new', 'allocated', 'pending', 'assigned', 'accepted', 'preparing', 'ready', 'starting', 'running', 'complete', 'shutdown', 'failed', 'rejected', 'remove', 'orphaned'];

export function mapTask(t: TaskItem): SwarmTask {
  const state = (s: string | undefined): TaskState => TASK_STATES.find((x) => x === s) ?? 'new';
  const c = t.Status?.ContainerStatus;
  return {
    id: t.ID,
    serviceId: t.ServiceID,
    ...(t.Slot ? { slot: t.Slot } : {}),
    ...(t.NodeID ? { nodeId: t.NodeID } : {}),
    desiredState: state(t.DesiredState),
    state: state(t.Status?.State),
    message: t.Status?.Message ?? '',
    ...(t.Status?.Err ? { error: t.Status.Err } : {}),
    ...(c?.ContainerID ? { containerId: c.ContainerID } : {}),
    ...(c && typeof c.ExitCode === 'number' && t.Status?.State !== 'running' ? { exitCode: c.ExitCode } : {}),
    timestamp: t.Status?.Timestamp ?? '',
  };
}

export interface FileObjectItem {
  ID: string;
  Spec?: { Name?: string; Labels?: Labels };
}

export function mapFileObject(o: FileObjectItem, keyLabel: string): SwarmFileObject {
  const labels = o.Spec?.Labels ?? {};
  return { id: o.ID, name: o.Spec?.Name ?? '', ...(labels[keyLabel] ? { key: labels[keyLabel] } : {}), labels };
}

/** The repository digests of each local reference's image that belong to the reference's own repository. */
export function repoDigestsFrom(images: { RepoTags?: string[] | null; RepoDigests?: string[] | null }[], refs: string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const ref of refs) {
    const tagged = ref.includes('@') ? ref.slice(0, ref.indexOf('@')) : ref;
    const repo = repository(tagged);
    const image = images.find((i) => (i.RepoTags ?? []).some((t) => t === withTag(tagged)) || (i.RepoDigests ?? []).includes(ref));
    if (image) out[ref] = (image.RepoDigests ?? []).filter((d) => d.slice(0, d.indexOf('@')) === repo);
  }
  return out;
}

/** `registry:5000/app:1` → `registry:5000/app`. */
export function repository(ref: string): string {
  const lastPart = ref.slice(ref.lastIndexOf('/') + 1);
  return lastPart.includes(':') ? ref.slice(0, ref.lastIndexOf(':')) : ref;
}

function withTag(ref: string): string {
  return repository(ref) === ref ? `${ref}:latest` : ref;
}
