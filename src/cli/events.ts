import type { GlobalOptions } from './main';
import { dockerClient, projectName } from './project';
import { LABEL } from '../docker/labels';

/**
 * `stack events [service...]`: the project's container events as they happen (create, start, die, health_status...),
 * one line each, until Ctrl-C; `--json` prints one object per line.
 */
export async function eventsCommand(globals: GlobalOptions, services: string[], flags: { json?: boolean }): Promise<void> {
  const project = await projectName(globals);
  const client = await dockerClient();
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  process.once('SIGTERM', () => controller.abort());
  await client.events(project, (e) => {
    const service = e.attributes[LABEL.service] ?? '';
    if (services.length && !services.includes(service)) return;
    const time = new Date(e.time * 1000).toISOString();
    if (flags.json) process.stdout.write(`${JSON.stringify({ time, type: e.type, action: e.action, service, container: e.attributes.name, id: e.id })}\n`);
    else process.stdout.write(`${time} ${e.type} ${e.action} ${e.attributes.name ?? e.id.slice(0, 12)}${service ? ` (${service})` : ''}\n`);
  }, controller.signal);
}
