/**
 * stackfile as a library: the CLI's operations for code, e.g. tests that bring a stack up like testcontainers. The
 * `stack` command is a thin shell over these functions, so the library behaves exactly like the CLI: the same
 * loading of stack.ts, the same env files, the same validation and plan.
 * Heavy modules (dockerode, the engine) are imported when a function is called, not when stack.ts imports
 * 'stackfile'.
 */
import type { UpResult } from './apply/up';
import type { DownResult } from './apply/down';
import type { Progress } from './apply/execute';
import type { DesiredState } from './model/desired';
import type { Plan } from './plan/types';
import type { StackInput } from './model/types';
import type { LoadedStack } from './config/load';
import type { Issue } from './errors';
import { loadStackOptions, resolveStackOptions } from './config/load-options';

export interface StackOptions {
  /** Env overlay (`envs.<name>`), also passed to the function form as ctx.env; its env files are read too. */
  env?: string;
  /**
   * Folder relative paths (build contexts, bind mounts, env files) resolve against, and where the `.env` files are
   * read from, as next to stack.ts; default process.cwd().
   */
  dir?: string;
  /** Overrides the stack's name. */
  projectName?: string;
  /** The environment the `.env` files are layered under (it wins over them, as in the CLI); default process.env. */
  vars?: Record<string, string | undefined>;
  /** Enabled profiles (services with `profiles` run only when one of theirs is enabled). */
  profiles?: string[];
  /** Only these services and what they depend on (naming a service enables it whatever its profiles). */
  services?: string[];
  /** The deployment target, over stack.ts's `target` (the CLI's `--target`). */
  target?: 'containers' | 'swarm';
}

/** Where `load` finds stack.ts, and how it resolves it. */
export interface LoadOptions extends Omit<StackOptions, 'dir'> {
  /** Folder the search for stack.ts starts from (it goes upwards); default process.cwd(). */
  cwd?: string;
  /** A stack.ts path, or a folder holding one (the CLI's `-f/--file`). */
  file?: string;
}

/** A stack loaded and validated: what `plan`, `up` and `down` act on. */
export interface ResolvedStack {
  /** The project name (containers, networks and volumes are labelled with it). */
  readonly project: string;
  readonly env?: string;
  /** stack.ts, when the stack came from a file. */
  readonly file?: string;
  /** The folder relative paths resolved against. */
  readonly dir: string;
  /** Local files the stack depends on: stack.ts, what it imports, env files (existing or not), secret and env files. */
  readonly files: readonly string[];
  /** The variables the stack saw (env files layered under the environment). */
  readonly vars: Readonly<Record<string, string | undefined>>;
  /** The services named in `services`, if any. */
  readonly selected: readonly string[];
  /** The services a plan or up covers: the selected ones and what they depend on, else all. */
  readonly scope: readonly string[];
  /**
   * The validated model, for the CLI and these functions. Not in the published types (`stripInternal`): its shape
   * changes between versions, so it is no part of the API.
   * @internal
   */
  readonly desired: DesiredState;
}

export interface LibraryUpOptions extends StackOptions {
  pull?: 'always' | 'missing' | 'never';
  /** Wait until every service is ready (default true). */
  wait?: boolean;
  waitTimeoutMs?: number;
  recreateVolumes?: boolean;
  /** Receives progress; default: silent. */
  progress?: Progress;
  signal?: AbortSignal;
  /** Only the services named, not what they depend on (`up --no-deps`). */
  noDeps?: boolean;
  /** Recreate every container in scope, changed or not (`up --force-recreate`). */
  forceRecreate?: boolean;
  /** false: use built images as they are, never build (`up --no-build`). */
  build?: boolean;
  /** `SERVICE=N` replica counts overriding the stack's (`up --scale`). */
  scale?: string[];
  /** Refuse to switch a project last applied with another env (the CLI's up without --env or --force). */
  refuseEnvSwitch?: boolean;
}

export interface LibraryPlanOptions extends StackOptions {
  pull?: 'always' | 'missing' | 'never';
}

export interface LibraryDownOptions {
  /** Also remove named volumes (their data is lost). */
  volumes?: boolean;
  timeoutSeconds?: number;
  /** Receives a line per container, network and volume removed. */
  onProgress?: (line: string) => void;
}

/** A stack, as a definition (what defineStack returns) or as `load`/`resolve` returned it. */
export type Stack = StackInput | ResolvedStack;

const RESOLVED = Symbol.for('stackfile.resolved-stack');

/**
 * Finds stack.ts (from `cwd` upwards, or `file`), loads it with its env files, and validates it: what every `stack`
 * command starts with. Throws StackNotFoundError, StackLoadError (TranspileError for a syntax error) or
 * ValidationError.
 * @example
 * const stack = await load({ cwd: 'examples/hello', env: 'prod' });
 * console.log(stack.project, stack.files);
 */
export async function load(options: LoadOptions = {}): Promise<ResolvedStack> {
  const { loadStack } = await import('./config/load-stack.js');
  return toResolved(await loadStack(loadStackOptions(options)), options.services);
}

/**
 * Like `load`, but a stack.ts that loads and does not validate gives its problems and the project name it would
 * have (its `name`, else its folder's) instead of an error: for commands that act on labels (ps, logs, down).
 */
export async function loadCollect(options: LoadOptions = {}): Promise<{ stack?: ResolvedStack; project: string; issues: Issue[] }> {
  const { loadStackCollect } = await import('./config/load-stack.js');
  const { desired, issues, loaded } = await loadStackCollect(loadStackOptions(options));
  if (desired && issues.length === 0) {
    const stack = await toResolved({ desired, loaded }, options.services);
    return { stack, project: stack.project, issues };
  }
  const name = (loaded.definition as { name?: unknown } | undefined)?.name;
  const project = desired?.project ?? (typeof name === 'string' ? name : (await import('./model/normalize.js')).projectNameFromDir(loaded.dir));
  return { project, issues };
}

/** Resolves a stack definition (object or function form) as `load` resolves stack.ts, with `dir`'s env files. */
export async function resolve(stack: StackInput, options: StackOptions = {}): Promise<ResolvedStack> {
  const { resolveValueCollect, valid } = await import('./config/load-stack.js');
  const result = await resolveValueCollect(stack, { ...resolveStackOptions(options), dir: options.dir ?? process.cwd() });
  return toResolved(valid(result), options.services);
}

/**
 * Brings a stack up and waits until it is ready; returns each service's containers with IDs and published ports.
 * @example
 * const { services } = await up(defineStack({ services: { web: { image: 'nginx', ports: ['80'] } } }));
 * const port = services.web.containers[0].ports[0].published;
 */
export async function up(stack: Stack, options: LibraryUpOptions & { onPlan?: (plan: Plan) => void } = {}): Promise<UpResult> {
  const resolved = await asResolved(stack, options);
  const [{ up: apply }, { withScale }, client] = await Promise.all([import('./apply/up.js'), import('./model/scale.js'), connect()]);
  return apply(withScale(resolved.desired, options.scale), {
    client,
    progress: options.progress ?? silentProgress,
    signal: options.signal,
    services: [...resolved.selected],
    pullPolicy: options.pull,
    wait: options.wait,
    waitTimeoutMs: options.waitTimeoutMs,
    recreateVolumes: options.recreateVolumes,
    version: version(),
    onPlan: options.onPlan,
    noDeps: options.noDeps,
    forceRecreate: options.forceRecreate,
    build: options.build,
    refuseEnvSwitch: options.refuseEnvSwitch,
  });
}

/** What `up` would change, without changing anything. */
export async function plan(stack: Stack, options: LibraryPlanOptions = {}): Promise<Plan> {
  const resolved = await asResolved(stack, options);
  const [{ plan: makePlan }, { observe }, client] = await Promise.all([import('./plan/plan.js'), import('./state/observe.js'), connect()]);
  const actual = await observe(client, resolved.project, resolved.desired);
  return makePlan(resolved.desired, actual, { services: [...resolved.selected], pullPolicy: options.pull });
}

/**
 * Removes a project's containers and networks (and named volumes with `volumes: true`). Given a resolved stack,
 * dependents stop before what they depend on; given a name, the order comes from the containers' labels.
 */
export async function down(project: string | ResolvedStack, options: LibraryDownOptions = {}): Promise<DownResult> {
  const [{ down: remove }, { dependencyEdges }, client] = await Promise.all([import('./apply/down.js'), import('./graph/dag.js'), connect()]);
  const name = typeof project === 'string' ? project : project.project;
  const dependsOn = typeof project === 'string' ? undefined : dependencyEdges(project.desired.services);
  return remove(name, { client, volumes: options.volumes, timeoutSeconds: options.timeoutSeconds, dependsOn, onProgress: options.onProgress });
}

/** Whether `value` came from `load` or `resolve` (else it is a definition to resolve). */
export function isResolvedStack(value: unknown): value is ResolvedStack {
  return typeof value === 'object' && value !== null && RESOLVED in value;
}

async function asResolved(stack: Stack, options: StackOptions): Promise<ResolvedStack> {
  if (!isResolvedStack(stack)) return resolve(stack, options);
  // Services named now narrow a stack loaded for all of them (`load()` once, `up(stack, { services })`).
  if (!options.services?.length || sameList(options.services, stack.selected)) return stack;
  const { planScope } = await import('./plan/plan.js');
  return withScope(stack, options.services, planScope(stack.desired, options.services));
}

async function toResolved({ desired, loaded }: { desired: DesiredState; loaded: LoadedStack }, services: string[] = []): Promise<ResolvedStack> {
  const { planScope } = await import('./plan/plan.js');
  const base = {
    project: desired.project,
    ...(desired.env ? { env: desired.env } : {}),
    ...(loaded.file ? { file: loaded.file } : {}),
    dir: loaded.dir,
    files: loaded.dependencies,
    vars: loaded.vars,
    desired,
  };
  return withScope(base, services, planScope(desired, services));
}

function withScope(base: Omit<ResolvedStack, 'selected' | 'scope'>, services: readonly string[], scope: Set<string> | undefined): ResolvedStack {
  const all = Object.keys(base.desired.services);
  const out = { ...base, selected: [...services], scope: scope ? all.filter((s) => scope.has(s)) : all };
  Object.defineProperty(out, RESOLVED, { value: true, enumerable: false });
  return out;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

async function connect() {
  const { createDockerClient } = await import('./docker/connect.js');
  return createDockerClient();
}

function version(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../package.json') as { version: string }).version;
}

const silentProgress: Progress = { update() {}, done() {}, fail() {}, note() {} };
