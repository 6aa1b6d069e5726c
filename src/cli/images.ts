import type { GlobalOptions } from './main';
import { dockerClient, projectName } from './project';
import { serviceContainers } from './service-containers';
import { table } from './table';

/** `stack images [service...]`: the images the project's containers run, with ID, size and age. */
export async function imagesCommand(globals: GlobalOptions, services: string[], flags: { quiet?: boolean; json?: boolean }): Promise<void> {
  const project = await projectName(globals);
  const client = await dockerClient();
  const containers = await serviceContainers(client, project, services);
  const details = await client.imageDetails([...new Set(containers.map((c) => c.image))]);
  const rows = containers.map((c) => {
    const d = details.find((i) => i.ref === c.image);
    const [repository, tag = 'latest'] = splitRef(c.image);
    return { container: c.name, service: c.service, repository, tag, id: (d?.id ?? c.imageId).replace(/^sha256:/, '').slice(0, 12), size: d?.size, created: d?.created };
  });
  if (flags.json) return void process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  if (flags.quiet) return void process.stdout.write([...new Set(rows.map((r) => r.id))].map((id) => `${id}\n`).join(''));
  process.stdout.write(table([['CONTAINER', 'REPOSITORY', 'TAG', 'IMAGE ID', 'SIZE'], ...rows.map((r) => [r.container, r.repository, r.tag, r.id, r.size === undefined ? '?' : humanSize(r.size)])]));
}

/** `registry:5000/app:1` → [`registry:5000/app`, `1`]; a digest reference keeps its digest as the tag. */
function splitRef(ref: string): [string, string?] {
  const at = ref.indexOf('@');
  if (at >= 0) return [ref.slice(0, at), ref.slice(at + 1)];
  const colon = ref.lastIndexOf(':');
  return colon > ref.lastIndexOf('/') ? [ref.slice(0, colon), ref.slice(colon + 1)] : [ref];
}

export function humanSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let n = bytes;
  let u = 0;
  while (n >= 1000 && u < units.length - 1) [n, u] = [n / 1000, u + 1];
  return `${n >= 10 || u === 0 ? Math.round(n) : n.toFixed(1)}${units[u]}`;
}
