import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './run-stack.mjs';

/**
 * Puts stackfile into `dir`/node_modules as npm installs it for a user: its package.json and dist/ (what the
 * `files` field publishes, besides templates), and none of this checkout's node_modules, so nothing the user would
 * not have (@types/node above all) is reachable from its types.
 */
export function installPublished(dir: string): string {
  const target = join(dir, 'node_modules', 'stackfile');
  mkdirSync(target, { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(target, 'package.json'));
  cpSync(join(ROOT, 'dist'), join(target, 'dist'), { recursive: true, filter: (src) => !src.endsWith('.map') });
  return target;
}
