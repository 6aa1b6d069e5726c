import type { ActualContainer } from '../docker/actual';

/**
 * The env overlay a project was last applied with: the env label of its newest container that has one ('' for the
 * base config). Undefined when no container says (none yet, or all made before the label existed).
 */
export function lastAppliedEnv(containers: readonly ActualContainer[]): string | undefined {
  let newest: ActualContainer | undefined;
  for (const c of containers) if (c.env !== undefined && (!newest || c.created >= newest.created)) newest = c;
  return newest?.env;
}

/** When applying `env` would switch a project away from the env it was last applied with: both, for messages. */
export function envSwitch(env: string | undefined, containers: readonly ActualContainer[]): { from: string; to: string } | undefined {
  const from = lastAppliedEnv(containers);
  const to = env ?? '';
  return from === undefined || from === to ? undefined : { from, to };
}

/** `env prod`, or `the base config (no --env)`. */
export function envWords(env: string): string {
  return env ? `env ${env}` : 'the base config (no --env)';
}
