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
/** Whether node has created process.stdout / process.stderr: once it has, writes go through it (write-output.ts). */
export const created = { stdout: false, stderr: false };

/** The streams' 'error' handler, and the same for a direct write (write-output.ts). */
export function readerGone(err: NodeJS.ErrnoException): void {
  if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err;
  if (!finish) process.exit(141);
}

/**
 * Sets the handler on process.stdout and process.stderr when each is first used, not now: node creates them on first
 * use, and on a pipe that loads its net and stream modules, ~8 ms that a command writing with write-output.ts
 * never pays.
 */
export function handleBrokenPipe(): void {
  for (const name of ['stdout', 'stderr'] as const) {
    const own = Object.getOwnPropertyDescriptor(process, name);
    if (!own?.get || !own.configurable) {
      created[name] = true;
      process[name].on('error', readerGone);
      continue;
    }
    Object.defineProperty(process, name, {
      configurable: true,
      enumerable: own.enumerable,
      get() {
        const stream = own.get!.call(process) as NodeJS.WriteStream;
        if (!created[name]) {
          created[name] = true;
          stream.on('error', readerGone);
        }
        return stream;
      },
    });
  }
}

/** Called by a command that changes the stack, before it starts: it finishes without a reader. */
export function finishWithoutReader(): void {
  finish = true;
}
