/**
 * Every label stackfile puts on daemon objects, in one place. The daemon is the only state: these labels are how
 * `ps`, `logs`, `down` and `plan` find a project's objects and know what was applied to them.
 */
export const LABEL = {
  /** Project name, on containers, networks and volumes. */
  project: 'io.stackfile.project',
  /** Service name, on containers. */
  service: 'io.stackfile.service',
  /** Replica number (1-based), on containers. */
  number: 'io.stackfile.number',
  /** Key of the network or volume in stack.ts. */
  network: 'io.stackfile.network',
  volume: 'io.stackfile.volume',
  /** Hash of the applied spec: equal hashes mean nothing to diff. */
  configHash: 'io.stackfile.config-hash',
  /** The applied, normalised spec as JSON (secrets replaced by digests), so plans diff field by field. */
  applied: 'io.stackfile.applied',
  /** Names of the services this container depends on, so `down` stops dependents first without stack.ts. */
  dependsOn: 'io.stackfile.depends-on',
  /** stackfile version that created the object. */
  version: 'io.stackfile.version',
} as const;

/** Compose's names, so users recognise them in `docker ps`: `<project>-<service>-<n>`. */
export function containerName(project: string, service: string, number: number): string {
  return `${project}-${service}-${number}`;
}
