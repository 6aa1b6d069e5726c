import pc from 'picocolors';
import { dependentsOf, schedule } from '../graph/schedule';
import type { GlobalOptions } from './main';
import { dockerClient, projectName } from './project';
import { count, serviceContainers } from './service-containers';

/**
 * `stack stop [service...]`: stops the containers and keeps them (`stack start` or `up` starts them again), dependents
 * before what they depend on, from the labels alone.
 */
export async function stopCommand(globals: GlobalOptions, services: string[], flags: { timeout?: number }): Promise<void> {
  const project = await projectName(globals);
  const client = await dockerClient();
  const chosen = (await serviceContainers(client, project, services)).filter((c) => c.state === 'running' || c.state === 'restarting' || c.state === 'paused');
  const edges = Object.fromEntries(chosen.map((c) => [c.service, c.dependsOn]));
  const names = [...new Set(chosen.map((c) => c.service))];
  const done = schedule(names, dependentsOf(edges), async (service) => {
    await Promise.all(chosen.filter((c) => c.service === service).map(async (c) => {
      await client.stopContainer(c.id, flags.timeout);
      process.stderr.write(pc.dim(`stopped ${c.name}\n`));
    }));
  });
  await Promise.all(done.values());
  process.stdout.write(`${pc.green('✔')} stopped ${count(chosen.length, 'container')}\n`);
}
