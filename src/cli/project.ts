import type { LoadOptions, ResolvedStack } from '../api';
import { StackNotFoundError, UserError } from '../errors';
import type { DockerClient } from '../docker/client';
import type { GlobalOptions } from './main';
import { looksLikePath } from './paths';

/** The Docker client, imported only by commands that talk to the daemon (keeps `config` and `--help` fast). */
export async function dockerClient(): Promise<DockerClient> {
  const { createDockerClient } = await import('../docker/connect.js');
  return createDockerClient();
}

/** The global flags (and the services named) as the library's load options: one mapping for every command. */
export function stackOptions(globals: GlobalOptions, services: string[] = []): LoadOptions {
  return { file: globals.file, env: globals.env, projectName: globals.projectName, profiles: globals.profile, services, target: globals.target };
}

/**
 * The project a label-driven command (ps, logs, down) acts on: `-p NAME` needs no stack.ts at all; otherwise the
 * name comes from stack.ts. Without either, say how to name one.
 */
export async function projectName(globals: GlobalOptions): Promise<string> {
  return (await projectStack(globals)).project;
}

/** The project, and the resolved stack when it came from a valid stack.ts (down orders by it rather than by stale labels). */
export async function projectStack(globals: GlobalOptions): Promise<{ project: string; stack?: ResolvedStack }> {
  if (globals.projectName) return { project: globals.projectName };
  const { loadCollect } = await import('../api.js');
  let result: Awaited<ReturnType<typeof loadCollect>>;
  try {
    result = await loadCollect(stackOptions(globals));
  } catch (err) {
    if (err instanceof StackNotFoundError && !err.file) {
      throw new UserError('no stack.ts here to take the project name from', { hint: 'run it next to stack.ts, or name the project with -p NAME (see docker ps for names)' });
    }
    throw err;
  }
  if (result.stack) return { project: result.stack.project, stack: result.stack };
  // ps, logs and down act on labels and only need the name: a stack.ts that loads but does not validate (a
  // variable this shell lacks, say) must not keep anyone from stopping what it started.
  const { project, issues } = result;
  process.stderr.write(`note: stack.ts has ${issues.length} problem${issues.length === 1 ? '' : 's'} (stack config shows them); acting on project ${project} by its labels\n`);
  return { project };
}

/**
 * Service arguments of a label-driven command (logs), with one that can only be a path taken as the stack's
 * location when no --file was given: `stack logs -f ./app` means the stack in ./app, not a service "./app".
 */
export function stackPathArgument(globals: GlobalOptions, args: string[]): { globals: GlobalOptions; services: string[] } {
  const path = globals.file === undefined && globals.projectName === undefined ? args.find(looksLikePath) : undefined;
  if (path === undefined) return { globals, services: args };
  return { globals: { ...globals, file: path }, services: args.filter((a) => a !== path) };
}

export function packageVersion(): string {
  return (require('../../package.json') as { version: string }).version;
}
