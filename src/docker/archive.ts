import { pack, extract } from 'tar-stream';
import { Readable } from 'node:stream';

export interface ArchiveFile {
  /** Absolute path in the container. */
  path: string;
  content: string | Buffer;
  mode: number;
  uid: number;
  gid: number;
}

/**
 * A tar of files to extract at `/` in a container (PUT /containers/{id}/archive?path=/). Only file entries: the
 * daemon creates missing parent folders itself and leaves existing ones (and their modes) as they are.
 */
export async function archiveOf(files: ArchiveFile[]): Promise<Buffer> {
  const p = pack();
  for (const f of files) {
    await new Promise<void>((resolve, reject) => p.entry({ name: f.path.replace(/^\/+/, ''), mode: f.mode, uid: f.uid, gid: f.gid, mtime: new Date(0) }, f.content, (err) => (err ? reject(err) : resolve())));
  }
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of p) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The content of the single regular file in a tar from GET /containers/{id}/archive; undefined if it holds none. */
export async function fileFromArchive(tar: Buffer): Promise<Buffer | undefined> {
  const x = extract();
  let found: Buffer | undefined;
  const done = new Promise<void>((resolve, reject) => {
    x.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: unknown) => chunks.push(c as Buffer));
      stream.on('end', () => {
        if (header.type === 'file' && found === undefined) found = Buffer.concat(chunks);
        next();
      });
      stream.resume();
    });
    x.on('finish', resolve);
    x.on('error', reject);
  });
  Readable.from([tar]).pipe(x);
  await done;
  return found;
}
