import { UserError } from '../errors';
import type { GlobalOptions } from './main';
import { dockerClient, projectName } from './project';

/** `stack exec SERVICE -- CMD...`: runs in a running container of the service; its exit code becomes ours. */
export async function execCommand(globals: GlobalOptions, service: string, cmd: string[], flags: { index: number; user?: string; workdir?: string; tty?: boolean }): Promise<void> {
  const project = await projectName(globals);
  const client = await dockerClient();
  const containers = (await client.listContainers(project)).filter((c) => c.service === service);
  if (containers.length === 0) throw new UserError(`no containers for service ${service} in project ${project}`, { hint: 'start it with stack up, or check the name with stack ps' });
  const target = containers.find((c) => c.number === flags.index);
  if (!target) throw new UserError(`service ${service} has no replica ${flags.index}`, { hint: `replicas: ${containers.map((c) => c.number).join(', ')}` });
  if (target.state !== 'running') throw new UserError(`${target.name} is ${target.state}, not running`, { hint: 'start it with stack up' });
  if (cmd.length === 0) throw new UserError('no command given', { hint: `stack exec ${service} -- sh` });
  const interactive = process.stdin.isTTY === true;
  const tty = flags.tty !== false && interactive && process.stdout.isTTY === true;
  if (tty) process.stdin.setRawMode?.(true);
  try {
    process.exitCode = await client.exec(target.id, cmd, {
      tty,
      interactive,
      stdin: interactive ? process.stdin : undefined,
      stdout: process.stdout,
      stderr: process.stderr,
      user: flags.user,
      workdir: flags.workdir,
    });
  } finally {
    if (tty) process.stdin.setRawMode?.(false);
    if (interactive) process.stdin.pause();
  }
}
