/**
 * docker-compose 1.29 (the peer stackfile is compared with) as the judge of a compose file: what `config` says the
 * file means, reduced to the fields the round trip must keep, with Compose's defaults and spellings made one.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { shellWords } from '../../src/import/shell-words';
import { ROOT } from '../helpers/run-stack.mjs';

type Dict = Record<string, unknown>;

/** The Python docker-compose runs with (its script's #! line): the one its library is installed for. */
function composePython(): string {
  const script = execFileSync('sh', ['-c', 'command -v docker-compose'], { encoding: 'utf8' }).trim();
  return /^#!\s*(\S+)/.exec(readFileSync(script, 'utf8').split('\n')[0])?.[1] ?? 'python3';
}

export type ComposeDoc = { services: Record<string, Dict> };

/**
 * `docker-compose -f A -f B config` for each job, parsed (or the error it reported), all in one Python process
 * (compose-config.py) running docker-compose's own loader.
 */
export function composeConfigs(jobs: { cwd: string; files: string[] }[]): Promise<(ComposeDoc | Error)[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(composePython(), [join(ROOT, 'test', 'import', 'compose-config.py')], { env: { PATH: process.env.PATH, HOME: process.env.HOME } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`compose-config.py failed (${code}):\n${err}`));
      const results = JSON.parse(out) as ({ yaml: string } | { error: string })[];
      resolve(results.map((r, i) => ('yaml' in r ? (parse(r.yaml) as ComposeDoc) : new Error(`docker-compose ${jobs[i].files.join(' ')} config: ${r.error}`))));
    });
    child.stdin.end(JSON.stringify(jobs));
  });
}

/** The fields the round trip keeps, per service, in one spelling. `builtImage`: a built service's image is the tool's own name. */
export function comparable(doc: ComposeDoc, builtWithoutImage: Set<string>): Record<string, Dict> {
  return Object.fromEntries(Object.entries(doc.services).map(([name, s]) => [name, service(s, builtWithoutImage.has(name))]));
}

function service(s: Dict, skipImage: boolean): Dict {
  return {
    image: skipImage ? undefined : s.image,
    command: argv(s.command),
    entrypoint: argv(s.entrypoint),
    environment: Object.fromEntries(Object.entries((s.environment ?? {}) as Dict).filter(([, v]) => v !== null).map(([k, v]) => [k, String(v)])),
    ports: ((s.ports ?? []) as unknown[]).map(port).sort(),
    volumes: ((s.volumes ?? []) as unknown[]).map(mount).sort(),
    networks: s.network_mode ? [] : networks(s.networks),
    networkMode: s.network_mode,
    dependsOn: dependsOn(s.depends_on),
    healthcheck: healthcheck(s.healthcheck as Dict | undefined),
    restart: restart(s),
    secrets: ((s.secrets ?? []) as unknown[]).map((x) => fileRef(x, '/run/secrets/')).sort(),
    ulimits: ulimits(s.ulimits),
    links: ((s.links ?? []) as string[]).map((l) => (l.includes(':') ? l : `${l}:${l}`)).sort(),
  };
}

/** Each limit as soft:hard (`nproc: 512` is 512:512; -1 is unlimited). */
function ulimits(v: unknown): Dict | undefined {
  if (!v) return undefined;
  return Object.fromEntries(Object.entries(v as Dict).map(([k, l]) => [k, typeof l === 'object' && l !== null ? `${(l as Dict).soft}:${(l as Dict).hard}` : `${l}:${l}`]));
}

/** A command as its argv: a string is split as Compose splits it (shell words, no shell). */
function argv(v: unknown): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  return Array.isArray(v) ? v.map(String) : shellWords(String(v));
}

/**
 * The restart policy a container gets: `restart`, else (as stackfile applies it on one host, and `docker compose`
 * does) `deploy.restart_policy`.
 */
function restart(s: Dict): unknown {
  const policy = (s.deploy as Dict | undefined)?.restart_policy as Dict | undefined;
  const r = s.restart ?? (policy && { any: 'always', none: 'no', 'on-failure': policy.max_attempts ? `on-failure:${policy.max_attempts}` : 'on-failure' }[String(policy.condition ?? 'any')]);
  return r === 'no' ? undefined : r;
}

function port(p: unknown): string {
  if (typeof p === 'object' && p !== null) {
    const o = p as Dict;
    return `${o.host_ip ?? ''}:${o.published ?? ''}:${o.target}/${o.protocol ?? 'tcp'}`;
  }
  const [spec, protocol = 'tcp'] = String(p).split('/');
  const parts = spec.split(':');
  const target = parts.pop();
  const published = parts.pop() ?? '';
  return `${parts.join(':')}:${published}:${target}/${protocol}`;
}

function mount(v: unknown): string {
  if (typeof v === 'object' && v !== null) {
    const m = v as Dict;
    const size = (m.tmpfs as Dict | undefined)?.size;
    return `${m.type}|${m.source ?? ''}|${m.target}|${m.read_only ? 'ro' : 'rw'}${size ? `|${size}` : ''}`;
  }
  const parts = String(v).split(':');
  if (parts.length === 1) return `volume||${parts[0]}|rw`;
  const [source, target, mode = 'rw'] = parts;
  return `${source.startsWith('/') ? 'bind' : 'volume'}|${source}|${target}|${mode.split(',').includes('ro') ? 'ro' : 'rw'}`;
}

function networks(v: unknown): string[] {
  const names = Array.isArray(v) ? v.map(String) : Object.keys((v ?? {}) as Dict);
  return names.length ? names.sort() : ['default'];
}

function dependsOn(v: unknown): Dict {
  if (Array.isArray(v)) return Object.fromEntries(v.map((d) => [d, 'service_started']));
  return Object.fromEntries(Object.entries((v ?? {}) as Dict).map(([k, c]) => [k, (c as Dict)?.condition ?? 'service_started']));
}

function healthcheck(h: Dict | undefined): Dict | undefined {
  if (!h) return undefined;
  const test = typeof h.test === 'string' ? ['CMD-SHELL', h.test] : h.test;
  if (h.disable === true || (Array.isArray(test) && test[0] === 'NONE')) return { disable: true };
  return {
    test,
    interval: ms(h.interval ?? '30s'),
    timeout: ms(h.timeout ?? '30s'),
    retries: h.retries ?? 3,
    startPeriod: ms(h.start_period ?? '0s'),
  };
}

/** `'1m30s'` → 90000. */
function ms(v: unknown): number {
  let total = 0;
  for (const m of String(v).matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|ns)/g)) total += Number(m[1]) * { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, ns: 0.000001 }[m[2] as 'h'];
  return total;
}

function fileRef(x: unknown, folder: string): string {
  const o = (typeof x === 'string' ? { source: x } : x) as Dict;
  const target = String(o.target ?? o.source);
  return `${o.source}:${target.startsWith('/') ? target : folder + target}:${o.mode ?? 0o444}:${o.uid ?? 0}:${o.gid ?? 0}`;
}
