/**
 * What a swarm manager reports for one stack, in stackfile's own terms (mapped from Engine data by the pure
 * functions in map-swarm.ts). The swarm target's planner and readiness read only these types.
 */
export type SwarmNodeState = 'unknown' | 'down' | 'ready' | 'disconnected';

export interface SwarmInfo {
  /** `inactive` when the engine is in no swarm; `active` on a manager or a worker. */
  state: 'inactive' | 'pending' | 'active' | 'error' | 'locked';
  /** Only a manager can deploy services. */
  isManager: boolean;
  nodeId: string;
  /** The swarm's ID (managers only): keys secret fingerprints (targets/swarm/spec/files.ts). */
  clusterId?: string;
  /** The address other nodes reach this one at. */
  nodeAddr: string;
}

export interface SwarmNode {
  id: string;
  hostname: string;
  role: 'manager' | 'worker';
  state: SwarmNodeState;
  availability: 'active' | 'pause' | 'drain';
  addr: string;
  /** The node's labels (`docker node update --label-add`). */
  labels: Record<string, string>;
  /** Its engine's labels (`dockerd --label`), as `docker node inspect` shows them under Description.Engine. */
  engineLabels: Record<string, string>;
}

export type UpdateState = 'updating' | 'paused' | 'completed' | 'rollback_started' | 'rollback_paused' | 'rollback_completed';

export interface SwarmService {
  id: string;
  /** `<stack>_<service>`. */
  name: string;
  /** The service's key in stack.ts (label), or its name without the stack prefix for a stack made by other tools. */
  service: string;
  /** The spec's version index: an update must name the version it replaces. */
  version: number;
  labels: Record<string, string>;
  /** Undefined for a global service. */
  replicas?: number;
  global: boolean;
  /** The image tasks run, as the spec says (`ref@sha256:...` when pinned). */
  image: string;
  configHash?: string;
  applied?: Record<string, unknown>;
  dependsOn: string[];
  /** The spec's environment, held in memory to compare secret values with (never printed or stored). */
  env: Record<string, string>;
  /** The last update's outcome; absent when the service was never updated. */
  updateStatus?: { state: UpdateState; message: string; startedAt?: string; completedAt?: string };
  /** Ports as swarm published them (an ingress port without a published port gets one assigned). */
  ports: { target: number; published?: number; protocol: 'tcp' | 'udp'; mode: 'ingress' | 'host' }[];
  /** When the spec was last changed (an update, a scale, a rollback). */
  updatedAt: string;
  /** The spec as the manager holds it (an update sends a whole new one). */
  spec: Record<string, unknown>;
}

export type TaskState = 'new' | 'allocated' | 'pending' | 'assigned' | 'accepted' | 'preparing' | 'ready' | 'starting' | 'running' | 'complete' | 'shutdown' | 'failed' | 'rejected' | 'remove' | 'orphaned';

export interface SwarmTask {
  id: string;
  serviceId: string;
  /** Replica number of a replicated service; undefined for a global one (one per node). */
  slot?: number;
  nodeId?: string;
  desiredState: TaskState;
  state: TaskState;
  /** Swarm's words for the state ("started", "pending task scheduling"). */
  message: string;
  /** Why it failed or cannot be placed ("no suitable node (...)", "No such image: ..."). */
  error?: string;
  containerId?: string;
  exitCode?: number;
  /** When the state was last reported. */
  timestamp: string;
}

/** A secret or config object. */
export interface SwarmFileObject {
  id: string;
  name: string;
  /** Key in stack.ts (stackfile's label); undefined for objects stackfile did not make. */
  key?: string;
  labels: Record<string, string>;
}
