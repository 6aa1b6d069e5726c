import type { DesiredState } from '../model/desired';
import type { DeployTarget } from '../model/types';

/** The targets stackfile deploys to (`target` in stack.ts, `--target` on the command line). */
export type TargetName = DeployTarget;
export const TARGET_NAMES: readonly TargetName[] = ['containers', 'swarm'];

export interface TargetPlanOptions {
  /** Plan only these services and what they depend on. */
  services?: string[];
  /** The pull policy `up` would use (the container target lists the pulls it implies). */
  pullPolicy?: 'always' | 'missing' | 'never';
}

/** What applying a plan would do: nothing, something, or nothing because it is blocked. */
export type PlanStatus = 'none' | 'changes' | 'blocked';

export interface TargetDownOptions {
  /** Also remove named volumes (their data is lost). */
  volumes?: boolean;
  timeoutSeconds?: number;
  /** stack.ts's dependencies, when there is a stack.ts: dependents go first. */
  dependsOn?: Record<string, readonly string[]>;
  onProgress?: (line: string) => void;
}

export interface TargetDownResult {
  /** What was removed, by kind (`container`, `service`, `network`, `secret`, `config`, `volume`) → names. */
  removed: Record<string, string[]>;
  /** What could not be done, each one paragraph (a node whose volumes stack could not reach): `down` exits 1. */
  problems?: { message: string; hint: string }[];
}

/** One running unit of a service as `stack ps` lists it: a container, or a swarm task. */
export interface TargetPsRow {
  service: string;
  /** Container name, or `<stack>_<service>.<slot>` for a task. */
  name: string;
  id: string;
  /** Where it runs (swarm: the node's hostname). */
  node?: string;
  /** What the orchestrator wants it to be (swarm: `running`, `shutdown`). */
  desired?: string;
  state: string;
  health?: string;
  ports: string[];
  /** Why it failed or is not placed. */
  error?: string;
}

export interface TargetLogsOptions {
  services: string[];
  follow: boolean;
  tail?: number;
  timestamps?: boolean;
  write: (line: string) => void;
  signal?: AbortSignal;
}

export interface TargetExecOptions {
  /** Replica (slot) number. */
  index: number;
  user?: string;
  workdir?: string;
  /** `KEY=VALUE` pairs set for the command. */
  env?: string[];
  tty: boolean;
  /** Whether `stdin` is forwarded (typed with a TTY, or a pipe to its end). */
  interactive: boolean;
  stdin?: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/**
 * A deployment target: the operations every engine stackfile deploys to answers, after kompose's Transformer and
 * Pulumi's providers. The resolved stack (model/) is the one input; each target observes its engine, plans purely
 * (desired × actual → steps with reasons and per-field changes, in the shared vocabulary of plan/types.ts), and
 * applies. Targets live in folders of their own (targets/containers, targets/swarm) and are chosen by select.ts.
 */
export interface Target<Actual = unknown, Plan = unknown, UpOptions = unknown, UpResult = unknown, PsRow = TargetPsRow> {
  readonly name: TargetName;
  /** Reads what the engine has for the stack (no changes). */
  observe(desired: DesiredState): Promise<Actual>;
  /** Pure: what `up` would change, with reasons. */
  plan(desired: DesiredState, actual: Actual, options?: TargetPlanOptions): Plan;
  status(plan: Plan): PlanStatus;
  /** The plan as `stack plan` prints it. */
  render(plan: Plan, options?: { verbose?: boolean }): string;
  /** Applies the stack (lock, observe, plan, apply, wait until ready); a UserError when it cannot. */
  up(desired: DesiredState, options: UpOptions): Promise<UpResult>;
  /** Removes the project by its labels (no stack.ts needed); named volumes only when asked. */
  down(project: string, options: TargetDownOptions): Promise<TargetDownResult>;
  /** The stack's running units (of `services` when named; a name the stack has none of is a UserError). */
  ps(project: string, options?: { services?: string[] }): Promise<PsRow[]>;
  logs(project: string, options: TargetLogsOptions): Promise<void>;
  /** Runs a command in one running unit of the service; resolves with its exit code. */
  exec(project: string, service: string, cmd: string[], options: TargetExecOptions): Promise<number>;
}

/** Any target, for code that only dispatches (the CLI). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTarget = Target<any, any, any, any, any>;
