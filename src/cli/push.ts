import pc from 'picocolors';
import { load } from '../api';
import type { GlobalOptions } from './main';
import { dockerClient, stackOptions } from './project';
import { byImage, stackServices } from './stack-services';

/**
 * `stack push [service...]`: pushes the images of services with a `build` (what this stack makes) to the registry
 * their names point at, as Compose does; `stack build` makes them first.
 */
export async function pushCommand(globals: GlobalOptions, names: string[]): Promise<void> {
  const { desired } = await load(stackOptions(globals, names));
  const images = byImage(stackServices(desired, names).filter((s) => s.build));
  const client = await dockerClient();
  for (const { ref } of images) {
    await client.pushImage(ref);
    process.stderr.write(`pushed ${ref}\n`);
  }
  process.stdout.write(images.length ? `${pc.green('✔')} pushed ${images.map((i) => i.ref).join(', ')}\n` : 'no service with a build to push\n');
}
