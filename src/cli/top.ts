import pc from 'picocolors';
import type { GlobalOptions } from './main';
import { dockerClient, projectName } from './project';
import { serviceContainers } from './service-containers';
import { table } from './table';

/** `stack top [service...]`: the processes in each running container, as docker top shows them. */
export async function topCommand(globals: GlobalOptions, services: string[]): Promise<void> {
  const project = await projectName(globals);
  const client = await dockerClient();
  const running = (await serviceContainers(client, project, services)).filter((c) => c.state === 'running');
  const tops = await Promise.all(running.map(async (c) => ({ c, top: await client.top(c.id) })));
  process.stdout.write(tops.map(({ c, top }) => `${pc.bold(c.name)}\n${table([top.titles, ...top.processes])}`).join('\n'));
}
