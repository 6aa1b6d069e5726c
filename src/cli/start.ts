import pc from 'picocolors';
import { schedule } from '../graph/schedule';
import type { GlobalOptions } from './main';
import { dockerClient, projectName } from './project';
import { count, serviceContainers } from './service-containers';

/**
 * `stack start [service...]`: starts stopped containers as they are (no re-plan: `up` applies config changes), what a
 * service depends on before it, from the labels alone.
 */
export async function startCommand(globals: GlobalOptions, services: string[]): Promise<void> {
  const project = await projectName(globals);
  const client = await dockerClient();
  const chosen = (await serviceContainers(client, project, services)).filter((c) => c.state !== 'running' && c.state !== 'restarting');
  const edges = Object.fromEntries(chosen.map((c) => [c.service, c.dependsOn]));
  const done = schedule([...new Set(chosen.map((c) => c.service))], edges, async (service) => {
    await Promise.all(chosen.filter((c) => c.service === service).map(async (c) => {
      if (c.state === 'paused') await client.unpauseContainer(c.id);
      else await client.startContainer(c.id);
      process.stderr.write(pc.dim(`started ${c.name}\n`));
    }));
  });
  await Promise.all(done.values());
  process.stdout.write(`${pc.green('✔')} started ${count(chosen.length, 'container')}\n`);
}
