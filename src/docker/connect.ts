import { existsSync, readFileSync } from 'node:fs';
import { Agent, type AgentOptions } from 'node:http';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import type Docker from 'dockerode';
import type { DockerClient } from './client';
import { DockerodeClient } from './dockerode-client';
import { DockerodeSwarmClient } from './dockerode-swarm-client';
import type { SwarmClient } from './swarm-client';
import { loadDockerode } from './load-dockerode';

/**
 * The client for the daemon the environment names, as the `docker` CLI would pick it: DOCKER_HOST (unix://,
 * tcp://, ssh://; unset = the local socket), with TLS from DOCKER_TLS_VERIFY / DOCKER_CERT_PATH.
 *
 * @example
 * const docker = createDockerClient();
 * await docker.ping(); // throws DockerError('unreachable') with a hint when no daemon answers
 */
export function createDockerClient(): DockerClient {
  const { docker, host } = dockerode();
  return new DockerodeClient(docker, host);
}

/** The client for swarm operations (services, tasks, secrets) on the same daemon, for the swarm target. */
export function createSwarmClient(): SwarmClient {
  const { docker, host } = dockerode();
  return new DockerodeSwarmClient(docker, host);
}

function dockerode(): { docker: Docker; host: string } {
  // docker-modem reads DOCKER_HOST (and DOCKER_CERT_PATH, DOCKER_TLS_VERIFY=1) from process.env when constructed.
  const host = process.env.DOCKER_HOST || 'unix:///var/run/docker.sock';
  const Dockerode = loadDockerode();
  return { docker: new Dockerode(tlsOptions() ?? plainHttp(host)), host };
}

/**
 * Fills two gaps between docker-modem and the CLI: the CLI takes any non-empty DOCKER_TLS_VERIFY as "use TLS and
 * verify" (docker-modem only "1"), and finds the certificates in ~/.docker when DOCKER_CERT_PATH is unset.
 */
function tlsOptions(): Docker.DockerOptions | undefined {
  const host = process.env.DOCKER_HOST ?? '';
  const tcp = host !== '' && !/^(unix|npipe|ssh):\/\//.test(host);
  if (!tcp || !process.env.DOCKER_TLS_VERIFY) return undefined;
  const dir = process.env.DOCKER_CERT_PATH || join(homedir(), '.docker');
  if (!existsSync(join(dir, 'ca.pem'))) return { protocol: 'https' };
  return {
    protocol: 'https',
    ca: readFileSync(join(dir, 'ca.pem')),
    cert: readFileSync(join(dir, 'cert.pem')),
    key: readFileSync(join(dir, 'key.pem')),
  };
}

/**
 * For a daemon on a unix socket (the usual case): node's default agent, but with the TLS server name settled.
 * Otherwise node works one out for every new connection, and the first time that compiles the large regular
 * expression behind net.isIPv6: 5 ms of every command's first call to the daemon. The name is used only by TLS,
 * which a socket does not speak (tcp:// may: docker-modem picks https itself for port 2376).
 */
function plainHttp(host: string): Docker.DockerOptions | undefined {
  if (!host.startsWith('unix://')) return undefined;
  // docker-modem passes `agent` on to node (its types do not list it).
  return { agent: new PlainAgent({ keepAlive: true, servername: '' } as AgentOptions) } as Docker.DockerOptions;
}

/**
 * docker-modem formats every request's options, agent included, for its debug log even when that log is off, and
 * in full (hidden properties, any depth): a few milliseconds per request for an agent with sockets in it.
 */
class PlainAgent extends Agent {
  [inspect.custom](): string {
    return 'Agent';
  }
}
