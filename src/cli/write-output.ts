import { writeSync } from 'node:fs';
import { created, readerGone } from './broken-pipe';

/**
 * Writes to standard output or error at once with the file system's write, not through process.stdout/stderr: node
 * creates those on first use, and on a pipe (a script's or a test's) that loads its net and stream modules, ~8 ms of
 * a command that only prints its result. Node's own streams write pipes and files synchronously on Linux too, so
 * nothing is reordered or lost at exit. Once a stream exists (something else wrote to it, or asked whether it is a
 * terminal) writes go through it, behind what it has queued; so do the rest of a write that would block (a
 * non-blocking pipe that is full) and any odd failure, which the stream then reports as node does. A reader gone
 * (EPIPE) is handled as for the streams (broken-pipe.ts).
 */
function writeOut(name: 'stdout' | 'stderr', text: string): void {
  if (created[name]) {
    process[name].write(text);
    return;
  }
  const bytes = Buffer.from(text);
  let done = 0;
  try {
    while (done < bytes.length) done += writeSync(name === 'stdout' ? 1 : 2, bytes, done);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EPIPE') return readerGone(err as NodeJS.ErrnoException);
    process[name].write(bytes.subarray(done));
  }
}

export const writeStdout = (text: string): void => writeOut('stdout', text);
export const writeStderr = (text: string): void => writeOut('stderr', text);
