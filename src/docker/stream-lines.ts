import type { Readable } from 'node:stream';

/**
 * Splits chunks into lines. Chunk boundaries fall anywhere (a log line or a JSON message can arrive in pieces), so
 * the unfinished tail waits for the next chunk or `flush()` at the end.
 */
export class LineBuffer {
  private rest = '';
  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Buffer | string): void {
    this.rest += chunk.toString();
    let nl: number;
    while ((nl = this.rest.indexOf('\n')) >= 0) {
      this.onLine(this.rest.slice(0, nl).replace(/\r$/, ''));
      this.rest = this.rest.slice(nl + 1);
    }
  }

  flush(): void {
    if (this.rest !== '') this.onLine(this.rest.replace(/\r$/, ''));
    this.rest = '';
  }
}

/**
 * Reads a stream of newline-separated JSON messages (events, pull and build progress) until it ends. A line that is
 * not JSON is skipped rather than failing the whole operation: the daemon's messages are the payload, not framing.
 * Resolves on end; rejects when the stream errors, unless `signal` aborted it (the caller asked it to stop).
 */
export function readJsonLines(stream: Readable, onMessage: (message: Record<string, unknown>) => void, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    let failed = false;
    const lines = new LineBuffer((line) => {
      if (line.trim() === '' || failed) return;
      let message: unknown;
      try {
        message = JSON.parse(line);
      } catch {
        return;
      }
      if (typeof message !== 'object' || message === null) return;
      try {
        onMessage(message as Record<string, unknown>);
      } catch (err) {
        // A throwing handler ends the read: its error is the result, and the rest of the stream is not wanted.
        failed = true;
        stream.destroy();
        reject(err);
      }
    });
    const abort = () => stream.destroy();
    signal?.addEventListener('abort', abort, { once: true });
    const done = (err?: unknown) => {
      signal?.removeEventListener('abort', abort);
      if (failed) return;
      lines.flush();
      if (err && !signal?.aborted) reject(err);
      else resolve();
    };
    stream.on('data', (chunk: Buffer) => lines.push(chunk));
    stream.once('end', () => done());
    stream.once('close', () => done());
    stream.once('error', (err) => done(err));
    if (signal?.aborted) abort();
  });
}
