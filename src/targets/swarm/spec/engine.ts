/**
 * The Engine API's swarm bodies (API 1.41) as far as stackfile writes them. Durations are nanoseconds, as the API
 * wants them; fields stackfile does not set are left out rather than sent empty, so swarm applies its own defaults.
 */
export interface ServiceSpec {
  Name: string;
  Labels: Record<string, string>;
  TaskTemplate: TaskSpec;
  Mode: { Replicated: { Replicas: number } } | { Global: Record<string, never> };
  UpdateConfig?: UpdateConfig;
  RollbackConfig?: UpdateConfig;
  EndpointSpec?: { Mode?: 'vip' | 'dnsrr'; Ports?: PortConfig[] };
}

export interface TaskSpec {
  ContainerSpec: ContainerSpec;
  Resources?: { Limits?: { NanoCPUs?: number; MemoryBytes?: number; Pids?: number }; Reservations?: { NanoCPUs?: number; MemoryBytes?: number } };
  RestartPolicy?: { Condition?: 'none' | 'on-failure' | 'any'; Delay?: number; MaxAttempts?: number; Window?: number };
  Placement?: { Constraints?: string[]; Preferences?: { Spread: { SpreadDescriptor: string } }[]; MaxReplicas?: number };
  Networks?: NetworkAttachment[];
  LogDriver?: { Name: string; Options?: Record<string, string> };
  /** Changing it makes swarm replace every task even when nothing else changed. */
  ForceUpdate?: number;
}

export interface ContainerSpec {
  Image: string;
  Labels: Record<string, string>;
  /** The entrypoint (Compose's `entrypoint`). */
  Command?: string[];
  /** Arguments (Compose's `command`). */
  Args?: string[];
  Hostname?: string;
  Env?: string[];
  Dir?: string;
  User?: string;
  TTY?: boolean;
  OpenStdin?: boolean;
  ReadOnly?: boolean;
  Mounts?: Mount[];
  StopSignal?: string;
  StopGracePeriod?: number;
  Healthcheck?: { Test: string[]; Interval?: number; Timeout?: number; Retries?: number; StartPeriod?: number };
  /** `IP hostname` entries (SwarmKit's notation, not `host:ip`). */
  Hosts?: string[];
  DNSConfig?: { Nameservers?: string[]; Search?: string[]; Options?: string[] };
  Secrets?: FileReference<'SecretID' | 'SecretName'>[];
  Configs?: FileReference<'ConfigID' | 'ConfigName'>[];
  Init?: boolean;
  Sysctls?: Record<string, string>;
  CapabilityAdd?: string[];
  CapabilityDrop?: string[];
  Ulimits?: { Name: string; Soft: number; Hard: number }[];
}

export interface Mount {
  Type: 'volume' | 'bind' | 'tmpfs';
  Source?: string;
  Target: string;
  ReadOnly?: boolean;
  VolumeOptions?: { NoCopy?: boolean; Labels?: Record<string, string>; DriverConfig?: { Name: string; Options?: Record<string, string> } };
  TmpfsOptions?: { SizeBytes?: number };
}

export interface NetworkAttachment {
  Target: string;
  Aliases?: string[];
}

export interface PortConfig {
  Protocol: 'tcp' | 'udp';
  TargetPort: number;
  PublishedPort?: number;
  PublishMode: 'ingress' | 'host';
}

export interface UpdateConfig {
  Parallelism: number;
  Delay?: number;
  FailureAction?: 'continue' | 'rollback' | 'pause';
  Monitor?: number;
  MaxFailureRatio?: number;
  Order?: 'stop-first' | 'start-first';
}

export type FileReference<Id extends string> = { File: { Name: string; UID: string; GID: string; Mode: number } } & Record<Id, string>;

/** Secret and config objects: immutable once made; `Data` is base64. */
export interface FileObjectSpec {
  Name: string;
  Labels: Record<string, string>;
  Data: string;
}

export interface NetworkCreateBody {
  Name: string;
  Driver: string;
  /** So that `docker run --network` and stackfile's own probes can join it, as `docker stack deploy` users expect. */
  Attachable: boolean;
  Internal?: boolean;
  Options?: Record<string, string>;
  Labels: Record<string, string>;
  IPAM?: { Driver: string; Config: { Subnet?: string; Gateway?: string; IPRange?: string }[] };
  CheckDuplicate: true;
}
