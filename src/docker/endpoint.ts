import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { currentContext, readDockerContext } from './docker-context';

/** The daemon stackfile talks to, and how: what connect.ts turns into a dockerode instance. */
export interface Endpoint {
  /** `unix:///var/run/docker.sock`, `tcp://host:2376`, `ssh://user@host[:port][/socket]`. */
  host: string;
  /** TLS for a tcp endpoint; absent = plain (or a socket, or ssh, which bring their own protection). */
  tls?: { ca?: Buffer; cert?: Buffer; key?: Buffer; skipVerify: boolean };
  /** The docker context it came from, when one did (for messages: "... at tcp://x (context prod)"). */
  context?: string;
}

let flagContext: string | undefined;

/** `--context NAME` on the command line: the CLI sets it before any command talks to the daemon. */
export function chooseDockerContext(name: string | undefined): void {
  flagContext = name;
}

/** The docker CLI's config folder: DOCKER_CONFIG, else ~/.docker. */
export function dockerConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_CONFIG || join(homedir(), '.docker');
}

/**
 * The daemon as the docker CLI would choose it (docker/cli `resolveContextName`): `--context NAME` first, then
 * DOCKER_HOST (with DOCKER_TLS_VERIFY / DOCKER_CERT_PATH), then DOCKER_CONTEXT, then `currentContext` in
 * ~/.docker/config.json, else the local socket. The context "default" is the environment's daemon, as in the CLI.
 *
 * @example
 * resolveEndpoint({ context: 'remote' }) // { host: 'ssh://me@build-box', context: 'remote' }
 */
export function resolveEndpoint(options: { context?: string; env?: NodeJS.ProcessEnv } = {}): Endpoint {
  const env = options.env ?? process.env;
  const configDir = dockerConfigDir(env);
  const flag = options.context ?? flagContext;
  const [name, chosenBy] = flag
    ? [flag, '--context']
    : env.DOCKER_HOST
      ? ['default', 'DOCKER_HOST']
      : env.DOCKER_CONTEXT
        ? [env.DOCKER_CONTEXT, 'DOCKER_CONTEXT']
        : [currentContext(configDir) ?? 'default', `currentContext in ${join(configDir, 'config.json')}`];
  if (name === 'default') return fromEnvironment(env);
  const context = readDockerContext(name, configDir, chosenBy);
  return { host: context.host, context: name, ...(context.tls ? { tls: context.tls } : {}) };
}

/**
 * The "default" context: DOCKER_HOST, else the local socket. TLS as the docker CLI: DOCKER_TLS_VERIFY set (to
 * anything: the CLI tests only that it is non-empty) or DOCKER_CERT_PATH set, with the certificates from
 * DOCKER_CERT_PATH or ~/.docker; port 2376 alone is TLS too (docker-modem's rule, the port's registered use).
 */
function fromEnvironment(env: NodeJS.ProcessEnv): Endpoint {
  const given = env.DOCKER_HOST || 'unix:///var/run/docker.sock';
  // The CLI takes `host:2375` as tcp.
  const host = given.includes('://') ? given : `tcp://${given}`;
  if (!/^tcp:\/\//.test(host) && /^[a-z]+:\/\//.test(host)) return { host };
  const port = /:(\d+)\/?$/.exec(host)?.[1];
  if (!env.DOCKER_TLS_VERIFY && !env.DOCKER_CERT_PATH && port !== '2376') return { host };
  const dir = env.DOCKER_CERT_PATH || join(homedir(), '.docker');
  const file = (f: string) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f)) : undefined);
  return { host, tls: { ca: file('ca.pem'), cert: file('cert.pem'), key: file('key.pem'), skipVerify: false } };
}

/** How messages name the daemon: its address, and the context it came from. */
export function describeEndpoint(e: Endpoint): string {
  return e.context ? `${e.host} (docker context ${e.context})` : e.host;
}
