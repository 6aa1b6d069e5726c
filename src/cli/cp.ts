import { existsSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { posix } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { UserError } from '../errors';
import type { GlobalOptions } from './main';
import { dockerClient, projectName } from './project';
import { serviceContainers } from './service-containers';

/** `SERVICE:PATH` names a path in a container; anything else (`./x`, `/tmp/x`) a local one. */
function containerPath(arg: string): { service: string; path: string } | undefined {
  const m = /^([a-zA-Z0-9][a-zA-Z0-9_.-]*):(.+)$/.exec(arg);
  return m ? { service: m[1], path: m[2] } : undefined;
}

/**
 * `stack cp SERVICE:SRC DEST` and `stack cp SRC SERVICE:DEST`: copies a file or folder out of or into a service's
 * container (running or not) through the Engine API, so the image needs no tar. As docker cp: into an existing
 * folder the source keeps its name; otherwise it takes DEST's.
 */
export async function cpCommand(globals: GlobalOptions, source: string, dest: string, flags: { index: number }): Promise<void> {
  const from = containerPath(source);
  const to = containerPath(dest);
  if (!!from === !!to) throw new UserError(`stack cp ${source} ${dest}: exactly one side must be SERVICE:PATH`, { hint: 'stack cp api:/app/log.txt ./log.txt, or stack cp ./seed.sql db:/tmp/' });
  const project = await projectName(globals);
  const client = await dockerClient();
  const side = (from ?? to)!;
  const containers = await serviceContainers(client, project, [side.service]);
  const target = containers.find((c) => c.number === flags.index);
  if (!target) throw new UserError(`service ${side.service} has no replica ${flags.index}`, { hint: `replicas: ${containers.map((c) => c.number).join(', ')}` });
  const { extract, pack } = await import('tar-fs');
  if (from) {
    const tar = await client.getArchive(target.id, from.path);
    if (!tar) throw new UserError(`${from.path} does not exist in ${target.name}`, { hint: `look with: stack exec ${from.service} ls ${posix.dirname(from.path)}` });
    const local = resolve(dest);
    const intoFolder = existsSync(local) && statSync(local).isDirectory();
    // The archive's top entry is the source's own name; outside an existing folder it is renamed to DEST's.
    const top = posix.basename(from.path.replace(/\/+$/, ''));
    const rename = (name: string) => (intoFolder ? name : name === top ? basename(local) : name.startsWith(`${top}/`) ? `${basename(local)}${name.slice(top.length)}` : name);
    await pipeline(Readable.from(tar), extract(intoFolder ? local : dirname(local), { map: (h) => ({ ...h, name: rename(h.name) }) }));
    process.stderr.write(`copied ${target.name}:${from.path} to ${dest}\n`);
    return;
  }
  const local = resolve(source);
  if (!existsSync(local)) throw new UserError(`${source} does not exist`, { hint: 'give a file or folder on this machine as the source' });
  const intoFolder = to!.path.endsWith('/');
  const folder = intoFolder ? to!.path : posix.dirname(to!.path);
  const name = intoFolder ? basename(local) : posix.basename(to!.path);
  const tar = pack(dirname(local), { entries: [basename(local)], map: (h) => ({ ...h, name: h.name === basename(local) ? name : `${name}${h.name.slice(basename(local).length)}` }) });
  const chunks: Buffer[] = [];
  for await (const chunk of tar) chunks.push(chunk as Buffer);
  await client.putArchive(target.id, folder, Buffer.concat(chunks));
  process.stderr.write(`copied ${source} to ${target.name}:${to!.path}\n`);
}
