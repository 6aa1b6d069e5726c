import pc from 'picocolors';
import type { ActualContainer } from '../docker/actual';
import { LABEL } from '../docker/labels';
import { UserError } from '../errors';
import type { GlobalOptions } from './main';
import { dockerClient, projectName } from './project';

const COLORS = [pc.cyan, pc.yellow, pc.green, pc.magenta, pc.blue, pc.red];

/**
 * `stack logs`: every selected container's output, each line prefixed `service |` in the service's colour. With -f
 * it keeps following, and attaches to containers that start later (a recreate by `up` or `dev`), so one terminal
 * shows a service across its replacements.
 */
export async function logsCommand(globals: GlobalOptions, services: string[], flags: { follow?: boolean; tail?: number; timestamps?: boolean }): Promise<void> {
  const project = await projectName(globals);
  const client = await dockerClient();
  const tail = flags.tail;
  const wanted = (c: ActualContainer) => services.length === 0 || services.includes(c.service);
  const containers = (await client.listContainers(project)).filter(wanted);
  if (containers.length === 0 && !flags.follow) throw new UserError(`no containers for ${services.length ? services.join(', ') : `project ${project}`}`, { hint: 'check names with stack ps' });

  const names = [...new Set(containers.map((c) => c.service))].sort();
  const replicated = new Set(containers.filter((c) => c.number > 1).map((c) => c.service));
  const width = Math.max(...containers.map((c) => label(c).length), 8);
  type Source = Pick<ActualContainer, 'id' | 'service' | 'number'>;
  function label(c: Source): string {
    return replicated.has(c.service) ? `${c.service}-${c.number}` : c.service;
  }
  const color = (service: string) => COLORS[Math.max(0, names.indexOf(service)) % COLORS.length];

  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  const attached = new Set<string>();
  const attach = (c: Source, since?: number) => {
    if (attached.has(c.id)) return Promise.resolve();
    attached.add(c.id);
    const prefix = color(c.service)(`${label(c).padEnd(width)} |`);
    return client
      .logs(c.id, { follow: !!flags.follow, tail: since === undefined ? tail : undefined, since, timestamps: flags.timestamps }, (line) => process.stdout.write(`${prefix} ${line}\n`), controller.signal)
      .catch(() => undefined);
  };
  const streams = containers.map((c) => attach(c));
  if (!flags.follow) {
    await Promise.all(streams);
    return;
  }
  await client.events(project, (e) => {
    if (e.type !== 'container' || e.action !== 'start' || attached.has(e.id)) return;
    // Container events carry the container's labels, so a new replica or replacement needs no extra lookup.
    const service = e.attributes[LABEL.service];
    if (!service || (services.length && !services.includes(service))) return;
    void attach({ id: e.id, service, number: Number(e.attributes[LABEL.number]) }, Math.floor(Date.now() / 1000) - 1);
  }, controller.signal).catch(() => undefined);
  await Promise.all(streams);
}
