import { Listr } from 'listr2';
import type { Progress } from './execute';
import { LineProgress } from './line-progress';
import type { ProgressMode } from './progress';

/** The part of listr2's task wrapper used here: its title is the service's status line. */
type Task = { title: string; skip(message?: string): void };

/**
 * Progress shown with listr2: one live line per service in a terminal. Any other mode (plain, json, quiet) is a
 * LineProgress: listr2's own non-TTY renderer printed a [STARTED]/[TITLE] line per title change and left notes for
 * after the summary, twenty lines for a three-service up and out of order.
 */
export class ListrProgress implements Progress {
  private readonly lines?: LineProgress;
  private readonly tasks = new Map<string, Task>();
  private readonly titles = new Map<string, string>();
  private readonly outcomes = new Map<string, { resolve: () => void; reject: (e: Error) => void; settled?: 'ok' | Error }>();
  private readonly notes: string[] = [];
  private readonly listr: Listr;
  private running?: Promise<unknown>;

  constructor(services: string[], options: { mode: ProgressMode; write?: (text: string) => void }) {
    if (options.mode !== 'tty') this.lines = new LineProgress(services, options.mode, options.write);
    for (const s of services) this.titles.set(s, `${s}: waiting`);
    this.listr = new Listr(
      services.map((service) => ({
        title: `${service}: waiting`,
        task: (_ctx: unknown, task: Task): Promise<void> =>
          new Promise<void>((resolve, reject) => {
            this.tasks.set(service, task);
            task.title = this.titles.get(service)!;
            const o = { resolve, reject };
            const earlier = this.outcomes.get(service)?.settled;
            this.outcomes.set(service, o);
            if (earlier === 'ok') resolve();
            else if (earlier) reject(earlier);
          }),
      })) as never,
      {
        concurrent: true,
        exitOnError: false,
        // Ctrl-C belongs to up, which stops launching work and exits 130; listr2's own handler would exit 127.
        registerSignalListeners: false,
        renderer: options.mode === 'tty' ? 'default' : 'silent',
        fallbackRenderer: 'verbose',
        rendererOptions: options.mode === 'tty' ? { collapseErrors: false } : { logTitleChange: true },
        fallbackRendererOptions: { logTitleChange: true },
      } as never,
    );
  }

  start(): void {
    if (this.lines) return;
    this.running ??= this.listr.run().catch(() => undefined);
  }

  update(service: string, message: string): void {
    if (this.lines) return this.lines.update(service, message);
    this.setTitle(service, `${service}: ${message}`);
  }

  done(service: string, message: string): void {
    if (this.lines) return this.lines.done(service, message);
    this.setTitle(service, `${service}: ${message}`);
    this.settle(service, 'ok');
  }

  fail(service: string, message: string): void {
    if (this.lines) return this.lines.fail(service, message);
    // Done, then failed after all (a one-shot seen running, then exited): a finished task keeps its tick, so the
    // failure is said below the tasks instead of behind a tick.
    if (this.outcomes.get(service)?.settled === 'ok') {
      this.notes.push(`${service}: failed: ${message}`);
      return;
    }
    this.setTitle(service, `${service}: ${message}`);
    this.settle(service, new Error(message));
  }

  note(message: string): void {
    if (this.lines) return this.lines.note(message);
    this.notes.push(message);
  }

  /** Ends every task still open (services the run never reached, shown as skipped) and waits for the renderer. */
  async close(): Promise<string[]> {
    if (this.lines) return this.lines.close();
    for (const service of this.titles.keys()) {
      if (this.outcomes.get(service)?.settled) continue;
      this.tasks.get(service)?.skip(`${service}: not started`);
      this.settle(service, 'ok');
    }
    await this.running;
    return this.notes;
  }

  private setTitle(service: string, title: string): void {
    this.titles.set(service, title);
    const task = this.tasks.get(service);
    if (task && task.title !== title) task.title = title;
  }

  private settle(service: string, result: 'ok' | Error): void {
    const o = this.outcomes.get(service);
    if (o?.settled) return;
    if (!o) {
      this.outcomes.set(service, { resolve: () => {}, reject: () => {}, settled: result });
      return;
    }
    o.settled = result;
    if (result === 'ok') o.resolve();
    else o.reject(result);
  }
}
