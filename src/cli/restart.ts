import pc from 'picocolors';
import { UserError } from '../errors';
import type { GlobalOptions } from './main';
import { dockerClient, projectName } from './project';

/** `stack restart [service...]`: restarts the containers as they are (no re-plan; use up for config changes). */
export async function restartCommand(globals: GlobalOptions, services: string[], flags: { timeout?: number }): Promise<void> {
  const project = await projectName(globals);
  const client = await dockerClient();
  const all = await client.listContainers(project);
  const unknown = services.filter((s) => !all.some((c) => c.service === s));
  if (unknown.length) throw new UserError(`no containers for ${unknown.join(', ')} in project ${project}`, { hint: 'check the names with stack ps' });
  const chosen = services.length ? all.filter((c) => services.includes(c.service)) : all;
  await Promise.all(chosen.map(async (c) => {
    await client.restartContainer(c.id, flags.timeout);
    process.stderr.write(pc.dim(`restarted ${c.name}\n`));
  }));
  process.stdout.write(`${pc.green('✔')} restarted ${chosen.length} container${chosen.length === 1 ? '' : 's'}\n`);
}
