import type { Issue } from '../errors';

/**
 * The plan vocabulary, after Pulumi's: what happens to each resource and, for every change, the fields that forced
 * it. Users read the reasons; tests assert on them.
 */
export type Action = 'create' | 'recreate' | 'start' | 'remove' | 'noop';

/** One field that differs between what was applied and what stack.ts now says. */
export interface FieldChange {
  /** Dotted path in the applied spec: `environment.LOG_LEVEL`, `ports`, `healthcheck.retries`. */
  field: string;
  /** Old value (undefined = was not set). Secrets are shown as '(secret)'. */
  from?: unknown;
  /** New value (undefined = no longer set). */
  to?: unknown;
}

export interface StepBase {
  action: Action;
  /** Why, in words: 'not created yet', 'image changed', 'stopped (exited 137)', 'service removed from stack.ts'. */
  reasons: string[];
  /** For recreate: exactly which fields changed. */
  changes: FieldChange[];
}

export interface ContainerStep extends StepBase {
  resource: 'container';
  service: string;
  number: number;
  /** Container name the step produces or acts on. */
  name: string;
  /** Existing container, for start/recreate/remove. */
  id?: string;
}

export interface NetworkStep extends StepBase {
  resource: 'network';
  /** Key in stack.ts (undefined for a network removed from it). */
  key?: string;
  name: string;
  id?: string;
  /** Containers to reconnect after a network is recreated, with their aliases and fixed addresses. */
  reconnect?: { id: string; name: string; aliases: string[]; ipam?: { IPv4Address?: string; IPv6Address?: string; LinkLocalIPs?: string[] } }[];
}

export interface VolumeStep extends StepBase {
  resource: 'volume';
  key?: string;
  name: string;
  /** Containers using a volume that is recreated: removed before it (their steps recreate them). */
  detach?: { id: string; name: string }[];
}

/** An image that `up` must pull or build before it can know the image ID (plan never does either). */
export interface ImageStep {
  resource: 'image';
  action: 'pull' | 'build';
  ref: string;
  services: string[];
  /** Not present locally: nothing can start from it until it is fetched. */
  missing: boolean;
  reason: string;
}

export interface Plan {
  project: string;
  env?: string;
  images: ImageStep[];
  networks: NetworkStep[];
  volumes: VolumeStep[];
  containers: ContainerStep[];
  /** Problems that stop `up` from applying this plan (a volume whose config changed, a foreign network in the way). */
  blockers: Issue[];
  /** Things worth saying that change nothing: a volume no longer in stack.ts is kept. */
  notes: string[];
  summary: { create: number; recreate: number; start: number; remove: number };
}

export function hasChanges(plan: Plan): boolean {
  const s = plan.summary;
  return s.create + s.recreate + s.start + s.remove > 0;
}
