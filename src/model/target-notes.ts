import type { DesiredState } from './desired';

/**
 * Keys the container engine accepts but does not apply, each as a note for `stack config` (on stderr, so the YAML
 * stays clean): the stack is valid, and the key matters to another target (a cluster export).
 */
export function containerTargetNotes(state: DesiredState): string[] {
  const notes: string[] = [];
  for (const v of Object.values(state.volumes)) {
    if (v.size !== undefined) notes.push(`volumes.${v.key}.size is ignored by the container engine (local volumes have no size); stack export kubernetes requests it for the volume's claim`);
  }
  return notes;
}
