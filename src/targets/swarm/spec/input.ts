import type { DesiredPort, DesiredService } from '../../../model/desired';

/*
 * The resolved service as the swarm mapping reads it. The Compose keys below are being added to the model
 * (CONTRACTS.md §1, owner compose-model); until they land they are optional here, with the model's shapes.
 */
export interface SwarmUpdateConfig {
  parallelism?: number;
  delayMs?: number;
  failureAction?: 'continue' | 'rollback' | 'pause';
  monitorMs?: number;
  maxFailureRatio?: number;
  order?: 'stop-first' | 'start-first';
}

export interface SwarmDeploy {
  mode?: 'replicated' | 'global';
  replicas?: number;
  endpointMode?: 'vip' | 'dnsrr';
  labels?: Record<string, string>;
  placement?: { constraints?: string[]; preferences?: { spread: string }[]; maxReplicasPerNode?: number };
  resources?: { limits?: { nanoCpus?: number; memoryBytes?: number; pids?: number }; reservations?: { nanoCpus?: number; memoryBytes?: number } };
  restartPolicy?: { condition?: 'none' | 'on-failure' | 'any'; delayMs?: number; maxAttempts?: number; windowMs?: number };
  updateConfig?: SwarmUpdateConfig;
  rollbackConfig?: SwarmUpdateConfig;
}

export interface SwarmConfigFile {
  name: string;
  target: string;
  mode: number;
  uid: number;
  gid: number;
  content: string;
  source: { kind: string; name?: string };
}

export type SwarmPort = DesiredPort & { mode?: 'host' | 'ingress' };

export type SwarmService = Omit<DesiredService, 'restart' | 'ports'> & {
  /** Undefined: not set in stack.ts (each target has its default). */
  restart?: string;
  ports: SwarmPort[];
  deploy?: SwarmDeploy;
  configs?: SwarmConfigFile[];
  pidsLimit?: number;
  memoryReservationBytes?: number;
  dns?: string[];
  dnsSearch?: string[];
  dnsOpt?: string[];
  logging?: { driver: string; options: Record<string, string> };
  tmpfs?: Record<string, string>;
  networkMode?: string;
  devices?: unknown[];
  pid?: string;
  ipc?: string;
  securityOpt?: string[];
  runtime?: string;
  platform?: string;
};
