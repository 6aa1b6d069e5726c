import pc from 'picocolors';
import { load } from '../api';
import type { GlobalOptions } from './main';
import { dockerClient, stackOptions } from './project';
import { byImage, stackServices } from './stack-services';

/**
 * `stack pull [service...]`: pulls the images of services without a `build` (each image once, in parallel), so the
 * next `up` starts from them. Services with a build are built by `stack build` instead.
 */
export async function pullCommand(globals: GlobalOptions, names: string[], flags: { ignorePullFailures?: boolean }): Promise<void> {
  const { desired } = await load(stackOptions(globals, names));
  const images = byImage(stackServices(desired, names).filter((s) => !s.build));
  const client = await dockerClient();
  const failed: string[] = [];
  await Promise.all(images.map(async ({ ref, service }) => {
    try {
      await client.pullImage(ref, undefined, service.platform);
      process.stderr.write(`pulled ${ref}\n`);
    } catch (err) {
      if (!flags.ignorePullFailures) throw err;
      failed.push(ref);
      process.stderr.write(`${pc.yellow('warning:')} could not pull ${ref}: ${(err as Error).message}\n`);
    }
  }));
  const pulled = images.filter((i) => !failed.includes(i.ref)).map((i) => i.ref);
  process.stdout.write(images.length ? `${pc.green('✔')} pulled ${pulled.length ? pulled.join(', ') : 'nothing'}\n` : 'no service with an image to pull\n');
}
