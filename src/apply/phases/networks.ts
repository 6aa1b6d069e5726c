import { networkCreateBody } from '../../docker/create-options';
import { checkAbort, type ApplyContext } from '../apply-context';
import { fault } from '../fault';

/**
 * The network phase, after volumes: creates new networks and recreates changed ones. A recreate disconnects the
 * network's containers, removes it, creates it again and reconnects every container whose own step does not
 * replace it. Containers the volume phase removed (`gone`) are skipped.
 */
export async function applyNetworks(ctx: ApplyContext, gone: ReadonlySet<string>): Promise<void> {
  const { client, desired, plan } = ctx;
  const replaced = new Set(plan.containers.filter((c) => c.action === 'recreate' || c.action === 'remove').map((c) => c.id));
  await Promise.all(
    plan.networks.filter((n) => n.action === 'create' || n.action === 'recreate').map(async (n) => {
      checkAbort(ctx.signal);
      if (n.action === 'recreate') {
        for (const c of n.reconnect ?? []) if (!gone.has(c.id)) await client.disconnectNetwork(n.name, c.id);
        await client.removeNetwork(n.id ?? n.name);
        fault('network-remove');
      }
      await client.createNetwork(networkCreateBody(desired.networks[n.key!], desired.project));
      // Every disconnected container comes back unless its step replaces it, including containers of services
      // outside a scoped `up api` (they have no step at all, and no later plan would notice them missing).
      for (const c of n.reconnect ?? []) if (!replaced.has(c.id)) await client.connectNetwork(n.name, c.id, c.aliases, c.ipam);
      ctx.log.push(`${n.action}d network ${n.name}`);
      ctx.progress.note(`network ${n.name} ${n.action}d`);
    }),
  );
}

/**
 * The last phase: networks dropped from stack.ts. Only now, because a container recreated off a network holds it
 * until its old version is gone ("has active endpoints"); the caller skips it when the run was interrupted or a
 * service failed (an old container may still be attached, and the removal error would hide the real failure).
 */
export async function removeDroppedNetworks(ctx: ApplyContext): Promise<void> {
  await Promise.all(
    ctx.plan.networks.filter((n) => n.action === 'remove').map(async (n) => {
      await ctx.client.removeNetwork(n.id ?? n.name);
      ctx.log.push(`removed network ${n.name}`);
    }),
  );
}
