import { volumeCreateBody } from '../../docker/create-options';
import { checkAbort, type ApplyContext } from '../apply-context';
import { fault } from '../fault';

/**
 * The volume phase, first of a run: creates the plan's new volumes and recreates changed ones (a recreate exists
 * only when the user asked for it with --recreate-volumes; its data is lost). A volume in use cannot be removed,
 * so a recreate first removes the containers using it; their steps recreate them later, on the new volume.
 * Returns the IDs of the containers it removed, which later phases must not touch.
 */
export async function applyVolumes(ctx: ApplyContext): Promise<Set<string>> {
  const { client, desired, plan } = ctx;
  const gone = new Set<string>();
  await Promise.all(
    plan.volumes.filter((v) => v.action !== 'noop').map(async (v) => {
      checkAbort(ctx.signal);
      if (v.action === 'recreate') {
        await Promise.all((v.detach ?? []).map(async (c) => {
          await client.stopContainer(c.id);
          await client.removeContainer(c.id);
          gone.add(c.id);
        }));
        await client.removeVolume(v.name);
      }
      await client.createVolume(volumeCreateBody(desired.volumes[v.key!], desired.project));
      fault('volume-create');
      ctx.log.push(`${v.action}d volume ${v.name}`);
      ctx.progress.note(`volume ${v.name} ${v.action}d`);
    }),
  );
  return gone;
}
