import { Agent as PlainHttpAgent, type AgentOptions } from 'node:http';
import { Agent } from 'node:https';
import { inspect } from 'node:util';
import type Docker from 'dockerode';
import type { DockerClient } from './client';
import { DockerodeClient } from './dockerode-client';
import { DockerodeSwarmClient } from './dockerode-swarm-client';
import type { SwarmClient } from './swarm-client';
import { describeEndpoint, resolveEndpoint, type Endpoint } from './endpoint';
import { loadDockerode } from './load-dockerode';
import { SshDialAgent } from './ssh-dial-agent';

/**
 * The client for the daemon the docker CLI would talk to: `--context`, DOCKER_HOST (unix://, tcp:// with TLS from
 * DOCKER_TLS_VERIFY / DOCKER_CERT_PATH, ssh://), DOCKER_CONTEXT, then the current context of ~/.docker/config.json
 * (see endpoint.ts); unset = the local socket.
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

/**
 * Clients for another engine than the one the command talks to: a swarm node's, named by `spec`, an engine
 * address (`unix://`, `tcp://` with DOCKER_TLS_VERIFY/DOCKER_CERT_PATH as for DOCKER_HOST, `ssh://`) or the name
 * of a docker context.
 */
export function createClientsFor(spec: string): { docker: DockerClient; swarm: SwarmClient } {
  const endpoint = spec.includes('://') ? resolveEndpoint({ context: 'default', env: { ...process.env, DOCKER_HOST: spec } }) : resolveEndpoint({ context: spec });
  const docker = new (loadDockerode())(modemOptions(endpoint));
  const host = describeEndpoint(endpoint);
  return { docker: new DockerodeClient(docker, host), swarm: new DockerodeSwarmClient(docker, host) };
}

function dockerode(): { docker: Docker; host: string } {
  const endpoint = resolveEndpoint();
  const Dockerode = loadDockerode();
  return { docker: new Dockerode(modemOptions(endpoint)), host: describeEndpoint(endpoint) };
}

/**
 * Every connection option spelt out, since docker-modem fills what is missing from DOCKER_HOST, DOCKER_CERT_PATH
 * and DOCKER_TLS_VERIFY itself, which a context or --context must override.
 */
export function modemOptions(e: Endpoint): Docker.DockerOptions {
  const none = { socketPath: undefined, host: undefined, port: undefined, ca: undefined, cert: undefined, key: undefined };
  if (e.host.startsWith('unix://') || e.host.startsWith('npipe://')) {
    return { ...none, ...plainHttp(), socketPath: e.host.replace(/^[a-z]+:\/\//, '') || '/var/run/docker.sock', protocol: 'http' };
  }
  if (e.host.startsWith('ssh://')) {
    // Any host name: requests go to the agent, whose connections are ssh processes.
    return { ...none, host: 'docker', pathPrefix: '/', protocol: 'http', agent: new SshDialAgent(e.host) } as Docker.DockerOptions;
  }
  const url = new URL(e.host.replace(/^tcp:/, 'http:'));
  const address = { ...none, host: url.hostname.replace(/^\[|\]$/g, ''), port: url.port || (e.tls ? '2376' : '2375'), pathPrefix: '/' };
  if (!e.tls) return { ...address, protocol: 'http' };
  const { ca, cert, key, skipVerify } = e.tls;
  // The TLS settings go on an agent: docker-modem has no option for skipping verification.
  const agent = new Agent({ keepAlive: true, ca, cert, key, rejectUnauthorized: !skipVerify });
  return { ...address, protocol: 'https', ca, cert, key, agent } as Docker.DockerOptions;
}

/**
 * For a daemon on a unix socket (the usual case): node's default agent, but with the TLS server name settled.
 * Otherwise node works one out for every new connection, and the first time that compiles the large regular
 * expression behind net.isIPv6: 5 ms of every command's first call to the daemon. The name is used only by TLS,
 * which a socket does not speak (tcp:// may: docker-modem picks https itself for port 2376).
 */
function plainHttp(): Docker.DockerOptions {
  // docker-modem passes `agent` on to node (its types do not list it).
  return { agent: new PlainAgent({ keepAlive: true, servername: '' } as AgentOptions) } as Docker.DockerOptions;
}

/**
 * docker-modem formats every request's options, agent included, for its debug log even when that log is off, and
 * in full (hidden properties, any depth): a few milliseconds per request for an agent with sockets in it.
 */
class PlainAgent extends PlainHttpAgent {
  [inspect.custom](): string {
    return 'Agent';
  }
}
