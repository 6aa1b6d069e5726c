import type { DesiredMount } from './desired';

/**
 * A mount's options as the short form writes them after the target (`:ro,Z`, `:nocopy`, or ''), in one order
 * everywhere: the daemon's Binds, `stack config`, plans and `stack export compose` all show the same text.
 */
export function mountSuffix(m: DesiredMount): string {
  const options = [...(m.readOnly ? ['ro'] : []), ...(m.selinux ? [m.selinux] : []), ...(m.nocopy ? ['nocopy'] : [])];
  return options.length ? `:${options.join(',')}` : '';
}
