import { DockerError } from '../errors';
import { LineBuffer } from './stream-lines';

/** How many lines of a failed build step the error message keeps. */
const STEP_LINES = 20;
/** The classic builder's own bookkeeping lines, noise in an error message. */
const BUILDER_CHATTER = /^ ---> |^Removing intermediate container /;

/**
 * Follows the classic builder's JSON stream. It reports each step as "Step N/M : ..." followed by the step's
 * output, and on failure names only the command ("returned a non-zero code: 7"), so the failing step's own last
 * lines are kept for the error: they are what the user needs to see.
 */
export class BuildOutput {
  private step: string[] = [];
  private failure?: string;
  private readonly lines: LineBuffer;

  constructor(private readonly onProgress?: (line: string) => void) {
    this.lines = new LineBuffer((line) => {
      this.onProgress?.(line);
      const text = plain(line).trimEnd();
      if (/^Step \d+\/\d+ : /.test(text)) this.step = [];
      if (text.trim() === '' || BUILDER_CHATTER.test(text)) return;
      this.step.push(text);
      // Keep the "Step N/M" line and the newest output.
      if (this.step.length > STEP_LINES + 1) this.step.splice(1, 1);
    });
  }

  push(message: Record<string, unknown>): void {
    const error = streamError(message);
    if (error !== undefined) this.failure = error;
    else if (typeof message.stream === 'string') this.lines.push(message.stream);
    else if (message.status !== undefined) this.onProgress?.(progressLine(message));
  }

  /** Call once the stream ended: the build's error, if a step failed. */
  end(tag: string, context: string): DockerError | undefined {
    this.lines.flush();
    if (this.failure === undefined) return undefined;
    const shown = this.step.map((l) => `  ${l}`).join('\n');
    return new DockerError('build-failed', `building ${tag} from ${context} failed: ${this.failure}${shown ? `\n${shown}` : ''}`, {
      hint: 'fix the Dockerfile step above; `docker build` on the same context shows the same output',
      cause: new Error(this.failure),
    });
  }
}

/** Pull, push and build streams report failure in-band, as a message with `error`/`errorDetail`, after HTTP 200. */
export function streamError(m: Record<string, unknown>): string | undefined {
  const detail = m.errorDetail as { message?: unknown } | undefined;
  if (typeof detail?.message === 'string' && detail.message !== '') return detail.message;
  if (typeof m.error === 'string') return m.error;
  return undefined;
}

/** "a1b2c3: Downloading [==>   ] 1.2MB/5MB" or just "Pulling from library/redis". */
export function progressLine(m: Record<string, unknown>): string {
  const parts = [m.id ? `${String(m.id)}: ` : '', String(m.status ?? m.stream ?? ''), m.progress ? ` ${String(m.progress)}` : ''];
  return parts.join('').trimEnd();
}

/** The classic builder colours a step's stderr with ANSI escapes; an error message is plain text. */
function plain(line: string): string {
  return line.replace(/\x1b\[[0-9;]*m/g, '');
}
