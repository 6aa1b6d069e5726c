/**
 * What the CLI does when the reader of its output goes away (`stack logs -f | head -1`): node would throw the next
 * write's EPIPE as an unhandled 'error' event, with a stack trace, in the middle of whatever the command was doing.
 *
 * A command that changes the stack (up, down, restart, dev) finishes instead, its remaining output dropped:
 * stopping it halfway would leave a recreate half done and its project locked until the lock went stale. Any other
 * command only produces output, so it stops, with the status a shell gives a command its pipe's reader left (141,
 * 128 + SIGPIPE).
 */
let finish = false;

export function handleBrokenPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err;
      if (!finish) process.exit(141);
    });
  }
}

/** Called by a command that changes the stack, before it starts: it finishes without a reader. */
export function finishWithoutReader(): void {
  finish = true;
}
