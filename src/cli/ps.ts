import pc from 'picocolors';
import type { GlobalOptions } from './main';
import { dockerClient, projectStack } from './project';
import { openTarget, selectTarget } from '../targets/select';

/** `stack ps`: the project's containers from labels: service, container, state, health, ports. */
export async function psCommand(globals: GlobalOptions, flags: { json?: boolean }): Promise<void> {
  const { project, stack } = await projectStack(globals);
  const targetName = selectTarget(globals.target, stack?.desired);
  if (targetName !== 'containers') return (await import('./on-target.js')).psOnTarget(await openTarget(targetName), project, flags);
  const client = await dockerClient();
  const containers = (await client.listContainers(project)).sort((a, b) => a.service.localeCompare(b.service) || a.number - b.number);
  const rows = containers.map((c) => ({
    service: c.service,
    container: c.name,
    state: c.state === 'exited' ? `exited (${c.exitCode ?? '?'})` : c.state,
    health: c.health ?? '',
    ports: c.ports.filter((p) => p.published).map((p) => `${p.hostIp ? `${p.hostIp}:` : ''}${p.published}->${p.target}/${p.protocol}`),
  }));
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(containers.map((c, i) => ({ ...rows[i], id: c.id, number: c.number, image: c.image })), null, 2)}\n`);
    return;
  }
  if (rows.length === 0) {
    process.stdout.write(`no containers for project ${project}\n`);
    return;
  }
  const table = [['SERVICE', 'CONTAINER', 'STATE', 'HEALTH', 'PORTS'], ...rows.map((r) => [r.service, r.container, r.state, r.health, [...new Set(r.ports)].join(', ')])];
  const widths = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)));
  process.stdout.write(table.map((r, n) => {
    const line = r.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd();
    return n === 0 ? pc.bold(line) : line;
  }).join('\n') + '\n');
}
