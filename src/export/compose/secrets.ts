/**
 * Secrets and configs. A secret's value is never written: the file names where Compose reads it (a file, or a
 * variable), and what has no Compose source (a value computed in stack.ts) is read from a variable the user is told
 * to set. Configs are not secret, but are referenced the same way.
 */
import type { DesiredConfig, DesiredSecret, DesiredSecretSource, DesiredService } from '../../model/desired';
import { fromEnvFiles } from './env-files';
import { Interpolated, claimVariable, compact, relativePath, type ExportContext } from './context';

/** The top-level `secrets` and `configs` the services' references need, named once each. */
export class FileRegistry {
  readonly secrets: Record<string, Record<string, unknown>> = {};
  readonly configs: Record<string, Record<string, unknown>> = {};
  /** Top-level entries with `environment:` or `content:` sources, which docker-compose 1.29 does not know. */
  readonly newerSources: string[] = [];
  /** Top-level name → what it stands for, so two services naming one secret share it and a clash gets a new name. */
  private readonly identities = new Map<string, string>();

  constructor(private readonly ctx: ExportContext) {}

  secret(service: string, sec: DesiredSecret): string {
    const source = sec.source ?? { kind: 'value' as const };
    // A computed value has no source to compare; its text (held in memory, never written) tells two apart.
    const identity = `secret:${source.kind === 'value' ? `value:${sec.value}` : JSON.stringify(source)}`;
    const name = this.name('secret', identity, sec.name, service);
    if (!this.secrets[name]) this.secrets[name] = this.secretSource(source, name, `services.${service}.secrets.${sec.name}`, service, sec.value);
    return name;
  }

  config(service: string, c: DesiredConfig): string {
    const identity = `config:${c.source.kind === 'content' ? `content:${c.content}` : JSON.stringify(c.source)}`;
    const name = this.name('config', identity, c.name, service);
    if (this.configs[name]) return name;
    if (c.source.kind === 'file') this.configs[name] = { file: relativePath(this.ctx, c.source.path) };
    else if (c.source.kind === 'external') this.configs[name] = compact({ external: true, name: c.source.name === name ? undefined : c.source.name });
    else {
      this.configs[name] = c.source.kind === 'environment' ? { environment: c.source.name } : { content: c.content };
      this.newerSources.push(`configs.${name}`);
    }
    return name;
  }

  /** `wanted`, unless another secret (config) holds that name: then the service's prefix, numbered if need be. */
  private name(kind: 'secret' | 'config', identity: string, wanted: string, service: string): string {
    for (let n = 0; ; n++) {
      const candidate = n === 0 ? wanted : n === 1 ? `${service}_${wanted}` : `${service}_${wanted}_${n}`;
      const have = this.identities.get(`${kind}:${candidate}`);
      if (have === undefined || have === identity) {
        this.identities.set(`${kind}:${candidate}`, identity);
        return candidate;
      }
    }
  }

  private secretSource(source: DesiredSecretSource, name: string, path: string, service: string, value: string): Record<string, unknown> {
    if (source.kind === 'file') return { file: relativePath(this.ctx, source.path) };
    if (source.kind === 'external') return compact({ external: true, name: source.name === name ? undefined : source.name });
    const wanted = source.kind === 'var' ? source.name : variableName(name);
    const variable = claimVariable(this.ctx, wanted, variableName(`${service}_${name}`), source.kind === 'var' ? { kind: 'var' } : { kind: 'computed', value }, `secrets.${name}`);
    if (source.kind === 'value') this.ctx.warnings.push(`${path} is a value computed in stack.ts (secret.value), which Compose cannot compute: the file reads it from the variable ${variable}`);
    this.newerSources.push(`secrets.${name}`);
    return { environment: variable };
  }
}

/** A service's `secrets:` and `configs:` lists: a bare name when the defaults fit, else the long form. */
export function composeFileRefs(registry: FileRegistry, s: DesiredService): { secrets?: unknown[]; configs?: unknown[] } {
  const ref = (name: string, f: { target: string; mode: number; uid: number; gid: number }, defaultTarget: string) => {
    const long = compact({
      source: name,
      target: f.target === defaultTarget ? undefined : f.target,
      // docker-compose 1.29 wants uid and gid as strings; the mode is written in decimal, which no YAML reads as octal.
      uid: f.uid ? String(f.uid) : undefined,
      gid: f.gid ? String(f.gid) : undefined,
      mode: f.mode === 0o444 ? undefined : f.mode,
    });
    return Object.keys(long).length === 1 ? name : long;
  };
  return compact({
    secrets: s.secrets.map((sec) => {
      const name = registry.secret(s.name, sec);
      return ref(name, sec, `/run/secrets/${name}`);
    }),
    configs: (s.configs ?? []).map((c) => {
      const name = registry.config(s.name, c);
      return ref(name, c, `/${name}`);
    }),
  });
}

/**
 * The environment with secret values replaced by `${VAR}`, which Compose fills in from the shell or the .env file
 * beside the compose file. A secret stack.ts reads from a file or computes has no variable; one named after the
 * environment key stands in for it, and the user is told to set it.
 */
export function composeEnvironment(ctx: ExportContext, s: DesiredService): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // Values read from env files stay there: env_file names the files (env-files.ts).
  const fromFiles = fromEnvFiles(s);
  for (const [key, value] of Object.entries(s.environment)) {
    if (fromFiles.has(key)) continue;
    if (!s.secretEnv.includes(key)) {
      out[key] = value;
      continue;
    }
    const source = s.secretEnvSources?.[key] ?? { kind: 'value' as const };
    const use = `services.${s.name}.environment.${key}`;
    const fallback = variableName(`${s.name}_${key}`);
    let variable: string;
    if (source.kind === 'var') variable = claimVariable(ctx, source.name, fallback, { kind: 'var' }, use);
    else if (source.kind === 'file') variable = claimVariable(ctx, key, fallback, { kind: 'file', path: relativePath(ctx, source.path) }, use);
    else {
      variable = claimVariable(ctx, key, fallback, { kind: 'computed', value }, use);
      ctx.warnings.push(`${use} is a value computed in stack.ts (secret.value), which Compose cannot compute: the file reads it from the variable ${variable}`);
    }
    out[key] = new Interpolated(`\${${variable}}`);
  }
  return out;
}

/** `db.password` → `DB_PASSWORD`. */
function variableName(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9_]/g, '_').replace(/^(\d)/, '_$1');
}
