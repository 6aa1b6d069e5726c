import pc from 'picocolors';
import type { GlobalOptions } from './main';
import { dockerClient, projectName } from './project';
import { count, serviceContainers } from './service-containers';

/**
 * `stack rm [-s] [-v] [service...]`: removes stopped containers (running ones too with --stop, which stops them
 * first). Named volumes are never touched; `-v` removes the containers' anonymous volumes.
 */
export async function rmCommand(globals: GlobalOptions, services: string[], flags: { stop?: boolean; volumes?: boolean }): Promise<void> {
  const project = await projectName(globals);
  const client = await dockerClient();
  const all = await serviceContainers(client, project, services);
  const running = all.filter((c) => c.state === 'running' || c.state === 'restarting' || c.state === 'paused');
  const chosen = flags.stop ? all : all.filter((c) => !running.includes(c));
  await Promise.all(chosen.map(async (c) => {
    if (flags.stop && running.includes(c)) await client.stopContainer(c.id);
    await client.removeContainer(c.id, { volumes: flags.volumes });
    process.stderr.write(pc.dim(`removed ${c.name}\n`));
  }));
  const kept = !flags.stop && running.length ? pc.dim(` (${count(running.length, 'running container')} kept: ${running.map((c) => c.name).join(', ')}; --stop removes them too)`) : '';
  process.stdout.write(`${pc.green('✔')} removed ${count(chosen.length, 'container')}${kept}\n`);
}
