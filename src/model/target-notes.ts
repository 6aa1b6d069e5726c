import type { DesiredService, DesiredState } from './desired';

/**
 * Keys the container engine accepts but does not apply, each as a note for `stack config` (on stderr, so the YAML
 * stays clean): the stack is valid, and the key matters to another target (a cluster export).
 */
export function containerTargetNotes(state: DesiredState): string[] {
  const notes: string[] = [];
  for (const s of Object.values(state.services)) notes.push(...ignoredOnSingleHost(s));
  for (const v of Object.values(state.volumes)) {
    if (v.size !== undefined) notes.push(`volumes.${v.key}.size is ignored by the container engine (local volumes have no size); stack export kubernetes requests it for the volume's claim`);
  }
  return notes;
}

/** What `deploy` (and a port's `mode`) holds that a single host does not apply: Swarm settings. */
function ignoredOnSingleHost(s: DesiredService): string[] {
  const path = `services.${s.name}`;
  const out: string[] = [];
  const d = s.deploy;
  if (d) {
    const policy = d.restartPolicy;
    const fromPolicy = policy?.condition === undefined ? undefined : policy.condition === 'any' ? 'always' : policy.condition === 'none' ? 'no' : policy.maxAttempts ? `on-failure:${policy.maxAttempts}` : 'on-failure';
    const ignored: [string, unknown, string][] = [
      ['mode', d.mode === 'global' ? d.mode : undefined, 'one container runs'],
      ['endpointMode', d.endpointMode, 'applies on Swarm'],
      ['labels', d.labels, 'applies on Swarm'],
      ['placement', d.placement, 'applies on Swarm'],
      ['updateConfig', d.updateConfig, 'applies on Swarm'],
      ['rollbackConfig', d.rollbackConfig, 'applies on Swarm'],
      ['resources.reservations.cpus', d.resources?.reservations?.nanoCpus, 'applies on Swarm'],
      ['restartPolicy.delay', policy?.delayMs, 'applies on Swarm'],
      ['restartPolicy.window', policy?.windowMs, 'applies on Swarm'],
      // The policy became `restart` unless the service set a different restart, which wins.
      ['restartPolicy', fromPolicy !== undefined && fromPolicy !== s.restart ? policy : undefined, `restart: ${s.restart} is set and wins`],
    ];
    for (const [key, value, why] of ignored) if (value !== undefined) out.push(`${path}.deploy.${key} is ignored on a single host (${why})`);
  }
  s.ports.forEach((p, i) => {
    if (p.mode !== undefined) out.push(`${path}.ports[${i}].mode is ignored on a single host (the port is published on this host)`);
  });
  return out;
}
