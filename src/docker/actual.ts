/**
 * What the daemon has for one project, in stackfile's own terms (mapped from daemon data by pure functions in
 * `map-inspect.ts`). The planner reads only this, never daemon types.
 */
export type ContainerState = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';
export type HealthState = 'starting' | 'healthy' | 'unhealthy';

export interface ActualPort {
  target: number;
  published?: number;
  protocol: 'tcp' | 'udp';
  hostIp: string;
}

export interface ActualContainer {
  id: string;
  name: string;
  service: string;
  number: number;
  state: ContainerState;
  /** Exit code of an exited container, from the list's status text ("Exited (137) 2 minutes ago"). */
  exitCode?: number;
  /** From the list's status text; precise health comes from inspect. */
  health?: HealthState;
  /** Image ID (sha256:...) the container was created from. */
  imageId: string;
  /** Image reference as given at creation. */
  image: string;
  configHash?: string;
  /** The applied spec (JSON from the label); undefined for containers made by an older or foreign tool. */
  applied?: Record<string, unknown>;
  dependsOn: string[];
  ports: ActualPort[];
  /** Network names the container is attached to. */
  networks: string[];
  /** `container:<id>` when the container joined another's network (networkMode `service:`/`container:`). */
  networkMode?: string;
  /** Unix seconds. */
  created: number;
  /** The command line as the daemon lists it (`sh -c 'exec httpd'`). */
  command?: string;
  /** The daemon's status text: "Up 3 minutes (healthy)", "Exited (0) 2 seconds ago". */
  status?: string;
  /** The env overlay applied when it was created ('' for none); undefined on containers from before the label. */
  env?: string;
  /**
   * What is inside the container for the secrets its service declares, read only for such services: file contents
   * by target path (undefined when the file is missing) and secret environment values by name. Held in memory for
   * the planner's comparison; never printed or stored.
   */
  secrets?: { files: Record<string, string | undefined>; env: Record<string, string | undefined> };
}

export interface ActualNetwork {
  id: string;
  name: string;
  /** Key in stack.ts (label); undefined for a network that is not ours. */
  key?: string;
  configHash?: string;
  applied?: Record<string, unknown>;
}

export interface ActualVolume {
  name: string;
  key?: string;
  configHash?: string;
  applied?: Record<string, unknown>;
}

export interface ActualState {
  project: string;
  containers: ActualContainer[];
  /** By daemon name. Includes external networks the stack names, when they exist. */
  networks: Record<string, ActualNetwork>;
  /** By daemon name. Includes external volumes the stack names, when they exist. */
  volumes: Record<string, ActualVolume>;
  /** Image reference → local image ID; absent when the image is not present locally. */
  images: Record<string, string>;
}
