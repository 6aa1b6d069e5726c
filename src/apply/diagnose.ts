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
  lines.push(...(await logSection(client, d.id)));
  return lines.join('\n');
}

/**
 * The last log lines, by stream when there are both. The daemon reads a container's stdout and stderr pipes
 * separately, so a program that wrote both quickly before crashing is logged with the streams' lines out of their
 * real order (`docker logs` shows the same): printed as one list, its stderr looked like it came last. Each stream's
 * own order is exact, so each is shown as such.
 */
async function logSection(client: DockerClient, id: string): Promise<string[]> {
  const got: { text: string; stream: 'stdout' | 'stderr' }[] = [];
  await client.logs(id, { follow: false, tail: 10 }, (text, stream) => got.push({ text, stream })).catch(() => undefined);
  if (got.length === 0) return ['  (no log output)'];
  const streams = new Set(got.map((l) => l.stream));
  if (streams.size === 1) return ['  last log lines:', ...got.map((l) => `    ${l.text}`)];
  return (['stdout', 'stderr'] as const).flatMap((stream) => [`  last lines on ${stream}:`, ...got.filter((l) => l.stream === stream).map((l) => `    ${l.text}`)]);
}
