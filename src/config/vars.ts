import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { expand } from 'dotenv-expand';
import { envFileNames, parseDotenv } from '../model/env-file';

/** Where one definition of a variable came from. */
export type VarSource = { kind: 'file'; file: string; line: number; raw: string } | { kind: 'process' };

export interface LoadedVars {
  /** The winning value of every variable, `${VAR}` / `${VAR:-default}` expanded. */
  vars: Record<string, string | undefined>;
  /** The env files that existed, lowest precedence first (dev mode watches them). */
  files: string[];
  /** Every definition of a variable, highest precedence (the winner) first: what `stack config --explain` prints. */
  sources(name: string): VarSource[];
}

/**
 * Variables for `ctx.vars`, layered like Vite's env files: `.env`, `.env.local`, `.env.<env>`, `.env.<env>.local`
 * (later files win), and the process environment wins over all of them so CI can override anything. `${VAR}` in a
 * file expands against the final values, so `.env` can say `URL=http://${HOST}` and `.env.prod` change only HOST.
 */
export function loadVars(dir: string, env: string | undefined, processEnv: NodeJS.ProcessEnv = process.env): LoadedVars {
  const layers: { file: string; parsed: Record<string, string>; assignments: Map<string, Assignment> }[] = [];
  for (const name of envFileNames(env)) {
    const file = join(dir, name);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    layers.push({ file, parsed: parseDotenv(text), assignments: assignments(text) });
  }
  const merged: Record<string, string> = Object.assign({}, ...layers.map((l) => l.parsed));
  // Single-quoted values are literal, as in Compose and the shell: `PATTERN='${not_a_var}'` stays as written.
  const literal = new Set<string>();
  for (const layer of layers) for (const key of Object.keys(layer.parsed)) (layer.assignments.get(key)?.singleQuoted ? literal.add(key) : literal.delete(key));
  // References resolve against the final values of every layer (and the process environment, which wins), not
  // just the lines above: `.env` may say URL=http://${DB_HOST} and `.env.prod` set DB_HOST. dotenv-expand looks
  // names up in processEnv (and writes into it), so it gets a merged copy, and expands nested references itself.
  const lookup = { ...merged, ...processEnv } as Record<string, string>;
  const expanded = expand({ parsed: { ...merged }, processEnv: lookup }).parsed ?? merged;
  for (const key of literal) expanded[key] = merged[key];
  const vars: Record<string, string | undefined> = { ...expanded, ...processEnv };
  return {
    vars,
    files: layers.map((l) => l.file),
    sources(name) {
      const found: VarSource[] = [];
      if (processEnv[name] !== undefined) found.push({ kind: 'process' });
      for (const layer of [...layers].reverse()) {
        if (Object.hasOwn(layer.parsed, name)) found.push({ kind: 'file', file: layer.file, line: layer.assignments.get(name)?.line ?? 0, raw: layer.parsed[name] });
      }
      return found;
    },
  };
}

interface Assignment {
  /** 1-based, as editors count. */
  line: number;
  singleQuoted: boolean;
}

/** Where a file assigns each name (the last line wins, as in dotenv), read once per file. */
function assignments(text: string): Map<string, Assignment> {
  const found = new Map<string, Assignment>();
  text.split(/\r?\n/).forEach((line, i) => {
    const m = /^\s*(?:export\s+)?([\w.-]+)\s*[=:]\s*(')?/.exec(line);
    if (m) found.set(m[1], { line: i + 1, singleQuoted: m[2] !== undefined });
  });
  return found;
}

/** `.env.prod:3` for messages. */
export function describeSource(source: VarSource): string {
  return source.kind === 'process' ? 'the process environment' : `${basename(source.file)}${source.line ? `:${source.line}` : ''}`;
}
