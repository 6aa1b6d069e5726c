import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './run-stack.mjs';

export const MODULE_FIXTURES = join(ROOT, 'test', 'fixtures', 'modules');

/**
 * A temp copy of test/fixtures/modules with the consumer's `file:` dependencies installed by npm, offline:
 * `link` as npm does by default (node_modules/@fixture/* are symlinks to the sibling repos), `copy` with
 * --install-links, which packs and unpacks them into node_modules as a published package would be. The ESM-only
 * package imports stackfile through Node's own resolver, so stackfile is linked where that package's repo (link) or
 * the consumer (copy) would have installed it. Returns the temp root; the consumer is `<root>/consumer`.
 */
export function installModuleFixture(mode: 'link' | 'copy'): string {
  const root = mkdtempSync(join(tmpdir(), `stackfile-modules-${mode}-`));
  cpSync(MODULE_FIXTURES, root, { recursive: true });
  const consumer = join(root, 'consumer');
  const args = ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', ...(mode === 'copy' ? ['--install-links'] : [])];
  const r = spawnSync('npm', args, { cwd: consumer, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} failed in ${consumer}:\n${r.stdout}${r.stderr}`);
  const modules = mode === 'copy' ? join(consumer, 'node_modules') : join(root, 'esm-modules', 'node_modules');
  mkdirSync(modules, { recursive: true });
  symlinkSync(ROOT, join(modules, 'stackfile'));
  return root;
}
