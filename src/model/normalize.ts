import { basename } from 'node:path';
import { ValidationError, type Issue } from '../errors';
import { composeModules } from './compose-modules';
import { checkComposeVariables } from './compose-variables';
import type { DesiredNetwork, DesiredService, DesiredState, DesiredVolume } from './desired';
import { deepMerge, isPlainObject } from './overlay';
import { Reader, join } from './reader';
import { SERVICE_KEYS, normalizeService } from './normalize-service';
import { secretsInText } from './secret';
import { didYouMean } from './suggest';
import { checkLinks, crossCheck, dropAbsentOptional, linkNamespaces } from './validate';
import { readConfigDefinitions, readSecretDefinitions } from './normalize-files';
import { BOOLEAN_WORDS_TEXT } from './boolean-words';
import { envFileNames } from './env-file';
import { parseByteSize } from './duration';
import { isValidName, nameProblem } from './names';

export interface ResolveOptions {
  /** Folder relative paths resolve against (the folder of stack.ts). */
  dir: string;
  /** stack.ts path, for error messages and `stack config`. */
  file?: string;
  /** Env overlay to apply (`--env`). */
  env?: string;
  /** Variables for bare `environment: ['NAME']` entries. */
  vars?: Record<string, string | undefined>;
  /** Project name when stack.ts sets none (default: the folder's name), and `-p` which overrides it. */
  projectName?: string;
  /** Whether an --env missing from `envs` is an error (not when stack.ts read ctx.env or env files exist for it). */
  strictEnv?: boolean;
  /** `ctx.vars.require()` calls whose variable was unset, reported with the other problems. */
  missingVars?: { name: string; at?: string; message?: string; empty?: boolean; bool?: boolean }[];
  /** `ctx.vars.bool()` calls whose variable held no boolean word. */
  notBooleanVars?: { name: string; value: string; at?: string }[];
  /** Enabled profiles (`--profile`, STACK_PROFILES). */
  profiles?: string[];
  /** Services named on the command line: naming one enables it whatever its profiles. */
  services?: string[];
  /** `--target`: wins over stack.ts's `target`, so the stack is checked for the target it will deploy to. */
  target?: 'containers' | 'swarm';
  /**
   * Leave the values of secrets read from variables and files unread (they resolve to ''), so that a missing one is
   * no problem: for the exports, which write where a value comes from and never the value. A state resolved so must
   * not be deployed.
   */
  skipSecretValues?: boolean;
  /**
   * The state is exported to Kubernetes, not run on Docker: the rules of one Docker engine (replicas cannot share a
   * published port; files cannot be copied into a read-only container) do not apply, as on a swarm.
   */
  exportTo?: 'kubernetes';
}

const STACK_KEYS = ['name', 'target', 'services', 'volumes', 'networks', 'secrets', 'configs', 'envs', 'modules', 'overrides'] as const;
const TARGETS = ['containers', 'swarm'] as const;
const VOLUME_KEYS = ['driver', 'driverOpts', 'labels', 'external', 'name', 'size'] as const;
const NETWORK_KEYS = ['driver', 'driverOpts', 'internal', 'attachable', 'labels', 'external', 'name', 'ipam', 'enableIpv6'] as const;
const PROJECT_RE = /^[a-z0-9][a-z0-9_-]*$/;

/** Resolves and validates a stack definition into the desired state, or throws a ValidationError listing every problem. */
export function resolveStack(input: unknown, options: ResolveOptions): DesiredState {
  const { state, issues } = resolveStackCollect(input, options);
  if (issues.length > 0 || !state) throw new ValidationError(issues, options.file);
  return state;
}

/** Project name Compose would derive from a folder name: lowercase, only [a-z0-9_-]. */
export function projectNameFromDir(dir: string): string {
  return basename(dir).toLowerCase().replace(/[^a-z0-9_-]/g, '').replace(/^[_-]+/, '') || 'default';
}

/** Like resolveStack, but returns the problems instead of throwing (for `stack check` and the dev loop). */
export function resolveStackCollect(input: unknown, options: ResolveOptions): { state?: DesiredState; issues: Issue[] } {
  const r = new Reader();
  const top = r.object(input, '', STACK_KEYS);
  if (!top) {
    r.issues[0] = { path: '(default export)', message: r.issues[0].message, hint: 'export default defineStack({ services: { ... } })' };
    return { issues: r.issues };
  }
  const envFiles = `in the environment or in ${envFileNames(options.env).join(', ')} next to stack.ts`;
  for (const m of options.missingVars ?? []) {
    const why = m.message ? `: ${m.message}` : '';
    const asked = m.bool ? 'ctx.vars.bool' : 'ctx.vars.require';
    r.issue(`vars.${m.name}`, `required variable ${m.name} is ${m.empty ? 'empty' : 'not set'}${why}${m.at ? ` (${asked} at ${m.at})` : ''}`, `set it ${m.bool ? `to ${BOOLEAN_WORDS_TEXT} ` : ''}${envFiles}`);
  }
  for (const m of options.notBooleanVars ?? []) {
    r.issue(`vars.${m.name}`, `variable ${m.name} is ${JSON.stringify(m.value)}, which is not a boolean${m.at ? ` (ctx.vars.bool at ${m.at})` : ''}`, `set it to ${BOOLEAN_WORDS_TEXT} ${envFiles}`);
  }
  // Modules first, so an env overlay can change a module's service like any other.
  const composed = composeModules(r, top, options);
  if (!composed) return { issues: r.issues };
  const variables = checkComposeVariables(applyEnv(r, composed, options));
  const merged = variables.stack;
  for (const at of secretsInText(merged.services, 'services')) {
    r.issue(at, 'a secret() is used inside a text (a template string or +), where its value cannot be kept secret', 'make the whole value the secret, e.g. secret.value(`postgres://u:${ctx.vars.PW}@db/app`), or give the app a secret file and build the text there');
  }
  const name = options.projectName ?? (merged.name === undefined ? projectNameFromDir(options.dir) : r.string(merged.name, 'name'));
  if (name !== undefined && !PROJECT_RE.test(name)) {
    r.issue(options.projectName ? '-p/--project-name' : 'name', `project name "${name}" must be lowercase letters, digits, "-" or "_", starting with a letter or digit`);
  }
  const project = name ?? 'invalid';
  const written = readTarget(r, merged.target, overlaySets(top, options.env, 'target') ? `envs.${options.env}.target` : 'target');
  const target = options.target ?? written;
  // A swarm and a cluster route a published port to every replica and mount secret and config files, where one
  // engine publishes a port once per host and copies the files into the container's own (maybe read-only) layer.
  const oneEngine = target !== 'swarm' && options.exportTo !== 'kubernetes';

  const volumes = readResources(r, merged.volumes, 'volumes', VOLUME_KEYS, (key, v, path) => normalizeVolume(r, project, key, v, path));
  const networks = readResources(r, merged.networks, 'networks', NETWORK_KEYS, (key, v, path) => normalizeNetwork(r, project, key, v, path));
  const defaultNetwork = networks.default ?? normalizeNetwork(r, project, 'default', {}, 'networks.default');

  const ctx = {
    project,
    dir: options.dir,
    vars: options.vars ?? {},
    volumeNames: Object.fromEntries(Object.values(volumes).map((v) => [v.key, v.name])),
    networkNames: { default: defaultNetwork.name, ...Object.fromEntries(Object.values(networks).map((n) => [n.key, n.name])) },
    inputs: new Set<string>(),
    secretDefs: readSecretDefinitions(r, merged.secrets),
    configDefs: readConfigDefinitions(r, merged.configs),
    // External secrets and configs exist only in a swarm: a stack that deploys there may reference them.
    allowExternal: target === 'swarm',
    skipSecretValues: options.skipSecretValues,
    oneEngine,
  };
  const services: Record<string, DesiredService> = {};
  if (merged.services === undefined) r.issue('services', 'a stack needs a services object', "add services: { web: { image: 'nginx' } }");
  const inactive: Record<string, string[]> = {};
  const enabledProfiles = new Set(options.profiles ?? []);
  const knownProfiles = new Set<string>();
  for (const [svc, raw] of Object.entries(r.object(merged.services ?? {}, 'services') ?? {})) {
    if (!isValidName(svc)) {
      const { message, hint } = nameProblem('service', svc);
      r.issue(join('services', svc), message, hint);
    }
    const profiles = readProfiles(r, raw, join(join('services', svc), 'profiles'));
    profiles.forEach((p) => knownProfiles.add(p));
    // Like Compose, a disabled service is not resolved at all: its secrets and required variables may only exist
    // where that profile is used. `stack check` still type-checks it.
    if (profiles.length && !profiles.some((p) => enabledProfiles.has(p)) && !options.services?.includes(svc)) {
      inactive[svc] = profiles;
      continue;
    }
    const s = normalizeService(r, svc, raw, ctx);
    if (s) services[svc] = s;
  }
  for (const p of enabledProfiles) {
    if (!knownProfiles.has(p)) r.issue('--profile', `no service has profile "${p}"`, didYouMean(p, [...knownProfiles]) ?? (knownProfiles.size ? `profiles are: ${[...knownProfiles].join(', ')}` : 'no service in this stack has profiles'));
  }
  // Like Compose, the default network exists only when some service is on it.
  if (!networks.default && Object.values(services).some((s) => defaultNetwork.name in s.networks)) networks.default = defaultNetwork;

  dropAbsentOptional(services, inactive);
  checkLinks(r, services, inactive);
  linkNamespaces(r, services, inactive);
  crossCheck(r, services, inactive, oneEngine);
  // A `${VAR}` explains whatever else its value broke ('host port "-8101}" is not a port number'): say it alone.
  const unexpanded = new Set(variables.issues.map((i) => i.path));
  const issues = [...variables.issues, ...r.issues.filter((i) => !unexpanded.has(i.path))];
  const state: DesiredState = { project, ...(options.env ? { env: options.env } : {}), ...(target ? { target } : {}), ...(options.file ? { file: options.file } : {}), dir: options.dir, services, volumes, networks, ...(Object.keys(inactive).length ? { inactive } : {}), ...(ctx.inputs.size ? { inputs: [...ctx.inputs] } : {}) };
  return { state, issues };
}

/** Whether env `env`'s overlay writes `key` (so a problem with it is reported there). */
function overlaySets(top: Record<string, unknown>, env: string | undefined, key: string): boolean {
  const overlay = env && isPlainObject(top.envs) ? top.envs[env] : undefined;
  return isPlainObject(overlay) && overlay[key] !== undefined;
}

/** `target: 'swarm'`, at the path where it was written (the env overlay's, when that set it). */
function readTarget(r: Reader, value: unknown, path: string): DesiredState['target'] {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && (TARGETS as readonly string[]).includes(value)) return value as DesiredState['target'];
  r.issue(path, `${JSON.stringify(value)} is not a deployment target`, didYouMean(String(value), [...TARGETS]) ?? `targets are: ${TARGETS.join(', ')}`);
  return undefined;
}

function readProfiles(r: Reader, raw: unknown, path: string): string[] {
  if (!isPlainObject(raw) || raw.profiles === undefined) return [];
  const profiles = r.stringArray(raw.profiles, path) ?? [];
  profiles.forEach((p, i) => {
    if (!isValidName(p)) r.issue(`${path}[${i}]`, nameProblem('profile', p).message, nameProblem('profile', p).hint);
  });
  return profiles;
}

function applyEnv(r: Reader, top: Record<string, unknown>, options: ResolveOptions): Record<string, unknown> {
  const { envs, ...base } = top;
  if (!options.env) return base;
  const all = envs === undefined ? {} : r.object(envs, 'envs') ?? {};
  const overlay = all[options.env];
  if (overlay === undefined) {
    const known = `defined envs: ${Object.keys(all).join(', ') || 'none'}`;
    if (options.strictEnv !== false) r.issue('envs', `env "${options.env}" is not defined`, didYouMean(options.env, Object.keys(all)) ? `${didYouMean(options.env, Object.keys(all))} (${known})` : known);
    return base;
  }
  const path = join('envs', options.env);
  const checked = r.object(overlay, path, ['services', 'volumes', 'networks', 'secrets', 'configs', 'name', 'target']);
  return deepMerge(base, checked ? { ...checked, services: checkOverlayServices(r, base.services, checked.services, join(path, 'services')) } : overlay);
}

/**
 * Mistakes in an overlay are reported where they were written (`envs.prod.services.api.replicass`), not at the
 * merged service, where the user would look in vain; the bad keys are then left out of the merge.
 */
function checkOverlayServices(r: Reader, base: unknown, services: unknown, path: string): unknown {
  if (!isPlainObject(services)) return services;
  const baseNames = isPlainObject(base) ? Object.keys(base) : [];
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(services)) {
    if (spec === null || !isPlainObject(spec)) {
      out[name] = spec;
      continue;
    }
    const p = join(path, name);
    r.object(spec, p, SERVICE_KEYS);
    if (!baseNames.includes(name) && spec.image === undefined && spec.build === undefined) {
      r.issue(p, `"${name}" is not a service of the base stack, and the overlay gives it no image or build`, didYouMean(name, baseNames) ?? `services are: ${baseNames.join(', ')}`);
      continue;
    }
    out[name] = Object.fromEntries(Object.entries(spec).filter(([k]) => (SERVICE_KEYS as readonly string[]).includes(k)));
  }
  return out;
}

function readResources<T>(r: Reader, value: unknown, path: string, keys: readonly string[], read: (key: string, v: Record<string, unknown>, path: string) => T): Record<string, T> {
  const out: Record<string, T> = {};
  if (value === undefined) return out;
  for (const [key, spec] of Object.entries(r.object(value, path) ?? {})) {
    const obj = spec === null ? {} : r.object(spec, join(path, key), keys);
    if (obj) out[key] = read(key, obj, join(path, key));
  }
  return out;
}

function resourceName(r: Reader, project: string, key: string, v: Record<string, unknown>, path: string): string {
  return v.name === undefined ? (v.external === true ? key : `${project}_${key}`) : r.string(v.name, join(path, 'name')) ?? key;
}

function normalizeVolume(r: Reader, project: string, key: string, v: Record<string, unknown>, path: string): DesiredVolume {
  return {
    key,
    name: resourceName(r, project, key, v, path),
    driver: v.driver === undefined ? 'local' : r.string(v.driver, join(path, 'driver')) ?? 'local',
    driverOpts: v.driverOpts === undefined ? {} : r.stringRecord(v.driverOpts, join(path, 'driverOpts')) ?? {},
    labels: v.labels === undefined ? {} : r.stringRecord(v.labels, join(path, 'labels')) ?? {},
    external: v.external === undefined ? false : r.boolean(v.external, join(path, 'external')) ?? false,
    ...(v.size === undefined ? {} : { size: readSize(r, v.size, join(path, 'size')) }),
  };
}

/** A volume size must be a whole positive number of bytes once parsed: a claim of 0 bytes is a typo, not a request. */
function readSize(r: Reader, value: unknown, path: string): number | undefined {
  const n = typeof value === 'string' || typeof value === 'number' ? parseByteSize(value) : undefined;
  if (n === undefined || n <= 0) r.issue(path, `${JSON.stringify(value)} is not a volume size`, "write it like '10g', '512m' or a number of bytes");
  return n === undefined || n <= 0 ? undefined : n;
}

function normalizeNetwork(r: Reader, project: string, key: string, v: Record<string, unknown>, path: string): DesiredNetwork {
  const bool = (k: string) => (v[k] === undefined ? false : r.boolean(v[k], join(path, k)) ?? false);
  let ipam: DesiredNetwork['ipam'];
  if (v.ipam !== undefined) {
    const i = r.object(v.ipam, join(path, 'ipam'), ['driver', 'config']);
    const config = (i?.config === undefined ? [] : r.array(i.config, join(path, 'ipam.config')) ?? []).map((c, n) => {
      const o = r.object(c, `${join(path, 'ipam.config')}[${n}]`, ['subnet', 'gateway', 'ipRange']) ?? {};
      return Object.fromEntries(Object.entries(o).filter(([, x]) => typeof x === 'string')) as { subnet?: string; gateway?: string; ipRange?: string };
    });
    ipam = { ...(typeof i?.driver === 'string' ? { driver: i.driver } : {}), config };
  }
  return {
    key,
    name: resourceName(r, project, key, v, path),
    driver: v.driver === undefined ? 'bridge' : r.string(v.driver, join(path, 'driver')) ?? 'bridge',
    driverOpts: v.driverOpts === undefined ? {} : r.stringRecord(v.driverOpts, join(path, 'driverOpts')) ?? {},
    internal: bool('internal'),
    attachable: bool('attachable'),
    labels: v.labels === undefined ? {} : r.stringRecord(v.labels, join(path, 'labels')) ?? {},
    external: bool('external'),
    ...(ipam ? { ipam } : {}),
    ...(bool('enableIpv6') ? { enableIpv6: true as const } : {}),
  };
}
