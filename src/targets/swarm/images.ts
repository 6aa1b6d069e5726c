import type { DockerClient } from '../../docker/client';
import type { SwarmClient } from '../../docker/swarm-client';
import { UserError } from '../../errors';
import type { Progress } from '../../apply/progress';
import type { SwarmActual } from './actual';
import type { SwarmImageStep } from './plan-types';
import { swarmServices } from './services';
import type { DesiredState } from '../../model/desired';

/**
 * Makes every image of the plan pullable by every node, and learns its digest so services are deployed by digest
 * (every node runs the same bytes, and a changed image is an update while an unchanged one is not): an image with
 * `build` is built here, tagged as the service's `image` and pushed to its registry; any other image's digest is
 * asked of its registry through the engine, as `docker stack deploy` does. An image no registry has cannot reach
 * the other nodes: an error naming the services, before anything changed. Writes the digests into `actual`.
 */
export async function ensureSwarmImages(desired: DesiredState, steps: SwarmImageStep[], actual: SwarmActual, docker: DockerClient, swarm: SwarmClient, progress: Progress): Promise<string[]> {
  const services = swarmServices(desired);
  const notes: string[] = [];
  await Promise.all(steps.map(async (step) => {
    const say = (message: string) => step.services.forEach((s) => progress.update(s, message));
    if (step.action === 'build') {
      const build = services[step.services[0]].build!;
      say(`building ${step.ref}`);
      await docker.buildImage(build, step.ref);
      say(`pushing ${step.ref}`);
      actual.digests[step.ref] = await swarm.pushImage(step.ref);
      return;
    }
    say(`resolving ${step.ref}`);
    const digest = await swarm.registryDigest(step.ref);
    if (digest) {
      actual.digests[step.ref] = digest;
      return;
    }
    const local = await docker.imageIds([step.ref]);
    if (!local[step.ref]) {
      throw new UserError(`image ${step.ref} of ${step.services.map((s) => `service ${s}`).join(', ')} cannot be pulled by the swarm's nodes: its registry has no such image, or cannot be reached from here`, {
        hint: `push it to a registry every node reaches (docker push ${step.ref}), or give the service a build so stack up builds and pushes it; nothing was changed`,
      });
    }
    notes.push(`image ${step.ref} is in no registry, so it is deployed by tag: nodes that do not have it cannot run ${step.services.join(', ')}`);
  }));
  return notes;
}
