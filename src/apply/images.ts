import type { DockerClient } from '../docker/client';
import type { DesiredState } from '../model/desired';
import type { ImageStep } from '../plan/types';
import type { Progress } from './execute';

/**
 * Pulls and builds what the plan says `up` needs before it can know image IDs. Pulls run in parallel; builds run
 * in parallel too (the daemon serialises what it must). Returns whether anything was fetched or built, so the
 * caller knows image IDs must be read again.
 */
export async function ensureImages(client: DockerClient, desired: DesiredState, steps: ImageStep[], progress: Progress): Promise<boolean> {
  if (steps.length === 0) return false;
  await Promise.all(
    steps.map(async (step) => {
      for (const service of step.services) progress.update(service, `${step.action === 'pull' ? 'pulling' : 'building'} ${step.ref}`);
      // Pulls report every few kilobytes; a status line at most every 250 ms keeps CI logs readable.
      let last = 0;
      const onLine = (line: string) => {
        if (Date.now() - last < 250) return;
        last = Date.now();
        step.services.forEach((s) => progress.update(s, `${step.action === 'pull' ? 'pulling' : 'building'} ${step.ref}: ${line}`));
      };
      const first = desired.services[step.services[0]];
      if (step.action === 'pull') await client.pullImage(step.ref, onLine, first.platform);
      else await client.buildImage(first.build!, step.ref, onLine, first.platform);
    }),
  );
  return true;
}
