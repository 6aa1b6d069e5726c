/** A service's `build`, normalised: the context made absolute, args in either Compose form, the builder's options. */
import { resolve } from 'node:path';
import type { DesiredBuild } from './desired';
import { Reader, join } from './reader';
import { didYouMean } from './suggest';

const BUILD_KEYS = ['context', 'dockerfile', 'target', 'args', 'cacheFrom', 'labels', 'network', 'extraHosts', 'secrets', 'ssh'] as const;

export function readBuild(r: Reader, value: unknown, path: string, dir: string, vars: Record<string, string | undefined>): DesiredBuild | undefined {
  if (typeof value === 'string') return { context: resolve(dir, value), dockerfile: 'Dockerfile', args: {} };
  const b = r.object(value, path, BUILD_KEYS);
  if (!b) return undefined;
  // A missing context whose near miss was already reported ("contxt": did you mean "context"?) is that one mistake.
  const misspelt = Object.keys(b).some((k) => !(BUILD_KEYS as readonly string[]).includes(k) && didYouMean(k, BUILD_KEYS) === didYouMean('context', BUILD_KEYS));
  if (b.context === undefined && !misspelt) r.issue(join(path, 'context'), 'a build needs a context: the folder holding the Dockerfile', "write build: { context: './app' }, or build: './app'");
  const context = b.context === undefined ? undefined : r.string(b.context, join(path, 'context'));
  // The Engine API's classic builder has no secret or SSH mounts; dropping them would build something else.
  for (const key of ['secrets', 'ssh'] as const) {
    if (b[key] !== undefined) r.issue(join(path, key), `build.${key} needs BuildKit, and stackfile builds with the Engine API's classic builder, which has no ${key === 'ssh' ? 'SSH agent' : 'secret'} mounts`, `build the image with docker buildx build (--${key === 'ssh' ? 'ssh' : 'secret'}) and name it with image:, or pass the value as a build arg if it is not secret`);
  }
  if (context === undefined) return undefined;
  const opt = <T>(key: string, read: (v: unknown, p: string) => T | undefined): T | undefined => (b[key] === undefined ? undefined : read(b[key], join(path, key)));
  const cacheFrom = opt('cacheFrom', (v, p) => r.stringArray(v, p));
  const labels = opt('labels', (v, p) => r.labels(v, p));
  const network = opt('network', (v, p) => r.string(v, p));
  const extraHosts = opt('extraHosts', (v, p) => readExtraHosts(r, v, p));
  return {
    context: resolve(dir, context),
    dockerfile: opt('dockerfile', (v, p) => r.string(v, p)) ?? 'Dockerfile',
    ...(b.target === undefined ? {} : { target: r.string(b.target, join(path, 'target')) }),
    args: opt('args', (v, p) => readArgs(r, v, p, vars)) ?? {},
    ...(cacheFrom?.length ? { cacheFrom } : {}),
    ...(labels && Object.keys(labels).length ? { labels } : {}),
    ...(network === undefined ? {} : { network }),
    ...(extraHosts?.length ? { extraHosts } : {}),
  };
}

/**
 * `{ A: 1 }` or Compose's list `['A=1', 'B']`: a bare name takes its value from the layered variables and is left
 * out when unset, as Compose leaves it to the Dockerfile's default.
 */
function readArgs(r: Reader, value: unknown, path: string, vars: Record<string, string | undefined>): Record<string, string> | undefined {
  if (!Array.isArray(value)) return r.stringRecord(value, path);
  const out: Record<string, string> = {};
  value.forEach((item, i) => {
    const text = r.string(item, `${path}[${i}]`);
    if (text === undefined) return;
    const eq = text.indexOf('=');
    if (eq === 0) r.issue(`${path}[${i}]`, `expected "NAME=value" or "NAME", got "${text}"`);
    else if (eq > 0) out[text.slice(0, eq)] = text.slice(eq + 1);
    else if (vars[text] !== undefined) out[text] = vars[text]!;
  });
  return out;
}

/** `['host:ip']` (also `host=ip`, as Compose accepts) or `{ host: ip }` → `host:ip` entries. */
export function readExtraHosts(r: Reader, value: unknown, path: string): string[] | undefined {
  if (!Array.isArray(value)) return Object.entries(r.stringRecord(value, path) ?? {}).map(([h, ip]) => `${h}:${ip}`);
  return (r.stringArray(value, path) ?? []).map((e, i) => {
    const m = /^([^:=\s]+)[:=](.+)$/.exec(e);
    if (!m) r.issue(`${path}[${i}]`, `expected "host:ip", got "${e}"`);
    return m ? `${m[1]}:${m[2]}` : e;
  });
}
