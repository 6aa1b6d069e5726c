import pc from 'picocolors';
import { formatError } from './handle-error';
import type { GlobalOptions } from './main';
import { dockerClient, packageVersion } from './project';
import { renderSummary } from './up';

/**
 * `stack dev`: up, then stay attached (logs, stack.ts reloads, watch rules) until Ctrl-C, which stops the containers
 * gracefully and keeps them (exit 0), naming each with its grace period; a second Ctrl-C kills them and exits at
 * once (130). `--keep` leaves them running. Either way, containers a reload replaced and still stops in the
 * background are waited for and removed (a second Ctrl-C kills them too).
 */
export async function devCommand(globals: GlobalOptions, flags: { keep?: boolean; typeCheck?: boolean }): Promise<void> {
  const [client, { DevSession }] = await Promise.all([dockerClient(), import('../dev/dev.js')]);
  const session = new DevSession({
    ...globals,
    keep: flags.keep,
    // In a terminal, where someone reads it; a script or test asks with --type-check.
    typeCheck: flags.typeCheck ?? (process.stderr.isTTY && !process.env.CI),
    client,
    version: packageVersion(),
    progressMode: process.stdout.isTTY && !process.env.CI ? 'tty' : 'plain',
    reporter: {
      log: (line) => process.stdout.write(`${line}\n`),
      status: (line) => process.stderr.write(`${line}\n`),
      error: (err) => process.stderr.write(formatError(err).text),
      up: (result, ms) => process.stdout.write(renderSummary(result, ms)),
    },
  });

  let stopping: Promise<void> | undefined;
  let ended!: () => void;
  const end = new Promise<void>((resolve) => (ended = resolve));
  const onSignal = () => {
    if (stopping) {
      if (flags.keep && session.retiring === 0) process.exit(130);
      process.stderr.write(pc.dim(flags.keep ? 'quitting\n' : 'killing the containers\n'));
      // Killed, not abandoned: a container that ignores SIGTERM would otherwise run out its grace period. Once they
      // are dead the graceful stop in progress ends at once and releases the session's lock on the daemon, so wait
      // for it (briefly): exiting first left the lock's volumes behind for the next session to take over. With
      // --keep, only replaced containers still stopping in the background are killed (and removed).
      const killed = session.kill().then(() => stopping);
      void Promise.race([killed, new Promise((r) => setTimeout(r, 4000))]).finally(() => process.exit(130));
      return;
    }
    process.stderr.write(pc.dim(`\n${flags.keep ? 'leaving the containers running' : 'stopping the containers'} (Ctrl-C again to quit now)\n`));
    stopping = session.stop({ keep: flags.keep }).finally(ended);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    await session.start();
  } catch (err) {
    // Interrupted while starting: the stop in progress is the outcome, not the interruption.
    if (!stopping) {
      await session.stop({ keep: true });
      throw err;
    }
  }
  // The session runs until a signal; its end is the command's, and a failure to stop is reported like any error.
  await end;
  await stopping;
  // Whatever socket a Docker call left open must not keep a finished session alive.
  setTimeout(() => process.exit(), 1000).unref();
}
