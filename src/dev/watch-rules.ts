import { readFileSync } from 'node:fs';
import { basename, isAbsolute, relative, sep } from 'node:path';
import ignore from '@balena/dockerignore';
import type { DesiredState, DesiredWatchRule } from '../model/desired';

/** One rule a changed host path falls under. */
export interface RuleHit {
  service: string;
  rule: DesiredWatchRule;
  /** The path relative to the rule's path, with `/` separators; `''` for the rule's own file or folder. */
  rel: string;
  /** The rule's ignore filter, for what a synced folder holds. */
  ignored: (rel: string) => boolean;
}

interface CompiledRule {
  service: string;
  rule: DesiredWatchRule;
  /** Whether a path (relative to the rule's path) is left alone: the rule's ignore list or the build's .dockerignore. */
  ignored: (rel: string) => boolean;
  /** An `!exception` pattern can take back a path inside an ignored folder, so such folders must still be read. */
  exceptions: boolean;
}

/**
 * Editor and VCS leftovers, never synced and never a reason to restart (about the patterns Compose's watch ignores):
 * vim's swap files (`.x.swp`, then `.swo`… when taken) and write test, backups ending in `~`, emacs locks,
 * JetBrains and Kate temp files, `.git` and `.idea`.
 */
export function isEphemeral(path: string): boolean {
  const parts = path.split(/[\\/]/);
  if (parts.includes('.git') || parts.includes('.idea')) return true;
  const name = parts[parts.length - 1];
  return name === '4913' || name.endsWith('~') || /^\..*\.(sw[a-px]|sv[a-z])$/.test(name) || /^\.#/.test(name) || /^#.*#$/.test(name) || /___jb_(old|tmp)___$/.test(name) || /\.kate-swp$/.test(name);
}

/**
 * The watch rules of a stack, ready to route file events: which host paths to watch, and which rules a changed path
 * triggers once ignores are applied. A rule ignores its own `ignore` patterns (relative to its path, .dockerignore
 * syntax), editor temp files, and what the service's build context `.dockerignore` excludes, as Compose does.
 */
export class WatchRules {
  private readonly rules: CompiledRule[];

  constructor(desired: DesiredState, readText: (file: string) => string | undefined = readIfPresent) {
    this.rules = Object.values(desired.services).flatMap((s) => {
      const context = s.build?.context;
      const text = context === undefined ? undefined : readText(`${context}${sep}.dockerignore`);
      const contextRules = text === undefined ? [] : text.split(/\r?\n/).filter((l) => l.trim() && !l.trim().startsWith('#'));
      const contextIgnore = contextRules.length ? ignore().add(contextRules) : undefined;
      return s.watch.map((rule) => {
        const own = rule.ignore.length ? ignore().add(rule.ignore) : undefined;
        const ignored = (rel: string) => {
          if (isEphemeral(rel || basename(rule.path))) return true;
          if (own && rel && own.ignores(rel)) return true;
          if (!contextIgnore || context === undefined) return false;
          const inContext = toPosix(relative(context, join(rule.path, rel)));
          return inContext !== '' && !inContext.startsWith('..') && !isAbsolute(inContext) && contextIgnore.ignores(inContext);
        };
        const exceptions = [...rule.ignore, ...contextRules].some((p) => p.trim().startsWith('!'));
        return { service: s.name, rule, ignored, exceptions };
      });
    });
  }

  /** Every host path some rule watches, once each. */
  get paths(): string[] {
    return [...new Set(this.rules.map((r) => r.rule.path))];
  }

  get size(): number {
    return this.rules.length;
  }

  /** One service's rules with their ignore filters (an initial sync copies what they do not ignore). */
  forService(service: string): { rule: DesiredWatchRule; ignored: (rel: string) => boolean }[] {
    return this.rules.filter((r) => r.service === service);
  }

  /**
   * Whether nothing at or under `path` can trigger a rule: some rule covers it and every one that does ignores it
   * (a `node_modules` in a synced folder). The watcher does not even read such folders.
   */
  skips(path: string): boolean {
    let covered = false;
    for (const r of this.rules) {
      const rel = relative(r.rule.path, path);
      if (rel.startsWith('..') || isAbsolute(rel)) continue;
      if (rel === '' || r.exceptions || !r.ignored(toPosix(rel))) return false;
      covered = true;
    }
    return covered;
  }

  /** The rules `file` (absolute) triggers. */
  match(file: string): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const r of this.rules) {
      const rel = relative(r.rule.path, file);
      if (rel.startsWith('..') || isAbsolute(rel)) continue;
      const posix = toPosix(rel);
      if (!r.ignored(posix)) hits.push({ service: r.service, rule: r.rule, rel: posix, ignored: r.ignored });
    }
    return hits;
  }
}

function join(dir: string, rel: string): string {
  return rel ? `${dir}${sep}${rel.split('/').join(sep)}` : dir;
}

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

function readIfPresent(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
