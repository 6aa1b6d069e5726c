import { load } from '../api';
import { openTarget, selectTarget } from '../targets/select';
import type { GlobalOptions } from './main';
import { stackOptions } from './project';
import { warnIfNotTypeChecked } from './unchecked-warning';

export interface PlanFlags {
  json?: boolean;
  pull?: 'always' | 'missing' | 'never';
  verbose?: boolean;
}

/** `stack plan`: what `up` would do, changing nothing. Exit 0 = no changes, 2 = changes, 1 = error. */
export async function planCommand(globals: GlobalOptions, services: string[], flags: PlanFlags): Promise<void> {
  const stack = await load(stackOptions(globals, services));
  warnIfNotTypeChecked(stack);
  const target = await openTarget(selectTarget(globals.target, stack.desired));
  const result = target.plan(stack.desired, await target.observe(stack.desired), { services: [...stack.selected], pullPolicy: flags.pull });
  process.stdout.write(flags.json ? `${JSON.stringify(result, null, 2)}\n` : target.render(result, { verbose: flags.verbose }));
  const status = target.status(result);
  process.exitCode = status === 'blocked' ? 1 : status === 'changes' ? 2 : 0;
}
