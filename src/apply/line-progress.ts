import type { Progress } from './progress';

/** One progress event as `--progress json` prints it (one object per line). */
export interface ProgressEvent {
  time: string;
  /** Absent for notes (networks, volumes, removals). */
  service?: string;
  status: 'working' | 'done' | 'failed' | 'note';
  message: string;
}

/**
 * Progress for logs rather than terminals: one line per real event (a service's status changed, a network was
 * created), written at once, so the lines are in the order things happened and on one stream with the summary.
 * Repeats of a status are dropped, so a wait is one line, not one per poll.
 */
export class LineProgress implements Progress {
  private readonly last = new Map<string, string>();
  private readonly settled = new Set<string>();

  constructor(
    private readonly services: readonly string[],
    private readonly mode: 'plain' | 'json' | 'quiet' | 'silent',
    private readonly write: (text: string) => void = (text) => process.stdout.write(text),
  ) {}

  start(): void {}

  update(service: string, message: string): void {
    this.emit(service, 'working', message);
  }

  done(service: string, message: string): void {
    this.emit(service, 'done', message);
    this.settled.add(service);
  }

  fail(service: string, message: string): void {
    // A service reported done can still fail once: a dependent's wait saw it exit after its own wait saw it running
    // (launch-gate.ts), and the log says so in the order it was learnt.
    if (this.last.get(service)?.startsWith('done|')) this.settled.delete(service);
    this.emit(service, 'failed', message);
    this.settled.add(service);
  }

  note(message: string): void {
    this.print({ time: new Date().toISOString(), status: 'note', message });
  }

  /** Services the run never reached are said once; nothing is left to print after the summary. */
  async close(): Promise<string[]> {
    for (const service of this.services) if (!this.settled.has(service) && this.last.has(service)) this.emit(service, 'failed', 'not started');
    return [];
  }

  private emit(service: string, status: ProgressEvent['status'], message: string): void {
    if (this.settled.has(service) || this.last.get(service) === `${status}|${message}`) return;
    this.last.set(service, `${status}|${message}`);
    this.print({ time: new Date().toISOString(), service, status, message });
  }

  private print(e: ProgressEvent): void {
    if (this.mode === 'json') this.write(`${JSON.stringify(e)}\n`);
    else if (this.mode === 'plain') this.write(`${e.service ? `${e.service}: ` : ''}${e.status === 'failed' ? 'failed: ' : ''}${e.message}\n`);
  }
}
