import pc from 'picocolors';
import type { GlobalOptions } from './main';
import { dockerClient, projectName } from './project';
import { count, serviceContainers } from './service-containers';

/** `stack restart [service...]`: restarts the containers as they are (no re-plan; use up for config changes). */
export async function restartCommand(globals: GlobalOptions, services: string[], flags: { timeout?: number }): Promise<void> {
  const project = await projectName(globals);
  const client = await dockerClient();
  const chosen = await serviceContainers(client, project, services);
  await Promise.all(chosen.map(async (c) => {
    await client.restartContainer(c.id, flags.timeout);
    process.stderr.write(pc.dim(`restarted ${c.name}\n`));
  }));
  process.stdout.write(`${pc.green('✔')} restarted ${count(chosen.length, 'container')}\n`);
}
