import Docker from 'dockerode';

/** Output (stdout and stderr) of a command run in a container through the Engine API, not through stackfile. */
export async function inContainer(name: string, cmd: string[]): Promise<string> {
  const exec = await new Docker().getContainer(name).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({});
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  // Multiplexed frames: an 8-byte header before each payload.
  const raw = Buffer.concat(chunks);
  let out = '';
  for (let i = 0; i + 8 <= raw.length; ) {
    const size = raw.readUInt32BE(i + 4);
    out += raw.subarray(i + 8, i + 8 + size).toString('utf8');
    i += 8 + size;
  }
  return out;
}
