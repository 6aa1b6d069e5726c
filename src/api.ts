/**
 * stackfile as a library: the CLI's operations for code, e.g. tests that bring a stack up like testcontainers.
 * Heavy modules (dockerode, the engine) are imported when a function is called, not when stack.ts imports
 * 'stackfile'.
 */
import type { UpResult } from './apply/up';
import type { DownResult } from './apply/down';
import type { Progress } from './apply/execute';
import type { DesiredState } from './model/desired';
import type { Plan } from './plan/types';
import type { StackContext, StackInput } from './model/types';

export interface StackOptions {
  /** Env overlay (`envs.<name>`), also passed to the function form as ctx.env. */
  env?: string;
  /** Folder relative paths (build contexts, bind mounts, env files) resolve against; default process.cwd(). */
  dir?: string;
  /** Overrides the stack's name. */
  projectName?: string;
  /** Variables for the function form's ctx.vars; default process.env. */
  vars?: Record<string, string | undefined>;
  /** Enabled profiles (services with `profiles` run only when one of theirs is enabled). */
  profiles?: string[];
}

export interface LibraryUpOptions extends StackOptions {
  services?: string[];
  pull?: 'always' | 'missing' | 'never';
  /** Wait until every service is ready (default true). */
  wait?: boolean;
  waitTimeoutMs?: number;
  recreateVolumes?: boolean;
  /** Receives progress; default: silent. */
  progress?: Progress;
  signal?: AbortSignal;
}

/** Resolves a stack definition (object or function form) into the validated desired state. */
export async function resolve(stack: StackInput, options: StackOptions = {}): Promise<DesiredState> {
  const { resolveStack } = await import('./model/normalize.js');
  const dir = options.dir ?? process.cwd();
  const { createStackContext } = await import('./config/stack-context.js');
  const vars = options.vars ?? { ...process.env };
  const { ctx, use } = createStackContext(options.env, vars, dir);
  const definition = typeof stack === 'function' ? await stack(ctx) : stack;
  return resolveStack(definition, { dir, env: options.env, vars, projectName: options.projectName, strictEnv: !use.envRead, missingVars: use.missing, profiles: options.profiles, services: (options as LibraryUpOptions).services });
}

/**
 * Brings a stack up and waits until it is ready; returns each service's containers with IDs and published ports.
 * @example
 * const { services } = await up(defineStack({ services: { web: { image: 'nginx', ports: ['80'] } } }));
 * const port = services.web.containers[0].ports[0].published;
 */
export async function up(stack: StackInput, options: LibraryUpOptions = {}): Promise<UpResult> {
  const desired = await resolve(stack, options);
  const [{ up: apply }, client] = await Promise.all([import('./apply/up.js'), connect()]);
  return apply(desired, {
    client,
    progress: options.progress ?? silentProgress,
    signal: options.signal,
    services: options.services,
    pullPolicy: options.pull,
    wait: options.wait,
    waitTimeoutMs: options.waitTimeoutMs,
    recreateVolumes: options.recreateVolumes,
  });
}

/** What `up` would change, without changing anything. */
export async function plan(stack: StackInput, options: StackOptions & { services?: string[]; pull?: 'always' | 'missing' | 'never' } = {}): Promise<Plan> {
  const desired = await resolve(stack, options);
  const [{ plan: makePlan }, { observe }, client] = await Promise.all([import('./plan/plan.js'), import('./state/observe.js'), connect()]);
  return makePlan(desired, await observe(client, desired.project, desired), { services: options.services, pullPolicy: options.pull });
}

/** Removes a project's containers and networks (and named volumes with `volumes: true`), by its name. */
export async function down(project: string, options: { volumes?: boolean; timeoutSeconds?: number } = {}): Promise<DownResult> {
  const [{ down: remove }, client] = await Promise.all([import('./apply/down.js'), connect()]);
  return remove(project, { client, ...options });
}

async function connect() {
  const { createDockerClient } = await import('./docker/connect.js');
  return createDockerClient();
}

const silentProgress: Progress = { update() {}, done() {}, fail() {}, note() {} };
