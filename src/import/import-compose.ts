/**
 * `stack import`: compose files in, stack.ts text out. The base files (merged as `docker compose -f a -f b` does)
 * become the stack's services; each `--env NAME=FILE` is merged over them with Compose's rules and written as the
 * difference, `envs.NAME`, so `stack config --env NAME` gives what `docker compose -f base -f FILE config` gives.
 * Pure apart from reading the compose files: the caller decides where the text goes.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { anchorConstants } from './anchor-constants';
import { convertProject } from './convert-project';
import type { ConvertContext, Untranslated } from './convert-context';
import { DEFAULT_FILES, loadProject, projectVars } from './compose-project';
import { ImportError } from './import-error';
import { overlayDelta } from './overlay-delta';
import { quote } from './interpolate';
import { renderStack } from './render-ts';

export interface ImportOptions {
  /** Compose files, merged in order; empty: Compose's default file (and its override file) in `cwd`. */
  files: string[];
  /** Env overlays: each file merged over the base files. */
  envs: { name: string; file: string }[];
  /** Where stack.ts will be written: its paths are relative to this file's folder. */
  outFile: string;
  cwd: string;
  environment?: NodeJS.ProcessEnv;
}

export interface ImportResult {
  text: string;
  /** What could not be translated (written as `// TODO` comments), by path. */
  untranslated: Untranslated[];
  /** What the user should know (variables, files to copy). */
  notes: string[];
  /** The files read as the base, relative to cwd. */
  baseFiles: string[];
  services: number;
}

const OVERRIDE_FILES = ['compose.override.yaml', 'compose.override.yml', 'docker-compose.override.yml', 'docker-compose.override.yaml'];

export function importCompose(options: ImportOptions): ImportResult {
  const files = options.files.length ? options.files.map((f) => resolve(options.cwd, f)) : defaultFiles(options.cwd);
  const outDir = dirname(options.outFile);
  const shown = (f: string) => relative(options.cwd, f) || basename(f);
  const vars = projectVars(dirname(files[0]), options.environment);
  const base = loadProject(files, vars, outDir, options.cwd);
  const untranslated: Untranslated[] = [];
  const ctx = (comments: Map<string, string[]>, prefix = ''): ConvertContext => ({ outDir, comments, untranslated: prefix ? [] : untranslated });
  const notes: string[] = [...base.notes];
  base.name = projectName(base.name, vars, notes);
  profilesNote(vars, notes);
  const definition = convertProject(ctx(base.comments), base);

  const envs: Record<string, unknown> = {};
  for (const env of options.envs) {
    if (!/^[A-Za-z0-9_-]+$/.test(env.name)) throw new ImportError(`--env ${env.name}=${env.file}: "${env.name}" is not an env name`, 'use letters, digits, - and _, e.g. --env prod=docker-compose.prod.yml');
    const envFile = resolve(options.cwd, env.file);
    const full = loadProject([...files, envFile], vars, outDir, options.cwd);
    notes.push(...full.notes.filter((n) => !notes.includes(n)));
    const envCtx = ctx(full.comments, env.name);
    const converted = convertProject(envCtx, full);
    for (const u of envCtx.untranslated) if (!untranslated.some((b) => b.path === u.path)) untranslated.push({ path: `envs.${env.name}: ${u.path}`, message: u.message });
    const { name: _n, ...baseRest } = definition;
    const { name: _m, ...fullRest } = converted;
    envs[env.name] = overlayDelta(baseRest, fullRest) ?? {};
  }
  if (options.envs.length) definition.envs = envs;

  const dotenv = join(dirname(files[0]), '.env');
  if (existsSync(dotenv) && resolve(dirname(files[0])) !== resolve(outDir)) {
    notes.push(`${shown(dotenv)} holds variables the compose file reads; stack.ts reads .env from its own folder: copy it to ${shown(join(outDir, '.env'))}`);
  }
  const from = [files.map(shown).join(' + '), ...options.envs.map((e) => `${e.file} as envs.${e.name}`)].join(', ');
  const header = [`Imported from ${from} by \`stack import\`.`, ...(base.comments.get('') ?? [])];
  // After the overlays were worked out on full values: the constants change how the base is written, not what it is.
  const constants = anchorConstants(ctx(base.comments), base, definition);
  return { text: renderStack(definition, header, constants), untranslated, notes, baseFiles: files.map(shown), services: Object.keys(base.services).length };
}

/**
 * The project name decides the names of the containers, networks and volumes: an existing install keeps its data
 * only under the same name. Compose takes COMPOSE_PROJECT_NAME (from `.env` or the environment) over the file's
 * `name:`, so the import does too.
 */
function projectName(fileName: string | undefined, vars: Record<string, string | undefined>, notes: string[]): string | undefined {
  const project = vars.COMPOSE_PROJECT_NAME;
  if (!project) return fileName;
  if (fileName === undefined) notes.push(`stack.ts is named ${quote(project)}, from COMPOSE_PROJECT_NAME (in .env or the environment), as docker compose names the project: so it finds the same containers and volumes`);
  else if (fileName !== project) notes.push(`COMPOSE_PROJECT_NAME=${project} (in .env or the environment) names the project for docker compose instead of name: ${fileName}; stack.ts is named ${quote(project)} so that it finds the same containers and volumes`);
  return project;
}

/** Profiles are chosen where stack runs, not in stack.ts or its .env: the note says how to turn on the same ones. */
function profilesNote(vars: Record<string, string | undefined>, notes: string[]): void {
  const profiles = vars.COMPOSE_PROFILES?.split(',').map((p) => p.trim()).filter(Boolean) ?? [];
  if (!profiles.length) return;
  notes.push(`COMPOSE_PROFILES=${profiles.join(',')} (in .env or the environment) turns profiles on for docker compose; stack reads neither it nor profiles from .env: run stack with ${profiles.map((p) => `--profile ${p}`).join(' ')}, or export STACK_PROFILES=${profiles.join(',')} in the shell`);
}

function defaultFiles(cwd: string): string[] {
  const main = DEFAULT_FILES.map((f) => join(cwd, f)).find((f) => existsSync(f));
  if (!main) throw new ImportError(`no compose file in ${cwd} (looked for ${DEFAULT_FILES.join(', ')})`, 'name the file: stack import path/to/docker-compose.yml');
  // Compose applies the override file beside the main one without being asked; so does the import.
  const override = OVERRIDE_FILES.map((f) => join(cwd, f)).find((f) => existsSync(f));
  return override ? [main, override] : [main];
}
