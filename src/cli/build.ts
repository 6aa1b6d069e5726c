import pc from 'picocolors';
import { load } from '../api';
import type { GlobalOptions } from './main';
import { dockerClient, stackOptions } from './project';
import { byImage, stackServices } from './stack-services';

/**
 * `stack build [service...]`: builds the images of services with a `build` (each image once), as `up` would, without
 * creating anything. Build output goes to stderr line by line, prefixed with the image.
 */
export async function buildCommand(globals: GlobalOptions, names: string[]): Promise<void> {
  const { desired } = await load(stackOptions(globals, names));
  const images = byImage(stackServices(desired, names).filter((s) => s.build));
  const client = await dockerClient();
  for (const { ref, service } of images) {
    process.stderr.write(pc.dim(`building ${ref} (${service.build!.context})\n`));
    await client.buildImage(service.build!, ref, (line) => process.stderr.write(pc.dim(`${ref} | ${line}\n`)), service.platform);
    process.stderr.write(`built ${ref}\n`);
  }
  process.stdout.write(images.length ? `${pc.green('✔')} built ${images.map((i) => i.ref).join(', ')}\n` : 'no service with a build to build\n');
}
