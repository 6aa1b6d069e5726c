import type { Issue } from '../../errors';
import type { FieldChange } from '../../plan/types';

/**
 * A swarm stack's plan, in the shared plan vocabulary (plan/types.ts): every object gets an action, and every change
 * the reasons and fields that forced it. A service changes in place: `update` (swarm rolls its tasks with the
 * service's updateConfig) or just a scale; only a change swarm cannot make in place (replicated ↔ global) recreates.
 */
export type SwarmAction = 'create' | 'update' | 'recreate' | 'remove' | 'noop';

interface StepBase {
  action: SwarmAction;
  reasons: string[];
  changes: FieldChange[];
}

export interface ServiceStep extends StepBase {
  resource: 'service';
  /** Key in stack.ts. */
  service: string;
  /** `<stack>_<service>`. */
  name: string;
  id?: string;
  /** Set when the replica count changes (a scale, alone or with an update). */
  scale?: { from: number; to: number };
  /** Whether swarm replaces tasks (false for a scale or a change only to the service's own labels). */
  rolling: boolean;
}

export interface SwarmNetworkStep extends StepBase {
  resource: 'network';
  key?: string;
  name: string;
  id?: string;
}

/** A secret or config version: created before the services that use it, removed once none does. */
export interface FileObjectStep extends StepBase {
  resource: 'secret' | 'config';
  key: string;
  name: string;
  id?: string;
}

/** An image `up` must build and push, or whose digest it must ask the registry for (plan does neither). */
export interface SwarmImageStep {
  resource: 'image';
  action: 'build' | 'resolve';
  ref: string;
  services: string[];
  reason: string;
}

export interface SwarmPlan {
  target: 'swarm';
  project: string;
  env?: string;
  images: SwarmImageStep[];
  networks: SwarmNetworkStep[];
  files: FileObjectStep[];
  services: ServiceStep[];
  blockers: Issue[];
  notes: string[];
  summary: { create: number; update: number; recreate: number; remove: number };
}
