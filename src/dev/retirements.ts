import pc from 'picocolors';
import type { RetiredContainer } from '../apply/phases/overlap-recreate';
import type { DockerClient } from '../docker/client';
import type { DesiredService } from '../model/desired';
import { stopWords } from './stop-services';

/** A retiring container still running after this long is waiting on its grace period (said once per service). */
const SLOW_STOP_MS = 2_000;

/**
 * The containers a `stack dev` session replaced and now stops and removes in the background, so that neither the
 * reload's "✔ applied" nor the work queued behind it waits for a process that ignores SIGTERM to run out its grace
 * period. They are off their networks and renamed already (overlapRecreate), and no longer part of the project:
 * `hidden` is left out of every later observation, so the next plan does not see them as leftovers to remove, and
 * they are no sync targets. A container whose removal failed is shown again, for the next plan to remove.
 */
export class Retirements {
  private readonly inFlight = new Map<string, { c: RetiredContainer; done: Promise<void> }>();
  /** Every container handed over, finished ones too: a list made just before a removal may still name it. */
  private readonly retired = new Set<string>();
  private readonly told = new Set<string>();

  constructor(
    private readonly client: DockerClient,
    private readonly service: (name: string) => DesiredService | undefined,
    private readonly say: (line: string) => void,
  ) {}

  get hidden(): ReadonlySet<string> {
    return this.retired;
  }

  get size(): number {
    return this.inFlight.size;
  }

  /** Those still stopping, by name. */
  names(): string[] {
    return [...this.inFlight.values()].map((r) => r.c.name);
  }

  retire(c: RetiredContainer): void {
    this.retired.add(c.id);
    const slow = setTimeout(() => this.tellSlow(c), SLOW_STOP_MS);
    const done = (async () => {
      try {
        await this.client.stopContainer(c.id);
        await this.client.removeContainer(c.id);
      } catch (err) {
        this.retired.delete(c.id);
        this.say(pc.yellow(`could not remove the replaced ${c.name} (${err instanceof Error ? err.message : String(err)}); the next reload removes it`));
      } finally {
        clearTimeout(slow);
        this.inFlight.delete(c.id);
      }
    })();
    this.inFlight.set(c.id, { c, done });
  }

  /** Resolves once every retirement in flight has ended (they never reject). */
  async settled(): Promise<void> {
    await Promise.all([...this.inFlight.values()].map((r) => r.done));
  }

  /** Kills the containers still stopping, so their removal follows at once. */
  async kill(): Promise<void> {
    await Promise.all([...this.inFlight.keys()].map((id) => this.client.killContainer(id).catch(() => undefined)));
  }

  /** Once per service: a reload that replaces it every few seconds would otherwise say it every time. */
  private tellSlow(c: RetiredContainer): void {
    if (this.told.has(c.service)) return;
    this.told.add(c.service);
    const s = this.service(c.service);
    this.say(
      pc.dim(
        `note: the replaced ${c.service} container is still stopping (${stopWords(s)}); it is removed in the background` +
          `${s?.init ? '' : ', and init: true would pass the signal on to a process that ignores it'}`,
      ),
    );
  }
}
