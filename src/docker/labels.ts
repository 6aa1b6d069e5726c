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
  /** The env overlay (`--env NAME`) the container was created under, '' for none: how a plain command knows it. */
  env: 'io.stackfile.env',
  /** On a one-off container of `stack run`: its project. Not `project`, so plan, ps and down never take it for a replica. */
  runOf: 'io.stackfile.run-of',
  /** stackfile version that created the object. */
  version: 'io.stackfile.version',
} as const;

/**
 * Labels of a project lock (a volume named `stackfile-lock.<project>`, see apply/lock.ts): who holds it, so a
 * refused command can name the holder and a dead holder can be told from a live one.
 */
export const LOCK_LABEL = {
  /** The project locked. */
  project: 'io.stackfile.lock',
  /** Random, per acquisition: tells the holder's own lock from a later one. */
  token: 'io.stackfile.lock.token',
  pid: 'io.stackfile.lock.pid',
  host: 'io.stackfile.lock.host',
  /** Boot ID and pid namespace: two holders with the same value can see each other's processes by pid. */
  processSpace: 'io.stackfile.lock.process-space',
  /** The holder process's start time (clock ticks since boot), so a reused pid is not taken for the holder. */
  processStart: 'io.stackfile.lock.process-start',
  /** The command line holding it (`stack up api`). */
  command: 'io.stackfile.lock.command',
  /** When it was taken, ISO time on the holder's clock. */
  since: 'io.stackfile.lock.since',
} as const;

/** Compose's names, so users recognise them in `docker ps`: `<project>-<service>-<n>`. */
export function containerName(project: string, service: string, number: number): string {
  return `${project}-${service}-${number}`;
}
