import { PassThrough } from 'node:stream';
import type { DockerClient } from '../docker/client';

/** Runs `cmd` in a container and collects what it printed (a failure to run it at all counts as exit -1). */
export async function execCollecting(client: DockerClient, id: string, cmd: string[]): Promise<{ code: number; output: string }> {
  const out = new PassThrough();
  let output = '';
  out.on('data', (d: Buffer) => (output += d.toString()));
  const code = await client.exec(id, cmd, { tty: false, interactive: false, stdout: out, stderr: out }).catch((err: Error) => {
    output += err.message;
    return -1;
  });
  return { code, output: output.trim() };
}
