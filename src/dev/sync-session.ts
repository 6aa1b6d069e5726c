import type { DockerClient, ExecSession } from '../docker/client';

/**
 * The loop a sync session runs in the container (POSIX sh, busybox or coreutils). It first checks the tools it
 * needs and says `ready`. Then it reads one command at a time, each a header line `SEQ OP N` and an argument line:
 *   x: N blocks of 512 bytes follow, a tar archive to extract into the folder the argument names (made first);
 *   d: N lines follow, each a path to delete (the argument line is empty).
 * and answers `::stackfile-done SEQ STATUS` after whatever the command printed.
 * The framing is exact because `read` takes a pipe a byte at a time and `dd ... iflag=fullblock` takes exactly N
 * blocks (busybox `head -c` reads ahead and would swallow the next command). Whatever tar leaves unread of its
 * blocks, on success or failure, `cat` drains, so one bad archive never desynchronises the stream.
 */
const SCRIPT = [
  'for t in cat dd mkdir rm tar; do command -v "$t" >/dev/null 2>&1 || { echo "no $t in the image"; exit 3; }; done',
  'printf ab | dd bs=1 count=1 iflag=fullblock >/dev/null 2>&1 || { echo "dd cannot read exact blocks (no iflag=fullblock)"; exit 3; }',
  'echo ready',
  'while IFS=" " read -r seq op n; do',
  '  IFS= read -r arg',
  '  case "$op" in',
  '    x) dd bs=512 count="$n" iflag=fullblock 2>/dev/null | { { [ -d "$arg" ] || mkdir -p -- "$arg"; } && tar -xf - -C "$arg"; s=$?; cat >/dev/null; exit $s; } 2>&1; s=$? ;;',
  '    d) set --; i=0; while [ "$i" -lt "$n" ]; do IFS= read -r p; set -- "$@" "$p"; i=$((i+1)); done; rm -rf -- "$@" 2>&1; s=$? ;;',
  '    *) echo "unknown command $op"; s=2 ;;',
  '  esac',
  '  echo "::stackfile-done $seq $s"',
  'done',
].join('\n');

const DONE = /^::stackfile-done (\d+) (\d+)$/;
/** Deletions per command: the loop collects them with `set --`, which grows slowly past a few hundred. */
const DELETE_CHUNK = 200;

/** The session's connection ended (the container stopped or restarted): open a new one, or use the fallback. */
export class SessionEndedError extends Error {}

export interface CommandResult {
  code: number;
  /** What the command printed (tar's or rm's complaints). */
  output: string;
}

/**
 * One long-lived `sh` in a running container that writes the files it is sent, so a save costs a write to an open
 * connection instead of an Engine API call (~130 ms for a one-line file on Docker 20.10). Commands may be sent
 * without waiting: the container carries them out in order, so a later batch never lands before an earlier one.
 */
export class SyncSession {
  private seq = 0;
  private readonly pending = new Map<number, { resolve: (r: CommandResult) => void; reject: (err: Error) => void }>();
  private said = '';
  private partial = '';
  private ready?: { resolve: () => void; reject: (err: Error) => void };
  private live = true;

  private constructor(private readonly exec: ExecSession) {
    exec.output.setEncoding('utf8');
    exec.output.on('data', (text: string) => this.read(text));
    exec.ended.then(() => this.end());
  }

  /**
   * Starts the loop in container `id`. Resolves with `{ unsupported }` when the image cannot run it (no shell, no
   * tar or dd), saying why; rejects when the daemon refuses the exec (the container is not running).
   */
  static async open(client: DockerClient, id: string, timeoutMs = 15_000): Promise<SyncSession | { unsupported: string }> {
    // As root, like the Engine API's archive upload: files land owned by root whatever user the image runs as.
    const session = new SyncSession(await client.openExec(id, ['sh', '-c', SCRIPT], { user: '0' }));
    let timer: NodeJS.Timeout | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        session.ready = { resolve, reject };
        if (!session.live) reject(new SessionEndedError(session.said));
        timer = setTimeout(() => reject(new Error(`the sync session did not start within ${timeoutMs} ms`)), timeoutMs);
      });
      return session;
    } catch (err) {
      session.close();
      // Ending with a word (the runtime's "executable file not found", the loop's "no tar") is the image's answer;
      // ending silently is the container stopping under it, which a later attempt may not meet.
      if (err instanceof SessionEndedError && err.message.trim()) return { unsupported: err.message.trim() };
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  get alive(): boolean {
    return this.live;
  }

  get ended(): Promise<void> {
    return this.exec.ended;
  }

  /** Extracts `tar` (an archive of whole 512-byte blocks) into folder `base`, made first if missing. */
  extract(base: string, tar: Buffer): Promise<CommandResult> {
    if (base.includes('\n')) throw new Error(`a folder name with a line break cannot be sent: ${JSON.stringify(base)}`);
    const padded = tar.length % 512 === 0 ? tar : Buffer.concat([tar, Buffer.alloc(512 - (tar.length % 512))]);
    return this.send(`x ${padded.length / 512}\n${base}\n`, padded);
  }

  /** Deletes `paths` (absolute, no line breaks), folders with what they hold; a missing path is not an error. */
  async remove(paths: string[]): Promise<CommandResult> {
    const bad = paths.find((p) => p.includes('\n'));
    if (bad) throw new Error(`a path with a line break cannot be sent: ${JSON.stringify(bad)}`);
    const chunks: string[][] = [];
    for (let i = 0; i < paths.length; i += DELETE_CHUNK) chunks.push(paths.slice(i, i + DELETE_CHUNK));
    const results = await Promise.all(chunks.map((chunk) => this.send(`d ${chunk.length}\n\n${chunk.join('\n')}\n`)));
    return { code: results.find((r) => r.code !== 0)?.code ?? 0, output: results.map((r) => r.output).filter(Boolean).join('\n') };
  }

  /** Ends the loop (EOF on its stdin); commands already sent are still carried out. */
  close(): void {
    this.exec.close();
  }

  private send(header: string, body?: Buffer): Promise<CommandResult> {
    if (!this.live) return Promise.reject(new SessionEndedError('the sync session has ended'));
    const seq = ++this.seq;
    const done = new Promise<CommandResult>((resolve, reject) => this.pending.set(seq, { resolve, reject }));
    this.exec.stdin.write(`${seq} ${header}`);
    if (body) this.exec.stdin.write(body);
    return done;
  }

  private read(text: string): void {
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop()!;
    for (const line of lines) {
      if (this.ready && line === 'ready') {
        this.ready.resolve();
        this.ready = undefined;
        this.said = '';
        continue;
      }
      const done = DONE.exec(line);
      const waiting = done ? this.pending.get(Number(done[1])) : undefined;
      if (!done || !waiting) {
        this.said += `${line}\n`;
        continue;
      }
      this.pending.delete(Number(done[1]));
      waiting.resolve({ code: Number(done[2]), output: this.said.trim() });
      this.said = '';
    }
  }

  private end(): void {
    this.live = false;
    const said = (this.said + this.partial).trim();
    this.ready?.reject(new SessionEndedError(said));
    this.ready = undefined;
    for (const { reject } of this.pending.values()) reject(new SessionEndedError(`the sync session ended${said ? `: ${said}` : ''}`));
    this.pending.clear();
  }
}
