import type { ActualNetwork, ActualVolume } from '../../docker/actual';
import type { SwarmFileObject, SwarmInfo, SwarmNode, SwarmService, SwarmTask } from '../../docker/swarm-actual';

/** What the swarm has for one stack: everything the swarm planner reads. */
export interface SwarmActual {
  project: string;
  info: SwarmInfo;
  nodes: SwarmNode[];
  services: SwarmService[];
  /** Tasks of the stack's services that swarm still wants running or has just stopped (for `ps` and readiness). */
  tasks: SwarmTask[];
  /** By name: the stack's networks (labels) and the external ones stack.ts names; `scope` tells swarm networks apart. */
  networks: Record<string, ActualNetwork & { scope?: string; driver?: string }>;
  /** The stack's secrets and configs (labels), plus external ones stack.ts names. */
  secrets: SwarmFileObject[];
  configs: SwarmFileObject[];
  /** The manager node's own copies of the stack's named volumes (each node has its own). */
  volumes: Record<string, ActualVolume>;
  /** Image reference → the digest every node will pull (`sha256:...`), when known without fetching anything. */
  digests: Record<string, string>;
  /**
   * Whether the manager's kernel has IPVS, which swarm's virtual IPs and routing mesh need; undefined when it cannot
   * be told (a remote engine).
   */
  ipvs?: boolean;
}
