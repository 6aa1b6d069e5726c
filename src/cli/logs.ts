import { UserError } from '../errors';
import type { GlobalOptions } from './main';
import { dockerClient, projectStack } from './project';
import { openTarget, selectTarget } from '../targets/select';

/**
 * `stack logs`: every selected container's output, each line prefixed `service |` in the service's colour. With -f
 * it keeps following, and attaches to containers that start later (a recreate by `up` or `dev`, a restart), so one
 * terminal shows a service across its replacements.
 */
export async function logsCommand(globals: GlobalOptions, services: string[], flags: { follow?: boolean; tail?: number; timestamps?: boolean }): Promise<void> {
  const { project, stack } = await projectStack(globals);
  const targetName = selectTarget(globals.target, stack?.desired);
  if (targetName !== 'containers') return (await import('./on-target.js')).logsOnTarget(await openTarget(targetName), project, services, flags);
  const [client, { multiplexLogs }] = await Promise.all([dockerClient(), import('../dev/log-mux.js')]);
  const containers = (await client.listContainers(project)).filter((c) => services.length === 0 || services.includes(c.service));
  if (containers.length === 0 && !flags.follow) throw new UserError(`no containers for ${services.length ? services.join(', ') : `project ${project}`}`, { hint: 'check names with stack ps' });

  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  await multiplexLogs({
    client,
    project,
    containers,
    services,
    follow: !!flags.follow,
    tail: flags.tail,
    timestamps: flags.timestamps,
    write: (line) => process.stdout.write(line),
    signal: controller.signal,
  });
}
