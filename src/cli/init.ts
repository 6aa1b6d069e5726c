import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { UserError } from '../errors';
import { didYouMean } from '../model/suggest';
import { packageVersion } from './project';

const TEMPLATES = resolve(__dirname, '..', '..', 'templates');
export const DEFAULT_TEMPLATE = 'node-postgres-redis';
/** Not copied: what `--list` and the closing message read. */
const META = 'template.json';
/** npm renames a published .gitignore, so templates ship it without the dot. */
const RENAMED: Record<string, string> = { gitignore: '.gitignore' };

interface TemplateMeta {
  description: string;
  /** Commands to print after the generic ones (install, .env). */
  next?: string[];
}

/**
 * `stack init [template]`: copies templates/<name>/ into the current folder and adds a package.json with stackfile
 * as a dev dependency. Writes nothing when any file it would write exists, so it never overwrites a user's work.
 */
export async function initCommand(template: string | undefined, opts: { list?: boolean }, cwd = process.cwd()): Promise<void> {
  const templates = listTemplates();
  if (opts.list) {
    const width = Math.max(...templates.map((t) => t.name.length));
    for (const t of templates) process.stdout.write(`${t.name.padEnd(width)}  ${t.description}${t.name === DEFAULT_TEMPLATE ? ' (default)' : ''}\n`);
    return;
  }
  const name = template ?? DEFAULT_TEMPLATE;
  const chosen = templates.find((t) => t.name === name);
  if (!chosen) {
    const names = templates.map((t) => t.name);
    const guess = didYouMean(name, names);
    throw new UserError(`there is no template "${name}"`, { hint: `${guess ? `${guess} ` : ''}templates: ${names.join(', ')} (stack init --list describes them)` });
  }

  const source = join(TEMPLATES, name);
  const files = templateFiles(source).map((from) => ({ from, to: join(cwd, renamed(relative(source, from))) }));
  const existing = files.filter((f) => existsSync(f.to)).map((f) => relative(cwd, f.to));
  if (existing.length > 0) {
    throw new UserError(`stack init would overwrite ${existing.length === 1 ? 'a file' : `${existing.length} files`} in ${cwd}: ${existing.join(', ')}`, {
      hint: 'run it in an empty folder (mkdir my-stack && cd my-stack), or move those files away; nothing was written',
    });
  }
  for (const f of files) {
    mkdirSync(dirname(f.to), { recursive: true });
    copyFileSync(f.from, f.to);
  }
  const written = files.map((f) => relative(cwd, f.to));
  const dependency = `"stackfile": "^${packageVersion()}"`;
  const packageJson = join(cwd, 'package.json');
  let addDependency: string | undefined;
  if (!existsSync(packageJson)) {
    writeFileSync(packageJson, `${JSON.stringify({ name: packageName(cwd), private: true, devDependencies: { stackfile: `^${packageVersion()}` } }, null, 2)}\n`);
    written.push('package.json');
  } else if (!/"stackfile"\s*:/.test(readFileSync(packageJson, 'utf8'))) {
    addDependency = dependency;
  }

  const next = [
    ...(addDependency ? [`add ${addDependency} to devDependencies in package.json, then:`] : []),
    'npm install              # installs stackfile: the stack command, and types for stack.ts',
    'cp .env.example .env     # your local values (.env is not committed)',
    'npx stack config         # the resolved stack',
    ...(chosen.next ?? []),
  ];
  process.stdout.write(`created from template ${name} in ${cwd}:\n${written.map((w) => `  ${w}\n`).join('')}next:\n${next.map((n) => `  ${n}\n`).join('')}`);
}

function listTemplates(): ({ name: string } & TemplateMeta)[] {
  return readdirSync(TEMPLATES, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(TEMPLATES, e.name, META)))
    .map((e) => ({ name: e.name, ...(JSON.parse(readFileSync(join(TEMPLATES, e.name, META), 'utf8')) as TemplateMeta) }))
    .sort((a, b) => (a.name === DEFAULT_TEMPLATE ? -1 : b.name === DEFAULT_TEMPLATE ? 1 : a.name.localeCompare(b.name)));
}

/** Every file of a template, stack.ts first (it is what the user opens next), then as the folders list them. */
function templateFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => Number(a.isDirectory()) - Number(b.isDirectory()) || a.name.localeCompare(b.name))) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (!(d === dir && e.name === META)) out.push(join(d, e.name));
    }
  };
  walk(dir);
  const stack = join(dir, 'stack.ts');
  return [...out.filter((f) => f === stack), ...out.filter((f) => f !== stack)];
}

function renamed(path: string): string {
  const base = basename(path);
  return base in RENAMED ? join(dirname(path), RENAMED[base]) : path;
}

/** npm's rules, roughly: lowercase, no spaces, URL-safe. */
function packageName(dir: string): string {
  return basename(dir).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+/, '') || 'my-stack';
}
