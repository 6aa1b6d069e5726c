import { checkAbort, type ApplyContext } from '../apply-context';

/**
 * Removes the containers the plan drops (services removed from stack.ts, replicas scaled away, leftovers of an
 * interrupted recreate), all at once, before any service launches: a leftover may hold a name or a port that a
 * launch needs.
 */
export async function removeContainers(ctx: ApplyContext): Promise<void> {
  await Promise.all(
    ctx.plan.containers.filter((c) => c.action === 'remove').map(async (c) => {
      checkAbort(ctx.signal);
      await ctx.client.stopContainer(c.id!);
      await ctx.client.removeContainer(c.id!);
      ctx.log.push(`removed ${c.name} (${c.reasons.join('; ')})`);
      ctx.progress.note(`removed ${c.name}`);
    }),
  );
}
