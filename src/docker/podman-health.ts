/**
 * Healthchecks on Podman. Podman runs a container's healthcheck only from a systemd timer it makes per container;
 * without systemd (containers, CI machines, WSL) no check ever runs and health stays `starting`, so `up` would wait
 * for ever and `dependsOn: healthy` never start. When stackfile waits on such a container it runs the check itself,
 * through Podman's own `GET /libpod/containers/{id}/healthcheck` (what `podman healthcheck run` calls): Podman runs
 * the command in the container and applies retries and the start period, and records the result, so `podman ps`
 * and `stack ps` show the same health. A check runs when it is due by the container's interval, counted from its
 * start as the daemon would; nothing runs between waits.
 */
export class PodmanHealth {
  /** When each container's check last ran (or the container started), Unix ms. */
  private readonly lastRun = new Map<string, number>();
  private readonly inFlight = new Map<string, Promise<void>>();

  /**
   * @param runCheck runs the healthcheck of one container once (the libpod endpoint)
   * @param now the clock, for tests
   */
  constructor(
    private readonly runCheck: (id: string) => Promise<void>,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Runs container `id`'s healthcheck if one is due: `intervalMs` after the last run, or after `startedAt` for the
   * first. True when it ran (the caller reads the health again); waiters of one container share one run.
   */
  async driveIfDue(id: string, startedAt: number, intervalMs: number): Promise<boolean> {
    const running = this.inFlight.get(id);
    if (running) {
      await running;
      return true;
    }
    const last = Math.max(this.lastRun.get(id) ?? 0, Number.isFinite(startedAt) ? startedAt : 0);
    if (this.now() - last < intervalMs) return false;
    const run = this.runCheck(id).finally(() => {
      this.lastRun.set(id, this.now());
      this.inFlight.delete(id);
    });
    this.inFlight.set(id, run);
    await run;
    return true;
  }
}

/** Docker's and Podman's default healthcheck interval (`--health-interval`), when the container sets none. */
export const DEFAULT_HEALTH_INTERVAL_MS = 30_000;

/** The part of GET /version that tells Podman's Docker-compatible API from Docker's. */
export interface VersionInfo {
  Components?: { Name?: string; Version?: string; Details?: { APIVersion?: string } }[] | null;
}

/** Podman's libpod API version when the daemon is Podman (its /version lists a "Podman Engine" component). */
export function podmanApiVersion(version: VersionInfo): string | undefined {
  const podman = version.Components?.find((c) => c.Name === 'Podman Engine');
  return podman ? (podman.Details?.APIVersion ?? podman.Version ?? '4.0.0') : undefined;
}
