import { load, plan } from '../api';
import { renderPlan } from '../plan/render';
import { hasChanges } from '../plan/types';
import { openTarget, selectTarget } from '../targets/select';
import type { GlobalOptions } from './main';
import { stackOptions } from './project';

export interface PlanFlags {
  json?: boolean;
  pull?: 'always' | 'missing' | 'never';
  verbose?: boolean;
}

/** `stack plan`: what `up` would do, changing nothing. Exit 0 = no changes, 2 = changes, 1 = error. */
export async function planCommand(globals: GlobalOptions, services: string[], flags: PlanFlags): Promise<void> {
  const stack = await load(stackOptions(globals, services));
  const targetName = selectTarget(globals.target, stack.desired);
  if (targetName !== 'containers') {
    const target = await openTarget(targetName);
    const result = target.plan(stack.desired, await target.observe(stack.desired), { services: [...stack.selected], pullPolicy: flags.pull });
    process.stdout.write(flags.json ? `${JSON.stringify(result, null, 2)}\n` : target.render(result, { verbose: flags.verbose }));
    const status = target.status(result);
    process.exitCode = status === 'blocked' ? 1 : status === 'changes' ? 2 : 0;
    return;
  }
  const result = await plan(stack, { pull: flags.pull });
  process.stdout.write(flags.json ? `${JSON.stringify(result, null, 2)}\n` : renderPlan(result, { verbose: flags.verbose }));
  if (result.blockers.length) process.exitCode = 1;
  else if (hasChanges(result)) process.exitCode = 2;
}
