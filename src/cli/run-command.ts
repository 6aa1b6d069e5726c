import pc from 'picocolors';
import { load } from '../api';
import { ListrProgress } from '../apply/listr-progress';
import type { GlobalOptions } from './main';
import { dockerClient, packageVersion, stackOptions } from './project';
import { stackServices } from './stack-services';

export interface RunFlags {
  rm?: boolean;
  /** false with --no-deps. */
  deps?: boolean;
  environment?: string[];
  user?: string;
  workdir?: string;
  name?: string;
  detach?: boolean;
  servicePorts?: boolean;
  /** false with -T. */
  tty?: boolean;
  /** false with --no-interactive. */
  interactive?: boolean;
}

/**
 * `stack run [--rm] SERVICE [CMD...]`: a one-off container with the service's config, its dependencies brought up
 * first; stdin is forwarded (typed or piped) and its exit code becomes ours. Progress of the dependencies goes to
 * stderr, so stdout is the command's output alone.
 */
export async function runCommand(globals: GlobalOptions, service: string, args: string[], flags: RunFlags): Promise<void> {
  const command = args[0] === '--' ? args.slice(1) : args;
  const { desired } = await load(stackOptions(globals, [service]));
  stackServices(desired, [service]);
  const [client, { runOneOff }] = await Promise.all([dockerClient(), import('../apply/run-one-off.js')]);
  const stdinIsTty = process.stdin.isTTY === true;
  const interactive = flags.interactive !== false && !flags.detach;
  const tty = flags.tty !== false && stdinIsTty && process.stdout.isTTY === true && !flags.detach;
  const progress = new ListrProgress(Object.keys(desired.services[service].dependsOn), { mode: 'plain', write: (text) => process.stderr.write(pc.dim(text)) });
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  if (tty) process.stdin.setRawMode?.(true);
  try {
    const result = await runOneOff(desired, {
      client,
      service,
      command: command.length ? command : undefined,
      deps: flags.deps,
      remove: flags.rm,
      servicePorts: flags.servicePorts,
      env: flags.environment?.map((e) => (e.includes('=') ? e : `${e}=${process.env[e] ?? ''}`)),
      user: flags.user,
      workdir: flags.workdir,
      name: flags.name,
      detach: flags.detach,
      streams: { tty, stdin: interactive ? process.stdin : undefined, stdout: process.stdout, stderr: process.stderr },
      progress,
      version: packageVersion(),
      signal: controller.signal,
    });
    if (flags.detach) process.stdout.write(`${result.name}\n`);
    else process.exitCode = result.exitCode;
  } finally {
    if (tty) process.stdin.setRawMode?.(false);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    // A pipe that is still open would keep the process alive after the command ended.
    if (interactive) stdinIsTty ? process.stdin.pause() : process.stdin.destroy();
  }
}
