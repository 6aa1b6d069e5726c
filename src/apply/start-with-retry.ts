import type { DockerClient } from '../docker/client';
import { DockerError } from '../errors';
import type { DesiredService } from '../model/desired';
import { realClock, type Clock } from './readiness';

/**
 * Starts a container. Parallel starts can race in the engine's allocation of random host ports
 * (docker/compose#12851): a start fails with "port is already allocated" for a port nobody asked for. Such starts
 * are retried (5 attempts, 50 ms more between each); a fixed port that is taken is a real conflict and fails at once.
 */
export async function startWithRetry(client: DockerClient, id: string, s: DesiredService, clock: Clock = realClock): Promise<void> {
  const randomPorts = s.ports.some((p) => !p.published || p.published.includes('-'));
  for (let attempt = 1; ; attempt++) {
    try {
      await client.startContainer(id);
      return;
    } catch (err) {
      if (!(err instanceof DockerError) || err.kind !== 'port-allocated' || !randomPorts || attempt >= 5) throw err;
      await clock.sleep(50 * attempt);
    }
  }
}
