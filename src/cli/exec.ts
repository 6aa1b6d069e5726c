import type { GlobalOptions } from './main';
import { projectStack } from './project';
import { openTarget, selectTarget } from '../targets/select';

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
  const target = await openTarget(selectTarget(globals.target, stack?.desired));
  const stdinIsTty = process.stdin.isTTY === true;
  const interactive = flags.interactive !== false;
  const tty = flags.tty !== false && stdinIsTty && process.stdout.isTTY === true;
  if (tty) process.stdin.setRawMode?.(true);
  try {
    // The target finds the replica (or task) and says why it cannot run there before any stdin is read.
    process.exitCode = await target.exec(project, service, cmd, {
      index: flags.index,
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
