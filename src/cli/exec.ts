import { UserError } from '../errors';
import type { GlobalOptions } from './main';
import { dockerClient, projectStack } from './project';
import { openTarget, selectTarget } from '../targets/select';
import { serviceContainers } from './service-containers';

export interface ExecFlags {
  index: number;
  user?: string;
  workdir?: string;
  /** false with -T/--no-tty. */
  tty?: boolean;
  /** false with --no-interactive: stdin is not forwarded. */
  interactive?: boolean;
  /** `-e KEY=VAL` (repeatable); a bare `KEY` takes this shell's value, as docker exec does. */
  env?: string[];
}

/**
 * `stack exec SERVICE CMD...`: runs in a running container of the service; its exit code becomes ours. Stdin is
 * forwarded as in Compose (`-i` is the default): typed input with a TTY, or a pipe or file (`stack exec -T db psql
 * < dump.sql`) to its end-of-file, which the command reads as EOF.
 */
export async function execCommand(globals: GlobalOptions, service: string, args: string[], flags: ExecFlags): Promise<void> {
  // Everything after the service is the command, options included; a `--` Compose users type is dropped.
  const cmd = args[0] === '--' ? args.slice(1) : args;
  const { project, stack } = await projectStack(globals);
  const targetName = selectTarget(globals.target, stack?.desired);
  if (targetName !== 'containers') return (await import('./on-target.js')).execOnTarget(await openTarget(targetName), project, service, cmd, flags);
  const client = await dockerClient();
  const containers = await serviceContainers(client, project, [service]);
  const target = containers.find((c) => c.number === flags.index);
  if (!target) throw new UserError(`service ${service} has no replica ${flags.index}`, { hint: `replicas: ${containers.map((c) => c.number).join(', ')}` });
  if (target.state !== 'running') throw new UserError(`${target.name} is ${target.state}, not running`, { hint: 'start it with stack up' });
  if (cmd.length === 0) throw new UserError('no command given', { hint: `stack exec ${service} sh` });
  const stdinIsTty = process.stdin.isTTY === true;
  const interactive = flags.interactive !== false;
  const tty = flags.tty !== false && stdinIsTty && process.stdout.isTTY === true;
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
      env: flags.env?.map((e) => (e.includes('=') ? e : `${e}=${process.env[e] ?? ''}`)),
    });
  } finally {
    if (tty) process.stdin.setRawMode?.(false);
    // A pipe that is still open (`yes | stack exec api true`) would keep the process alive after the command ended.
    if (interactive) stdinIsTty ? process.stdin.pause() : process.stdin.destroy();
  }
}
