import { copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { UserError } from '../errors';
import { makeDirs } from '../make-dirs';
import { PACKAGE_ROOT } from '../package-root';
import { didYouMean } from '../model/suggest';
import { packageVersion } from './project';

const TEMPLATES = join(PACKAGE_ROOT, 'templates');
export const DEFAULT_TEMPLATE = 'node-postgres-redis';
/** Not copied: what `--list` and the closing message read. */
const META = 'template.json';
/** npm renames a published .gitignore, so templates ship it without the dot. */
const RENAMED: Record<string, string> = { gitignore: '.gitignore' };
/** Files that may already exist (every repository has one): the template's lines are added, not overwritten. */
const APPENDED = new Set(['.gitignore']);

interface TemplateMeta {
  description: string;
  /** Commands to print after the generic ones (install, .env). */
  next?: string[];
}

/**
 * `stack init [template]`: copies templates/<name>/ into the current folder, adds stackfile, typescript and
 * @types/node as dev dependencies (to package.json, made if missing) and writes a tsconfig.json unless there is one,
 * so the editor and `npx tsc --noEmit` check stack.ts out of the box. Writes nothing when any file it would write exists, so it never overwrites a
 * user's work; only .gitignore, which every repository has, gets the template's missing lines added.
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
  const existing = files.filter((f) => existsSync(f.to) && !APPENDED.has(relative(cwd, f.to))).map((f) => relative(cwd, f.to));
  if (existing.length > 0) {
    throw new UserError(`stack init would overwrite ${existing.length === 1 ? 'a file' : `${existing.length} files`} in ${cwd}: ${existing.join(', ')}`, {
      hint: 'run it in an empty folder (mkdir my-stack && cd my-stack), or move those files away; nothing was written',
    });
  }
  const written: string[] = [];
  for (const f of files) {
    const rel = relative(cwd, f.to);
    if (APPENDED.has(rel) && existsSync(f.to)) {
      const have = readFileSync(f.to, 'utf8');
      const lines = new Set(have.split(/\r?\n/).map((l) => l.trim()));
      const missing = readFileSync(f.from, 'utf8').split(/\r?\n/).filter((l) => l.trim() && !lines.has(l.trim()));
      if (missing.length) {
        writeFileSync(f.to, `${have}${have.endsWith('\n') || have === '' ? '' : '\n'}${missing.join('\n')}\n`);
        written.push(`${rel} (added ${missing.join(', ')})`);
      }
      continue;
    }
    makeDirs(dirname(f.to));
    copyFileSync(f.from, f.to);
    written.push(rel);
  }
  const devDependencies = projectDevDependencies();
  const packageJson = join(cwd, 'package.json');
  let addDependency: string | undefined;
  if (!existsSync(packageJson)) {
    writeFileSync(packageJson, `${JSON.stringify({ name: packageName(cwd), private: true, devDependencies }, null, 2)}\n`);
    written.push('package.json');
  } else {
    const added = addDevDependencies(packageJson, devDependencies);
    if (added === undefined) addDependency = Object.entries(devDependencies).map(([k, v]) => `"${k}": "${v}"`).join(', ');
    else if (added.length) written.push(`package.json (added ${added.join(', ')} to devDependencies)`);
  }
  // The editor's and `npx tsc --noEmit`'s settings for stack.ts; an existing one is the user's and stays.
  const tsconfig = join(cwd, 'tsconfig.json');
  if (!existsSync(tsconfig)) {
    writeFileSync(tsconfig, `${JSON.stringify(TSCONFIG, null, 2)}\n`);
    written.push('tsconfig.json');
  }

  const next = [
    ...(addDependency ? [`add ${addDependency} to devDependencies in package.json, then:`] : []),
    'npm install              # installs stackfile (the stack command), typescript and the types for stack.ts',
    'cp .env.example .env     # your local values (.env is not committed)',
    'npx stack config         # the resolved stack',
    'npx tsc --noEmit         # type-checks stack.ts as your editor does',
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

/**
 * What a stack project needs to run and type-check: stackfile, and the TypeScript (stackfile's own version range)
 * and Node types its editor and `tsc` use. stackfile's published types need no @types/node; a stack.ts that reads
 * `process.env` or imports `node:fs` does.
 */
function projectDevDependencies(): Record<string, string> {
  const own = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  return {
    stackfile: `^${packageVersion()}`,
    typescript: own.dependencies?.typescript ?? '~5.9.3',
    '@types/node': `^${process.versions.node.split('.')[0]}`,
  };
}

/** tsconfig.json for a stack project: strict, nothing emitted (stackfile runs stack.ts itself), Node's module rules. */
const TSCONFIG = {
  compilerOptions: {
    target: 'es2022',
    module: 'nodenext',
    moduleResolution: 'nodenext',
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
  },
  include: ['**/*.ts'],
};

/**
 * Adds the dev dependencies an existing package.json lacks, as `npm install -D` would, keeping its indentation and
 * any version the user already chose (in dependencies or devDependencies). Returns what it added; undefined if
 * the file cannot be parsed.
 */
function addDevDependencies(file: string, wanted: Record<string, string>): string[] | undefined {
  const text = readFileSync(file, 'utf8');
  let pkg: { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
  try {
    pkg = JSON.parse(text) as typeof pkg;
  } catch {
    return undefined;
  }
  if (typeof pkg !== 'object' || pkg === null || Array.isArray(pkg)) return undefined;
  const missing = Object.keys(wanted).filter((name) => !pkg.dependencies?.[name] && !pkg.devDependencies?.[name]);
  if (missing.length === 0) return [];
  pkg.devDependencies = { ...pkg.devDependencies, ...Object.fromEntries(missing.map((name) => [name, wanted[name]])) };
  const indent = /^[ \t]+/m.exec(text)?.[0] ?? '  ';
  writeFileSync(file, `${JSON.stringify(pkg, null, indent)}\n`);
  return missing;
}

/** npm's rules, roughly: lowercase, no spaces, URL-safe. */
function packageName(dir: string): string {
  return basename(dir).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+/, '') || 'my-stack';
}
