import { UserError, isUserError } from '../errors';
import type { DockerClient } from '../docker/client';
import type { DesiredState } from '../model/desired';
import type { GlobalOptions } from './main';

/** The Docker client, imported only by commands that talk to the daemon (keeps `config` and `--help` fast). */
export async function dockerClient(): Promise<DockerClient> {
  const { createDockerClient } = await import('../docker/connect.js');
  return createDockerClient();
}

/**
 * The project a label-driven command (ps, logs, down) acts on: `-p NAME` needs no stack.ts at all; otherwise the
 * name comes from stack.ts. Without either, say how to name one.
 */
export async function projectName(globals: GlobalOptions): Promise<string> {
  return (await projectStack(globals)).project;
}

/** The project, and its desired state when it came from stack.ts (down orders by it rather than by stale labels). */
export async function projectStack(globals: GlobalOptions): Promise<{ project: string; desired?: DesiredState }> {
  if (globals.projectName) return { project: globals.projectName };
  const { loadStackCollect } = await import('../config/load-stack.js');
  let result: Awaited<ReturnType<typeof loadStackCollect>>;
  try {
    result = await loadStackCollect(globals);
  } catch (err) {
    if (isUserError(err) && /no stack\.ts found/.test((err as Error).message)) {
      throw new UserError('no stack.ts here to take the project name from', { hint: 'run it next to stack.ts, or name the project with -p NAME (see docker ps for names)' });
    }
    throw err;
  }
  const { desired, issues, loaded } = result;
  if (issues.length === 0 && desired) return { project: desired.project, desired };
  // ps, logs and down act on labels and only need the name: a stack.ts that loads but does not validate (a
  // variable this shell lacks, say) must not keep anyone from stopping what it started.
  const name = (loaded.definition as { name?: unknown } | undefined)?.name;
  const project = desired?.project ?? (typeof name === 'string' ? name : (await import('../model/normalize.js')).projectNameFromDir(loaded.dir));
  process.stderr.write(`note: stack.ts has ${issues.length} problem${issues.length === 1 ? '' : 's'} (stack config shows them); acting on project ${project} by its labels\n`);
  return { project };
}

export function packageVersion(): string {
  return (require('../../package.json') as { version: string }).version;
}
