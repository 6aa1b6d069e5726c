import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors';

/** A `docker context` as the docker CLI stores it: the daemon address and the TLS material it was created with. */
export interface DockerContext {
  name: string;
  host: string;
  /** Absent: the endpoint speaks no TLS (a socket, ssh, or plain tcp). */
  tls?: { ca?: Buffer; cert?: Buffer; key?: Buffer; skipVerify: boolean };
}

/** The context file `meta.json` (docker/cli `context/store`); only what stackfile reads. */
interface ContextMeta {
  Name?: string;
  Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } };
}

/**
 * Reads context `name` from the docker CLI's store in `configDir` (~/.docker, or DOCKER_CONFIG): the metadata lives
 * in contexts/meta/<sha256 of the name>/meta.json and the certificates in contexts/tls/<same>/docker/. The CLI
 * speaks TLS to an endpoint when it has TLS material or skips verification, so stackfile does the same.
 *
 * @example
 * readDockerContext('remote', join(homedir(), '.docker')) // { name: 'remote', host: 'tcp://10.0.0.5:2376', tls: {...} }
 */
export function readDockerContext(name: string, configDir: string, chosenBy: string): DockerContext {
  const id = createHash('sha256').update(name).digest('hex');
  const metaFile = join(configDir, 'contexts', 'meta', id, 'meta.json');
  if (!existsSync(metaFile)) {
    throw new UserError(`Docker context "${name}" (${chosenBy}) does not exist: there is no ${metaFile}`, {
      hint: '`docker context ls` lists the contexts; choose one with --context NAME or `docker context use NAME`',
    });
  }
  let meta: ContextMeta;
  try {
    meta = JSON.parse(readFileSync(metaFile, 'utf8')) as ContextMeta;
  } catch (err) {
    throw new UserError(`Docker context "${name}" (${chosenBy}) cannot be read: ${metaFile} is not JSON (${(err as Error).message})`, {
      hint: `recreate it with \`docker context rm ${name}\` and \`docker context create ${name} --docker host=...\``,
    });
  }
  const endpoint = meta.Endpoints?.docker;
  if (!endpoint?.Host) {
    throw new UserError(`Docker context "${name}" (${chosenBy}) has no Docker endpoint: ${metaFile} sets no Endpoints.docker.Host`, {
      hint: `give it one with \`docker context update ${name} --docker host=unix:///var/run/docker.sock\` (or the address of your daemon)`,
    });
  }
  const tlsDir = join(configDir, 'contexts', 'tls', id, 'docker');
  const file = (f: string) => (existsSync(join(tlsDir, f)) ? readFileSync(join(tlsDir, f)) : undefined);
  const [ca, cert, key] = [file('ca.pem'), file('cert.pem'), file('key.pem')];
  const skipVerify = endpoint.SkipTLSVerify === true;
  const tls = ca || cert || key || skipVerify ? { ca, cert, key, skipVerify } : undefined;
  return { name, host: endpoint.Host, ...(tls ? { tls } : {}) };
}

/** `currentContext` of the docker CLI's config.json, or undefined when unset, "default", or no config file exists. */
export function currentContext(configDir: string): string | undefined {
  const file = join(configDir, 'config.json');
  if (!existsSync(file)) return undefined;
  let config: { currentContext?: unknown };
  try {
    config = JSON.parse(readFileSync(file, 'utf8')) as typeof config;
  } catch (err) {
    throw new UserError(`${file} is not JSON (${(err as Error).message}), so the current Docker context cannot be read`, {
      hint: 'fix the file (the docker CLI cannot read it either), or set DOCKER_HOST to choose the daemon',
    });
  }
  return typeof config.currentContext === 'string' && config.currentContext !== '' ? config.currentContext : undefined;
}
