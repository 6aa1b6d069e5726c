import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './run-stack.mjs';

export const MODULE_FIXTURES = join(ROOT, 'test', 'fixtures', 'modules');

/**
 * A temp copy of test/fixtures/modules with the consumer's dependencies on the two module packages installed by npm,
 * offline: `link` as npm installs a `file:` dependency (node_modules/@fixture/* are symlinks to the sibling repos),
 * `copy` with --install-links, which packs and unpacks them into node_modules as a published package would be, and
 * `git` as `git+file://` dependencies on the two folders made git repositories (also copies in node_modules). The
 * ESM-only package imports stackfile through Node's own resolver, so stackfile is linked where that package's repo
 * (link) or the consumer (copy, git) would have installed it. Returns the temp root; the consumer is `<root>/consumer`.
 */
export function installModuleFixture(mode: 'link' | 'copy' | 'git'): string {
  const root = mkdtempSync(join(tmpdir(), `stackfile-modules-${mode}-`));
  cpSync(MODULE_FIXTURES, root, { recursive: true });
  const consumer = join(root, 'consumer');
  if (mode === 'git') {
    const manifest = join(consumer, 'package.json');
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { dependencies: Record<string, string> };
    for (const [name, spec] of Object.entries(pkg.dependencies)) {
      const repo = join(consumer, spec.replace(/^file:/, ''));
      for (const args of [['init', '-q'], ['add', '-A'], ['-c', 'user.name=test', '-c', 'user.email=test@example.com', 'commit', '-qm', 'modules']]) run('git', args, repo);
      pkg.dependencies[name] = `git+file://${repo}`;
    }
    writeFileSync(manifest, JSON.stringify(pkg, null, 2));
  }
  run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', ...(mode === 'copy' ? ['--install-links'] : [])], consumer);
  const modules = mode === 'link' ? join(root, 'esm-modules', 'node_modules') : join(consumer, 'node_modules');
  mkdirSync(modules, { recursive: true });
  symlinkSync(ROOT, join(modules, 'stackfile'));
  return root;
}

function run(command: string, args: string[], cwd: string): void {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${r.stdout}${r.stderr}`);
}
