import pc from 'picocolors';
import type { GlobalOptions } from './main';
import { dockerClient, projectName } from './project';
import { count, serviceContainers } from './service-containers';

/** `stack kill [-s SIGNAL] [service...]`: signals the running containers at once (SIGKILL unless -s says). */
export async function killCommand(globals: GlobalOptions, services: string[], flags: { signal: string }): Promise<void> {
  const project = await projectName(globals);
  const client = await dockerClient();
  const chosen = (await serviceContainers(client, project, services)).filter((c) => c.state === 'running' || c.state === 'restarting' || c.state === 'paused');
  await Promise.all(chosen.map(async (c) => {
    await client.killContainer(c.id, flags.signal);
    process.stderr.write(pc.dim(`sent ${flags.signal} to ${c.name}\n`));
  }));
  process.stdout.write(`${pc.green('✔')} sent ${flags.signal} to ${count(chosen.length, 'container')}\n`);
}
