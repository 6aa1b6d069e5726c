import pc from 'picocolors';
import type { GlobalOptions } from './main';
import { dependencyEdges } from '../graph/dag';
import { dockerClient, projectStack } from './project';

/** `stack down`: from labels alone; named volumes only with --volumes. */
export async function downCommand(globals: GlobalOptions, flags: { volumes?: boolean; timeout?: number }): Promise<void> {
  const { project, desired } = await projectStack(globals);
  const [client, { down }] = await Promise.all([dockerClient(), import('../apply/down.js')]);
  const result = await down(project, {
    client,
    volumes: flags.volumes,
    timeoutSeconds: flags.timeout,
    dependsOn: desired && dependencyEdges(desired.services),
    onProgress: (line) => process.stderr.write(pc.dim(`${line}\n`)),
  });
  const kept = flags.volumes ? '' : pc.dim(' (named volumes kept; --volumes removes them)');
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  process.stdout.write(`${pc.green('✔')} ${pc.bold(project)} is down: removed ${count(result.containers.length, 'container')}, ${count(result.networks.length, 'network')}, ${count(result.volumes.length, 'volume')}${kept}\n`);
}
