/**
 * The swarm operations the swarm target needs, as an interface it owns; `dockerode-swarm-client.ts` implements it
 * over the same dockerode instance as the DockerClient (container, network, volume and image calls stay there).
 */
import type { SwarmFileObject, SwarmInfo, SwarmNode, SwarmService, SwarmTask } from './swarm-actual';
import type { ProgressSink } from './client';

export interface SwarmClient {
  info(): Promise<SwarmInfo>;
  nodes(): Promise<SwarmNode[]>;
  /** A stack's services, by `com.docker.stack.namespace`. */
  services(project: string): Promise<SwarmService[]>;
  inspectService(id: string): Promise<SwarmService>;
  /** Tasks of these services; `upToDate` keeps only those running the service's current spec. */
  tasks(serviceIds: string[], options?: { upToDate?: boolean }): Promise<SwarmTask[]>;
  createService(spec: object): Promise<{ id: string; warnings: string[] }>;
  /** Replaces the spec at `version`; `rollback` asks swarm to go back to the previous spec instead. */
  updateService(id: string, version: number, spec: object, options?: { rollback?: boolean }): Promise<{ warnings: string[] }>;
  removeService(id: string): Promise<void>;
  /** Every task's output of one service, as `docker service logs` shows it. */
  serviceLogs(id: string, options: { follow: boolean; tail?: number; timestamps?: boolean }, onLine: (line: string, stream: 'stdout' | 'stderr') => void, signal?: AbortSignal): Promise<void>;

  secrets(project: string): Promise<SwarmFileObject[]>;
  configs(project: string): Promise<SwarmFileObject[]>;
  /** Objects by exact name, whoever made them (external ones). */
  findSecrets(names: string[]): Promise<SwarmFileObject[]>;
  findConfigs(names: string[]): Promise<SwarmFileObject[]>;
  createSecret(spec: object): Promise<string>;
  createConfig(spec: object): Promise<string>;
  removeSecret(id: string): Promise<void>;
  removeConfig(id: string): Promise<void>;

  /** Repository digests (`repo@sha256:...`) the engine holds for each local reference. */
  repoDigests(refs: string[]): Promise<Record<string, string[]>>;
  /** The digest the registry holds for `ref`, asked through the engine (as `docker stack deploy` resolves images); undefined when the registry cannot be reached or has no such image. */
  registryDigest(ref: string): Promise<string | undefined>;
  /** Pushes a local image; resolves with the digest the registry stored. */
  pushImage(ref: string, onProgress?: ProgressSink): Promise<string>;
}
