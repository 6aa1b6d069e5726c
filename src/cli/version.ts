import { dockerClient, packageVersion } from './project';

/** `stack version`: stackfile's version, Node's, and the daemon's when it answers (`--short`: stackfile's alone). */
export async function versionCommand(flags: { short?: boolean; json?: boolean }): Promise<void> {
  if (flags.short) return void process.stdout.write(`${packageVersion()}\n`);
  let engine: Awaited<ReturnType<Awaited<ReturnType<typeof dockerClient>>['version']>> | undefined;
  let unreachable: string | undefined;
  try {
    engine = await (await dockerClient()).version();
  } catch (err) {
    unreachable = (err as Error).message;
  }
  if (flags.json) return void process.stdout.write(`${JSON.stringify({ stackfile: packageVersion(), node: process.version, engine: engine ?? null }, null, 2)}\n`);
  process.stdout.write(`stackfile ${packageVersion()}\nnode ${process.version}\n${engine ? `engine ${engine.version} (API ${engine.apiVersion}, ${engine.os}/${engine.arch})` : `engine: not reachable (${unreachable})`}\n`);
}
