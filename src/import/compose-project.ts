/**
 * A Compose project as Compose loads it from its files: `include`d files joined in, `extends` resolved, then each
 * `-f` file merged over the ones before (merge-service.ts), with relative host paths rebased onto stack.ts's folder
 * (paths.ts). Variables stay
 * unexpanded, except in the paths the importer itself must open (`extends.file`, `include`), which use `.env`
 * beside the first file and the environment, as Compose does.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { parseDotenv } from '../model/env-file';
import { isPlainObject } from '../model/overlay';
import { ImportError } from './import-error';
import { resolveNow } from './interpolate';
import { mergeService } from './merge-service';
import { absolute, rebaseFiles, rebaseService } from './paths';
import { readComposeFile, type Anchor } from './read-compose-file';

type Dict = Record<string, unknown>;

export const RESOURCE_KINDS = ['volumes', 'networks', 'secrets', 'configs'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

export interface ComposeProject {
  /** Folder of the first file: relative paths in `-f` overrides are relative to it, as in Compose. */
  dir: string;
  name?: string;
  services: Record<string, Dict>;
  volumes: Record<string, Dict | null>;
  networks: Record<string, Dict | null>;
  secrets: Record<string, Dict | null>;
  configs: Record<string, Dict | null>;
  /** YAML comments by path (first file first). */
  comments: Map<string, string[]>;
  /** Top-level keys that are neither Compose's nor extensions, by path. */
  unknown: string[];
  /** The first file's YAML anchors that services use. */
  anchors: Map<string, Anchor>;
  /** What the user should know about how the files were read. */
  notes: string[];
}

/** Compose's own file names, in the order it looks for them. */
export const DEFAULT_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
export const TOP_LEVEL_KEYS = ['version', 'name', 'services', 'include', ...RESOURCE_KINDS];
const TOP_LEVEL = new Set(TOP_LEVEL_KEYS);

/** The variables Compose interpolates with: `.env` in the project folder, then the environment (which wins). */
export function projectVars(dir: string, env: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  const file = join(dir, '.env');
  const fromFile = existsSync(file) ? parseDotenv(readFileSync(file, 'utf8')) : {};
  return { ...fromFile, ...env };
}

export function emptyProject(dir: string): ComposeProject {
  return { dir, services: {}, volumes: {}, networks: {}, secrets: {}, configs: {}, comments: new Map(), unknown: [], anchors: new Map(), notes: [] };
}

/** How a project is loaded: the variables for the paths the importer opens, and the folders paths are shown from. */
interface Load {
  vars: Record<string, string | undefined>;
  /** Folder of stack.ts: relative host paths are rebased onto it. */
  outDir: string;
  /** Folder file names in messages are relative to. */
  shownFrom: string;
}

/** Loads `files` (absolute) as `docker compose -f a -f b` would, the first file's folder being the project's. */
export function loadProject(files: string[], vars: Record<string, string | undefined>, outDir: string, shownFrom = process.cwd()): ComposeProject {
  const project = emptyProject(dirname(files[0]));
  const load: Load = { vars, outDir, shownFrom };
  for (const file of files) mergeInto(project, loadFile(file, project.dir, load, []));
  return project;
}

/** Merges `over` into `project` with Compose's rules: services merge field by field, resources per name. */
export function mergeInto(project: ComposeProject, over: ComposeProject): void {
  if (over.name !== undefined) project.name = over.name;
  for (const [name, svc] of Object.entries(over.services)) project.services[name] = project.services[name] ? mergeService(project.services[name], svc) : svc;
  for (const kind of RESOURCE_KINDS) {
    for (const [name, def] of Object.entries(over[kind])) project[kind][name] = def && project[kind][name] ? { ...project[kind][name], ...def } : def;
  }
  for (const [path, lines] of over.comments) if (!project.comments.has(path)) project.comments.set(path, lines);
  project.unknown.push(...over.unknown.filter((u) => !project.unknown.includes(u)));
  project.notes.push(...over.notes.filter((n) => !project.notes.includes(n)));
  if (project.anchors.size === 0) project.anchors = over.anchors;
}

/** One file with its `include`s and `extends` resolved; relative paths against `baseDir`. */
function loadFile(file: string, baseDir: string, load: Load, chain: string[]): ComposeProject {
  const { vars, shownFrom } = load;
  const shown = relative(shownFrom, file) || basename(file);
  if (chain.includes(file)) throw new ImportError(`${shown} includes itself: ${[...chain, file].map((f) => relative(shownFrom, f)).join(' → ')}`, 'remove one of the include entries so the files form no cycle');
  const parsed = readComposeFile(file, shown);
  const project = emptyProject(baseDir);
  project.comments = parsed.comments;
  project.anchors = parsed.anchors;
  project.notes = parsed.notes;
  const data = parsed.data;
  for (const key of Object.keys(data)) if (!TOP_LEVEL.has(key) && !key.startsWith('x-')) project.unknown.push(key);
  if (typeof data.name === 'string') project.name = data.name;

  for (const entry of listOf(data.include, `${shown}: include`)) {
    const spec = typeof entry === 'string' ? { path: entry } : (entry as Dict);
    const paths = Array.isArray(spec.path) ? spec.path : [spec.path];
    if (paths.some((p) => typeof p !== 'string')) throw new ImportError(`${shown}: include entries need a path`, "write include: ['./other/compose.yaml'] or include: [{ path: './other/compose.yaml' }]");
    const included = paths.map((p) => absolute(resolveNow(p as string, vars), dirname(file)));
    const includeDir = typeof spec.project_directory === 'string' ? absolute(resolveNow(spec.project_directory, vars), dirname(file)) : dirname(included[0]);
    const sub = emptyProject(includeDir);
    for (const inc of included) mergeInto(sub, loadFile(inc, includeDir, load, [...chain, file]));
    // Compose refuses an included resource the including file defines again; so does the import.
    for (const name of Object.keys(sub.services)) {
      if (isPlainObject(data.services) && name in data.services) throw new ImportError(`${shown}: service "${name}" is defined both here and in the included ${relative(shownFrom, included[0])}`, 'rename one of them, or use extends to build on the included service');
    }
    mergeInto(project, { ...sub, comments: new Map(), anchors: new Map() });
  }

  const services = isPlainObject(data.services) ? data.services : {};
  if (data.services !== undefined && data.services !== null && !isPlainObject(data.services)) throw new ImportError(`${shown}: services must be a mapping of service names`, 'write services: followed by one indented name: per service');
  const to = { dir: baseDir, outDir: load.outDir };
  const rebased = Object.fromEntries(Object.entries(services).map(([n, s]) => [n, rebaseService(isPlainObject(s) ? s : {}, to)]));
  const resolved: Record<string, Dict> = {};
  const resolveOne = (name: string, seen: string[]): Dict => {
    if (resolved[name]) return resolved[name];
    const svc = rebased[name];
    if (!svc) throw new ImportError(`${shown}: services.${seen[seen.length - 1]}.extends names "${name}", which ${shown} does not define`, `define services.${name}, or add file: to extends`);
    if (seen.includes(name)) throw new ImportError(`${shown}: services.${name}.extends forms a cycle: ${[...seen, name].join(' → ')}`, 'make one of these services stand on its own');
    const { extends: ext, ...own } = svc;
    let result: Dict = own;
    if (ext !== undefined) {
      const spec: Dict = typeof ext === 'string' ? { service: ext } : isPlainObject(ext) ? ext : {};
      if (typeof spec.service !== 'string') throw new ImportError(`${shown}: services.${name}.extends needs a service name`, 'write extends: { service: NAME } or extends: { file: ./other.yml, service: NAME }');
      const base = typeof spec.file === 'string' ? extendedFrom(resolveNow(spec.file, vars), spec.service, load, [...chain, file], `${shown}: services.${name}.extends`, project.notes) : resolveOne(spec.service, [...seen, name]);
      result = mergeService(base, own);
    }
    resolved[name] = result;
    return result;
  };
  for (const name of Object.keys(rebased)) project.services[name] = resolveOne(name, []);

  for (const kind of RESOURCE_KINDS) {
    const defs = kind === 'secrets' || kind === 'configs' ? rebaseFiles(data[kind], to) : data[kind];
    if (defs === undefined || defs === null) continue;
    if (!isPlainObject(defs)) throw new ImportError(`${shown}: ${kind} must be a mapping of names`, `write ${kind}: followed by one indented name: per entry`);
    for (const [name, def] of Object.entries(defs)) project[kind][name] = isPlainObject(def) ? def : null;
  }
  return project;
}

/** The service `name` of another file, its paths relative to that file, as `extends: { file, service }` takes it. */
function extendedFrom(file: string, name: string, load: Load, chain: string[], where: string, notes: string[]): Dict {
  const abs = resolve(file);
  const other = loadFile(abs, dirname(abs), load, chain.filter((c) => c !== abs));
  notes.push(...other.notes.filter((n) => !notes.includes(n)));
  const svc = other.services[name];
  if (!svc) throw new ImportError(`${where} names service "${name}", which ${relative(load.shownFrom, abs)} does not define`, `services there: ${Object.keys(other.services).join(', ') || 'none'}`);
  return svc;
}

function listOf(v: unknown, where: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new ImportError(`${where} must be a list`, "write include: ['./other/compose.yaml']");
  return v;
}
