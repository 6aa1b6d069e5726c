import { loadStack } from '../config/load-stack';
import { plan } from '../plan/plan';
import { renderPlan } from '../plan/render';
import { hasChanges } from '../plan/types';
import { observe } from '../state/observe';
import type { GlobalOptions } from './main';
import { dockerClient } from './project';

export interface PlanFlags {
  json?: boolean;
  pull?: 'always' | 'missing' | 'never';
  verbose?: boolean;
}

/** `stack plan`: what `up` would do, changing nothing. Exit 0 = no changes, 2 = changes, 1 = error. */
export async function planCommand(globals: GlobalOptions, services: string[], flags: PlanFlags): Promise<void> {
  const { desired } = await loadStack({ ...globals, services });
  const client = await dockerClient();
  const actual = await observe(client, desired.project, desired);
  const result = plan(desired, actual, { services, pullPolicy: flags.pull });
  process.stdout.write(flags.json ? `${JSON.stringify(result, null, 2)}\n` : renderPlan(result, { verbose: flags.verbose }));
  if (result.blockers.length) process.exitCode = 1;
  else if (hasChanges(result)) process.exitCode = 2;
}
