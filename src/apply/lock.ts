import { randomBytes } from 'node:crypto';
import type { DockerClient, VolumeInfo } from '../docker/client';
import { LOCK_LABEL } from '../docker/labels';
import { UserError } from '../errors';
import { holderFrom, holderLabels, holderState, thisProcess, type Holder } from './lock-holder';

/** A holder in another process space proves it is alive this often... */
const HEARTBEAT_MS = 10_000;
/** ...and is taken for dead this long after its last sign of life (three missed heartbeats). */
export const LEASE_MS = 30_000;

/**
 * One change at a time per project and daemon: a second `stack up` (or down) fails at once, naming the command
 * that holds the project, instead of racing it. (`lockProject` below; `lockOnDaemon` is the mechanism.)
 *
 * The lock lives on the daemon itself, as a volume named `stackfile-lock.<project>` whose labels name the holder:
 * however DOCKER_HOST is spelt, and from however many machines, commands that reach one daemon meet the same lock.
 * Creating a volume is the daemon's atomic test-and-set (a name is created once; a second create gets the first
 * volume back), so exactly one command holds it. It costs one volume create and one removal per command.
 *
 * A dead holder is taken over at once when it ran in this process space (same boot and pid namespace: its pid is
 * gone, or now belongs to a process that started later). A holder elsewhere (another machine, another container)
 * proves it is alive with a heartbeat volume every 10 s, and is taken over 30 s after its last one.
 */
export function lockProject(client: DockerClient, project: string): Promise<() => Promise<void>> {
  return lockOnDaemon(client, project, `stackfile-lock.${project}`, (h, lock) =>
    new UserError(`another stack command is already changing project "${project}": \`${h.command}\` (${describeHolder(h)})`, {
      hint: holderState(h) === 'unknown'
        ? `wait for it to finish, then run this again; ${elsewhere(lock)}`
        : 'wait for it to finish (or stop it), then run this again',
    }));
}

/**
 * Takes the lock named `name` (a volume) for `project`, or throws what `busy` makes of its live holder. The
 * mechanism behind lockProject, and behind `stack dev`'s session lock, which is held for a whole session.
 */
export async function lockOnDaemon(client: DockerClient, project: string, name: string, busy: (holder: Holder, lock: VolumeInfo) => UserError): Promise<() => Promise<void>> {
  for (let attempt = 0; ; attempt++) {
    const me = thisProcess(randomBytes(8).toString('hex'));
    const held = await client.claimVolume(name, holderLabels(project, me));
    if (held.labels[LOCK_LABEL.token] === me.token) return hold(client, project, name, me);
    const holder = holderFrom(held.labels);
    // A few rounds at most: each takes over a dead holder or finds a live one.
    if (attempt < 3 && (await isDead(client, name, holder, held)) && (await takeOver(client, project, name, holder))) continue;
    throw busy(holder, held);
  }
}

/** "pid 4242 on build-7, since 10:31:02 (5s ago)": enough to find the holder. */
export function describeHolder(h: Holder): string {
  const since = Date.parse(h.since);
  const when = Number.isNaN(since) ? '' : `, since ${new Date(since).toLocaleTimeString()} (${Math.max(0, Math.round((Date.now() - since) / 1000))}s ago)`;
  return `pid ${h.pid} on ${h.host}${when}`;
}

/** Why the holder is not simply checked: it runs elsewhere, and only its heartbeat says it is alive. */
export function elsewhere(lock: VolumeInfo): string {
  return `it runs on another machine or container, and is taken for dead ${LEASE_MS / 1000}s after its last heartbeat (the lock is the volume ${lock.name})`;
}

/** Holds the lock: heartbeats while held, and a release that removes it (and only it). */
function hold(client: DockerClient, project: string, name: string, me: Holder): () => Promise<void> {
  let beat: string | undefined;
  let lastSign = Date.now();
  let n = 0;
  // One heartbeat at a time: the next volume is made before the previous goes, so there always is one.
  let beating = Promise.resolve();
  const timer = setInterval(() => {
    beating = beating.then(async () => {
      const next = `${name}.alive-${me.token}-${++n}`;
      await client.claimVolume(next, holderLabels(project, me));
      lastSign = Date.now();
      const previous = beat;
      beat = next;
      if (previous) await client.removeVolume(previous);
    }).catch(() => undefined); // a missed beat is survivable; the lease allows for two
  }, HEARTBEAT_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await beating;
    if (beat) await client.removeVolume(beat).catch(() => undefined);
    try {
      // Held past a lease without a heartbeat (a laptop that slept, a daemon that was away): another command may
      // rightly have taken the lock over, and that one is not ours to remove.
      if (Date.now() - lastSign > LEASE_MS) {
        const now = await client.inspectVolume(name);
        if (now?.labels[LOCK_LABEL.token] !== me.token) return;
      }
      await client.removeVolume(name);
    } catch {
      // The daemon went away (the command is failing for that reason already, and must say so, not this). The lock
      // stays behind with a dead holder, which the next command takes over at once.
    }
  };
}

/** A holder in this process space is checked directly; one elsewhere by its last heartbeat, on the daemon's clock. */
async function isDead(client: DockerClient, name: string, holder: Holder, lock: VolumeInfo): Promise<boolean> {
  const state = holderState(holder);
  if (state !== 'unknown') return state === 'dead';
  const [beats, now] = await Promise.all([client.volumesNamed(`${name}.alive-${holder.token}-`), client.daemonTime()]);
  const lastSign = Math.max(lock.createdAt || 0, ...beats.map((b) => b.createdAt || 0));
  return now - lastSign > LEASE_MS;
}

/**
 * Replaces a dead holder's lock. Two commands may find the same dead holder at once, and removing a lock by name is
 * not conditional, so the one that may remove it is decided first by a claim volume named after the dead holder's
 * token. The winner removes the lock only if it still carries the dead holder's token (tokens are never reused,
 * so once that lock is gone no later claim can match it), then its heartbeats and the claim. Returns false when
 * another command is taking it over.
 */
async function takeOver(client: DockerClient, project: string, name: string, dead: Holder): Promise<boolean> {
  const claimName = `${name}.takeover-${dead.token}`;
  const me = thisProcess(randomBytes(8).toString('hex'));
  const claim = await client.claimVolume(claimName, holderLabels(project, me));
  if (claim.labels[LOCK_LABEL.token] !== me.token) {
    // Another command's takeover; if it died doing it, its claim goes and the next round tries again.
    const other = holderFrom(claim.labels);
    if (!(await isDead(client, claimName, other, claim))) return false;
    await client.removeVolume(claimName);
    return true;
  }
  try {
    // Gone or someone else's: taken over already, retry the claim. Only the dead holder's own lock is removed.
    const lock = await client.inspectVolume(name);
    if (!lock || (lock.labels[LOCK_LABEL.token] ?? '') !== dead.token) return true;
    const beats = await client.volumesNamed(`${name}.alive-${dead.token}-`);
    await Promise.all(beats.map((b) => client.removeVolume(b.name)));
    await client.removeVolume(name);
    return true;
  } finally {
    // Safe now: whoever wins this claim next finds the dead holder's lock gone and leaves the lock alone.
    await client.removeVolume(claimName);
  }
}
