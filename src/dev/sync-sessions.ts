import pc from 'picocolors';
import type { DockerClient } from '../docker/client';
import { SessionEndedError, SyncSession, type CommandResult } from './sync-session';

/** A container to sync into. */
export interface SyncTarget {
  id: string;
  name: string;
  running: boolean;
  /** The service it belongs to, for saying once per service that its image needs the slower path. */
  service?: string;
}

/**
 * The sync sessions of one `stack dev`, one per running container synced into, opened when the container comes up
 * (or at its first change) and opened again when one ends (a restart ends it). Where there can be none (a stopped
 * container, an image without a shell such as distroless), the caller copies through the Engine API instead: the
 * methods answer `undefined` for "not done, use the fallback".
 */
export class SyncSessions {
  private readonly open = new Map<string, Promise<SyncSession | undefined>>();
  /** Containers whose image cannot run a session, and why. */
  private readonly unsupported = new Map<string, string>();
  private readonly told = new Set<string>();
  private closed = false;

  constructor(private readonly client: DockerClient, private readonly say: (line: string) => void) {}

  /** Opens sessions into `targets` now, so the first save does not wait for one. */
  prepare(targets: SyncTarget[]): Promise<void> {
    return Promise.all(targets.filter((t) => t.running).map((t) => this.session(t))).then(() => undefined);
  }

  /** Extracts `tar` into `base` through `target`'s session; `undefined` when there is none to use. */
  async extract(target: SyncTarget, base: string, tar: Buffer): Promise<CommandResult | undefined> {
    if (base.includes('\n')) return undefined;
    return this.retrying(target, (s) => s.extract(base, tar));
  }

  /** Deletes `paths` through `target`'s session; `undefined` when there is none to use. */
  async remove(target: SyncTarget, paths: string[]): Promise<CommandResult | undefined> {
    if (paths.some((p) => p.includes('\n'))) return undefined;
    return this.retrying(target, (s) => s.remove(paths));
  }

  /** Ends every session (commands sent are still carried out); no new ones are opened. */
  close(): void {
    this.closed = true;
    for (const pending of this.open.values()) pending.then((s) => s?.close(), () => undefined);
    this.open.clear();
  }

  /** Runs `command` in the session; if the session ended under it, once more in a new one (commands are idempotent). */
  private async retrying(target: SyncTarget, command: (s: SyncSession) => Promise<CommandResult>): Promise<CommandResult | undefined> {
    for (let attempt = 1; attempt <= 2; attempt++) {
      const session = await this.session(target);
      if (!session) return undefined;
      try {
        return await command(session);
      } catch (err) {
        if (!(err instanceof SessionEndedError)) throw err;
      }
    }
    return undefined;
  }

  /** The container's live session: the one open or opening (callers at the same moment share it), else a new one. */
  private session(target: SyncTarget): Promise<SyncSession | undefined> {
    if (this.closed || !target.running || this.unsupported.has(target.id)) return Promise.resolve(undefined);
    const current = this.open.get(target.id);
    if (!current) return this.begin(target);
    return current.then((s) => {
      if (s?.alive) return s;
      // Ended (a restart) or failed to open: whoever comes first opens the next one; the others share it.
      return this.open.get(target.id) === current ? this.begin(target) : this.session(target);
    });
  }

  private begin(target: SyncTarget): Promise<SyncSession | undefined> {
    const opening = this.start(target);
    this.open.set(target.id, opening);
    // A container that is replaced leaves no entry behind once its session ends.
    void opening.then((s) => s?.ended.then(() => {
      if (this.open.get(target.id) === opening) this.open.delete(target.id);
    }));
    return opening;
  }

  private async start(target: SyncTarget): Promise<SyncSession | undefined> {
    let opened: Awaited<ReturnType<typeof SyncSession.open>>;
    try {
      opened = await SyncSession.open(this.client, target.id);
    } catch {
      // Not running after all, or the daemon refused: this change goes the slower way, the next one tries again.
      return undefined;
    }
    if ('unsupported' in opened) {
      this.unsupported.set(target.id, opened.unsupported);
      const who = target.service ?? target.name;
      if (!this.told.has(who)) {
        this.told.add(who);
        this.say(pc.yellow(`note: ${who}: files are copied through the Engine API, one slower call a save, since the image cannot run the sync session: ${firstLine(opened.unsupported)}`));
      }
      return undefined;
    }
    if (this.closed) opened.close();
    return opened;
  }
}

function firstLine(text: string): string {
  return text.split('\n').find((l) => l.trim())?.trim() ?? text;
}
