/**
 * Swarm's own names for a stack's objects, so what stackfile deploys is what `docker stack deploy` would have made:
 * `docker stack ls`, `docker stack ps PROJECT` and `docker service ls` show it as a stack. stackfile's own labels
 * (docker/labels.ts) are added next to these.
 */
export const STACK_LABEL = {
  /** On every object of a stack: services, their containers, networks, secrets, configs, volumes. */
  namespace: 'com.docker.stack.namespace',
  /** On services: the image as written in the stack file, before it was pinned to a digest. */
  image: 'com.docker.stack.image',
} as const;

/** stackfile's labels that only the swarm target writes. */
export const SWARM_LABEL = {
  /** Key in stack.ts of the secret or config an object holds a version of. */
  secret: 'io.stackfile.secret',
  config: 'io.stackfile.config',
} as const;

/** `docker stack deploy`'s scoping of names: `<stack>_<name>`. */
export function scoped(project: string, name: string): string {
  return `${project}_${name}`;
}

/**
 * A secret's or config's object name: swarm objects are immutable, so each value gets an object of its own, named
 * after the stack, the key and a fingerprint of the value (`shop_db_password.3f9a1c2b7d4e`). A service moves to a new
 * value by an update that swaps the reference, and the object of the old value is removed once no service uses it.
 */
export function versionedName(project: string, key: string, fingerprint: string): string {
  return `${scoped(project, key)}.${fingerprint}`;
}
