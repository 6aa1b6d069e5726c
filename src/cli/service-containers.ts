// The lookup lives with the container target (targets/containers), which `ps` and `exec` go through; the other
// container commands (stop, start, kill, rm, cp, top, port, images) use it from here.
export { serviceContainers } from '../targets/containers/service-containers';

/** `n thing` / `n things`. */
export function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}
