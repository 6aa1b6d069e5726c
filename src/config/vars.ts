import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'dotenv';

/**
 * Variables for `ctx.vars`, layered like Vite's env files: `.env`, `.env.local`, `.env.<env>`, `.env.<env>.local`
 * (later files win), and the process environment wins over all of them so CI can override anything. Returns the
 * files that existed too, because dev mode watches them.
 */
export function loadVars(dir: string, env: string | undefined, processEnv: NodeJS.ProcessEnv = process.env): { vars: Record<string, string | undefined>; files: string[] } {
  const names = ['.env', '.env.local', ...(env ? [`.env.${env}`, `.env.${env}.local`] : [])];
  const vars: Record<string, string | undefined> = {};
  const files: string[] = [];
  for (const name of names) {
    const file = join(dir, name);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    Object.assign(vars, parse(text));
    files.push(file);
  }
  return { vars: { ...vars, ...processEnv }, files };
}
