import type { ContainerDetails, DockerClient } from '../docker/client';

/**
 * The paragraph a user needs when a service fails to come up: which service and container, its state, the last
 * healthcheck output and the last log lines, so they rarely need a second command to see why.
 */
export async function diagnose(client: DockerClient, service: string, d: ContainerDetails, reason: string): Promise<string> {
  const lines = [`service ${service} failed: container ${d.name} ${reason}`];
  lines.push(`  state: ${d.state}${d.state === 'exited' ? ` (exit code ${d.exitCode}${d.oomKilled ? ', out of memory' : ''})` : ''}${d.health ? `, health: ${d.health}` : ''}`);
  const lastCheck = d.healthLog[d.healthLog.length - 1];
  if (lastCheck) lines.push(`  last healthcheck (exit ${lastCheck.exitCode}): ${lastCheck.output.trim().split('\n').slice(-3).join(' | ') || '(no output)'}`);
  const logs = await client.logTail(d.id, 10).catch(() => []);
  if (logs.length) lines.push('  last log lines:', ...logs.map((l) => `    ${l}`));
  else lines.push('  (no log output)');
  return lines.join('\n');
}
