import { createHash } from 'node:crypto';
import type { DesiredNetwork, DesiredService, DesiredVolume } from './desired';
import { SECRET_MARK } from './secret';

/**
 * The form of a spec stored on the daemon object it produced (label `io.stackfile.applied`) and hashed into
 * `io.stackfile.config-hash`. Only what shapes the object itself is in it: replicas and dependsOn change how many
 * containers run and in what order, not any one container, watch rules only steer `stack dev`, and `deploy` is
 * here already through what a container applies of it (replicas, resources, restart), so changing them recreates
 * nothing. Secret values are not in it, not even hashed (a short password's hash can be
 * brute-forced): the planner compares them with what is inside the container instead (`changedSecrets`).
 */
export function appliedService(s: DesiredService): Record<string, unknown> {
  const { name: _n, replicas: _r, dependsOn: _d, restartWith: _rw, optionalDeps: _od, build: _b, watch: _w, deploy: _dp, secretEnvSources: _ss, envFiles: _ef, restartExplicit: _re, secretEnv, environment, secrets, configs, ports, ...rest } = s;
  const env = Object.fromEntries(Object.entries(environment).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, secretEnv.includes(k) ? SECRET_MARK : v]));
  const files = Object.fromEntries(secrets.map(({ value: _v, source: _s, name, ...file }) => [name, file]));
  return canonical({
    ...rest,
    // A port's Swarm mode, name and app protocol change nothing in a container.
    ports: ports.map(({ mode: _m, name: _pn, appProtocol: _a, ...port }) => port),
    environment: env,
    secrets: files,
    // A config's text is not secret, but may be long: its digest stands for it in the label.
    configs: configs && Object.fromEntries(configs.map(({ content, source: _s, name, ...file }) => [name, { ...file, digest: digest(content) }])),
  }) as Record<string, unknown>;
}

function digest(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
}

export function appliedNetwork(n: DesiredNetwork): Record<string, unknown> {
  const { key: _k, name: _n, external: _e, ...rest } = n;
  return canonical(rest) as Record<string, unknown>;
}

/** `size` is left out: the engine ignores it, so setting it must not make the volume look changed (and block up). */
export function appliedVolume(v: DesiredVolume): Record<string, unknown> {
  const { key: _k, name: _n, external: _e, size: _s, ...rest } = v;
  return canonical(rest) as Record<string, unknown>;
}

export function configHash(applied: unknown): string {
  return createHash('sha256').update(JSON.stringify(canonical(applied))).digest('hex').slice(0, 16);
}

/** Sorted keys and no undefined values, so the same spec always serialises (and hashes) the same way. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = canonical(v);
  }
  return out;
}
