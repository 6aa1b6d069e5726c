import { openTarget, selectTarget } from '../targets/select';
import type { GlobalOptions } from './main';
import { downOnTarget } from './on-target';
import { projectStack } from './project';

/** `stack down`: from labels alone; named volumes only with --volumes. */
export async function downCommand(globals: GlobalOptions, flags: { volumes?: boolean; timeout?: number }): Promise<void> {
  const { project, stack } = await projectStack(globals);
  await downOnTarget(await openTarget(selectTarget(globals.target, stack?.desired)), project, stack?.desired, flags);
}
