import pc from 'picocolors';
import { down } from '../api';
import { openTarget, selectTarget } from '../targets/select';
import type { GlobalOptions } from './main';
import { projectStack } from './project';

/** `stack down`: from labels alone; named volumes only with --volumes. */
export async function downCommand(globals: GlobalOptions, flags: { volumes?: boolean; timeout?: number }): Promise<void> {
  const { project, stack } = await projectStack(globals);
  const targetName = selectTarget(globals.target, stack?.desired);
  if (targetName !== 'containers') return (await import('./on-target.js')).downOnTarget(await openTarget(targetName), project, stack?.desired, flags);
  const result = await down(stack ?? project, {
    volumes: flags.volumes,
    timeoutSeconds: flags.timeout,
    onProgress: (line) => process.stderr.write(pc.dim(`${line}\n`)),
  });
  const kept = flags.volumes ? '' : pc.dim(' (named volumes kept; --volumes removes them)');
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  process.stdout.write(`${pc.green('✔')} ${pc.bold(project)} is down: removed ${count(result.containers.length, 'container')}, ${count(result.networks.length, 'network')}, ${count(result.volumes.length, 'volume')}${kept}\n`);
}
