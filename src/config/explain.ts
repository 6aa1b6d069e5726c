import { SECRET_MARK, isSecret } from '../model/secret';
import type { LoadedStack } from './load';
import { describeSource, type VarSource } from './vars';

/** Where a variable's value came from, and what it overrode: the answer to "why is DB_HOST this?". */
export interface VarExplanation {
  name: string;
  /** The winning value; undefined when no layer sets it. Secret values are replaced by "(secret)". */
  value: string | undefined;
  secret: boolean;
  /** Winner first. */
  sources: { from: string; value: string | undefined }[];
  readByStack: boolean;
  /** Variables the winning definition references with `${NAME}` (no default) that are not set: they expanded to ''. */
  unsetReferences: string[];
}

/**
 * Explains `names`, or with none every variable an env file defines or stack.ts read (the process environment
 * alone holds hundreds that stack.ts never sees).
 */
export function explainVars(loaded: LoadedStack, names: string[]): VarExplanation[] {
  const secretVars = new Set<string>();
  collectSecretVars(loaded.definition, secretVars, new Set());
  let wanted = names;
  if (wanted.length === 0) {
    const all = new Set<string>([...loaded.use.read, ...secretVars]);
    for (const name of Object.keys(loaded.vars)) if (loaded.varSources(name).some((s) => s.kind === 'file')) all.add(name);
    wanted = [...all].sort();
  }
  return wanted.map((name) => {
    const secret = secretVars.has(name);
    const shown = (v: string | undefined) => (v === undefined ? undefined : secret ? SECRET_MARK : v);
    const sourceValue = (s: VarSource) => (s.kind === 'process' ? process.env[name] : s.raw);
    return {
      name,
      value: shown(loaded.vars[name]),
      secret,
      sources: loaded.varSources(name).map((s) => ({ from: describeSource(s), value: shown(sourceValue(s)) })),
      readByStack: loaded.use.read.has(name) || secretVars.has(name),
      unsetReferences: unsetReferences(loaded, name),
    };
  });
}

/** Text for the terminal: the winner, then what it overrode. */
export function formatExplanations(items: VarExplanation[], env: string | undefined): string {
  const lines = [`Variables${env ? ` for env ${env}` : ''} (precedence: process environment, ${env ? `.env.${env}.local, .env.${env}, ` : ''}.env.local, .env):`];
  for (const item of items) {
    if (item.value === undefined) {
      lines.push(`  ${item.name} is not set${item.readByStack ? ' (stack.ts reads it)' : ''}`);
      continue;
    }
    const q = (v: string | undefined) => (item.secret ? SECRET_MARK : JSON.stringify(v));
    const [winner, ...lower] = item.sources;
    lines.push(`  ${item.name}=${q(item.value)}`);
    lines.push(`      from ${winner?.from ?? 'stack.ts'}${winner && winner.value !== undefined && winner.value !== item.value && !item.secret ? ` (as ${JSON.stringify(winner.value)}, expanded)` : ''}`);
    if (lower.length > 0) lines.push(`      overrides ${lower.map((s) => `${s.from} (${q(s.value)})`).join(', ')}`);
    for (const ref of item.unsetReferences) lines.push(`      warning: it uses \${${ref}}, which is not set, so that part is empty (write \${${ref}:-default} for a default)`);
  }
  return `${lines.join('\n')}\n`;
}

function unsetReferences(loaded: LoadedStack, name: string): string[] {
  const winner = loaded.varSources(name)[0];
  // Unchanged by expansion (single-quoted, or nothing to expand): nothing was left empty.
  if (!winner || winner.kind !== 'file' || loaded.vars[name] === winner.raw) return [];
  const refs = [...winner.raw.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1] ?? m[2]);
  return [...new Set(refs)].filter((ref) => loaded.vars[ref] === undefined);
}

function collectSecretVars(value: unknown, out: Set<string>, seen: Set<unknown>): void {
  if (typeof value !== 'object' || value === null || seen.has(value)) return;
  seen.add(value);
  if (isSecret(value)) {
    if (value.source.kind === 'var') out.add(value.source.name);
    return;
  }
  for (const v of Object.values(value)) collectSecretVars(v, out, seen);
}
