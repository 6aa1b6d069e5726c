// Types for local-swarm.mjs, so TypeScript tests can import it under strict settings.
export declare const LOCAL_SWARM: {
  dir: string;
  netns: string;
  hostIf: string;
  nsIf: string;
  managerAddr: string;
  workerAddr: string;
  registryPort: number;
  workerHostname: string;
};
export declare const LOCK_FILE: string;
export declare const REGISTRY: string;
export declare const SWARM_BASE_IMAGE: string;
export declare const WORKER_HOST: string;
export declare const NODE_ENGINE_LABEL: string;
export interface LocalSwarm {
  /** `unix://...` of the worker's dockerd. */
  workerHost: string;
  /** `127.0.0.1:PORT`, the registry every node pulls from. */
  registry: string;
  /** The busybox test image in that registry. */
  baseImage: string;
  nodes: { manager: string; worker: string };
}
export declare function withLock<T>(fn: () => Promise<T>): Promise<T>;
export declare function acquireLock(): Promise<() => Promise<void>>;
export declare function ensureSwarm(): Promise<LocalSwarm>;
export declare function teardownSwarm(): Promise<void>;
export declare function swarmStatus(): Promise<{ manager: string; managerAddr: string; worker: string; namespace: boolean }>;
