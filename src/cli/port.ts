import { UserError } from '../errors';
import type { GlobalOptions } from './main';
import { dockerClient, projectName } from './project';
import { serviceContainers } from './service-containers';

/** `stack port SERVICE PORT`: where a container port is published on the host (`127.0.0.1:32768`), one per line. */
export async function portCommand(globals: GlobalOptions, service: string, port: string, flags: { protocol: string; index: number }): Promise<void> {
  const project = await projectName(globals);
  const client = await dockerClient();
  const containers = await serviceContainers(client, project, [service]);
  const target = containers.find((c) => c.number === flags.index);
  if (!target) throw new UserError(`service ${service} has no replica ${flags.index}`, { hint: `replicas: ${containers.map((c) => c.number).join(', ')}` });
  const [number, protocol = flags.protocol] = port.split('/');
  const bound = target.ports.filter((p) => String(p.target) === number && p.protocol === protocol && p.published);
  if (bound.length === 0) {
    const published = target.ports.filter((p) => p.published).map((p) => `${p.target}/${p.protocol}`);
    throw new UserError(`${target.name} does not publish ${number}/${protocol}`, { hint: published.length ? `published: ${published.join(', ')}` : 'it publishes no ports (ports: in stack.ts)' });
  }
  process.stdout.write(bound.map((p) => `${p.hostIp || '0.0.0.0'}:${p.published}\n`).join(''));
}
