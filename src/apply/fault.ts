/**
 * The fault hook of the apply core: `STACKFILE_FAULT=after:<step>` kills the process (SIGKILL, as `kill -9` would)
 * right after the named step, the first time it is reached. It is how the fault suite (test/integration/faults)
 * stops an `up` at exactly the worst moments, deterministically, to prove the next `up` converges from each.
 * Unset, it costs one comparison per step.
 */
export type FaultStep =
  /** A recreate's replacement was created under its temporary name; the old container still holds the real one. */
  | 'create-new'
  /** The old container of a recreate has stopped; the replacement exists, not started. */
  | 'stop-old'
  /** The old container was removed; the replacement still has its temporary name. */
  | 'remove-old'
  /** The replacement took the real name; it has not been started. */
  | 'rename'
  /** A recreated network was removed (its containers disconnected) and not yet created again. */
  | 'network-remove'
  /** The first of the run's volumes was created; others may still be in flight. */
  | 'volume-create';

const armed = process.env.STACKFILE_FAULT?.startsWith('after:') ? process.env.STACKFILE_FAULT.slice('after:'.length) : undefined;

/** Marks that `step` was just done; dies there when the fault hook names it. */
export function fault(step: FaultStep): void {
  if (armed !== step) return;
  process.stderr.write(`STACKFILE_FAULT: killed after ${step}\n`);
  process.kill(process.pid, 'SIGKILL');
}
