import type { Clock } from '../../src/apply/readiness';

/**
 * A clock for unit tests of the apply core: time moves only when the test (or `settle`) advances it, so a
 * two-minute readiness timeout passes in microseconds and every run sees the same times.
 */
export class FakeClock implements Clock {
  private time = 0;
  private timers: { at: number; resolve: () => void }[] = [];

  now(): number {
    return this.time;
  }

  sleep(ms: number, wake?: Promise<unknown>): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = { at: this.time + ms, resolve };
      this.timers.push(timer);
      wake?.then(() => {
        this.timers = this.timers.filter((t) => t !== timer);
        resolve();
      });
    });
  }

  /** Moves time to the earliest pending sleep and ends it (and any other due then); false when none is pending. */
  advance(): boolean {
    if (this.timers.length === 0) return false;
    const at = Math.min(...this.timers.map((t) => t.at));
    this.time = Math.max(this.time, at);
    const due = this.timers.filter((t) => t.at <= this.time);
    this.timers = this.timers.filter((t) => t.at > this.time);
    due.forEach((t) => t.resolve());
    return true;
  }

  /**
   * Resolves with `work`'s result, advancing time whenever everything else is idle (no pending callback, only
   * sleeps). Fails instead of hanging when nothing can make progress any more.
   */
  async settle<T>(work: Promise<T>): Promise<T> {
    let done = false;
    const result = work.finally(() => (done = true));
    result.catch(() => undefined);
    while (!done) {
      await idle();
      if (done) break;
      if (!this.advance()) {
        await idle();
        if (!done) throw new Error(`deadlock at t=${this.time} ms: the work waits for something no sleep or call will bring`);
      }
    }
    return result;
  }
}

/** Lets every queued callback run: the fake client answers in microtasks, so a macrotask turn drains them all. */
export function idle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
