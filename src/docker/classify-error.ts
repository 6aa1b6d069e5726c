import { DockerError } from '../errors';
import { DOCKER_HUB_KEY, registryKey } from './registry-auth';

/** What the caller was doing, so the message can name it ("service api", "image nginx:1.27", "port 8080"). */
export interface ErrorContext {
  service?: string;
  image?: string;
  /** The image is being pushed, not pulled (registry refusals are worded for the push). */
  pushing?: boolean;
  port?: string;
  /** Daemon address as the user configured it (`unix:///var/run/docker.sock`, `tcp://...`, `ssh://...`). */
  host?: string;
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOENT', 'EACCES', 'EPERM', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

/**
 * Turns whatever dockerode or the socket threw into a DockerError with one paragraph and a hint, keeping the
 * original as `cause`. Classification happens here, where daemon errors enter the program, so the rest of stackfile
 * switches on `kind` instead of parsing daemon prose.
 */
export function classifyDockerError(err: unknown, context: ErrorContext = {}): DockerError {
  if (err instanceof DockerError) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as { code?: unknown; syscall?: unknown; statusCode?: unknown; level?: unknown; address?: unknown; port?: unknown; reason?: unknown; library?: unknown };
  const statusCode = typeof e.statusCode === 'number' ? e.statusCode : undefined;
  const daemonSays = daemonMessage(err);
  const lower = daemonSays.toLowerCase();
  const opts = (hint: string | undefined) => ({ hint, cause: err, statusCode, service: context.service });

  if (isSocketFailure(e) || e.level === 'client-authentication' || e.level === 'client-socket' || e.level === 'client-ssh') {
    const host = context.host ?? hostFromSocketError(e) ?? process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
    const why = e.code === 'EACCES' || e.code === 'EPERM'
      ? 'permission denied on the socket'
      : e.level === 'client-authentication' ? 'ssh authentication failed' : e.level === 'client-ssh' ? daemonSays : String(e.code ?? daemonSays);
    // The ssh transport (ssh-dial-agent.ts) says what ssh said; the same command by hand shows it in full.
    const ssh = host.startsWith('ssh://') ? /^ssh:\/\/(?:([^@/]+)@)?([^:/]+)(?::(\d+))?/.exec(host) : null;
    const hint = e.code === 'EACCES' || e.code === 'EPERM'
      ? 'add your user to the "docker" group (then log in again), or point DOCKER_HOST at a daemon you may use'
      : ssh
        ? `check that \`ssh ${ssh[3] ? `-p ${ssh[3]} ` : ''}${ssh[1] ? `${ssh[1]}@` : ''}${ssh[2]} docker version\` works without a password prompt (a key in ~/.ssh or ssh-agent, the host in known_hosts)`
        : host.includes('(docker context ')
          ? 'is dockerd running there? `docker context ls` shows the contexts; choose another with --context NAME, or set DOCKER_HOST'
          : 'is dockerd running? check DOCKER_HOST (unset means the local socket) and `docker info`';
    return new DockerError('unreachable', `cannot reach the Docker daemon at ${host} (${why})`, opts(hint));
  }

  if (isTlsFailure(e)) {
    const host = context.host ?? process.env.DOCKER_HOST ?? 'the daemon';
    const reason = typeof e.reason === 'string' ? e.reason : daemonSays.replace(/^.*:SSL routines:[^:]*:([^:]+):.*$/, '$1');
    return new DockerError('unreachable', `cannot reach the Docker daemon at ${host}: TLS failed (${reason})`, opts(
      `the daemon wants certificates signed by its CA: check ca.pem, cert.pem and key.pem (${host.includes('(docker context ') ? '`docker context inspect NAME` shows where the context has them' : 'in DOCKER_CERT_PATH, else ~/.docker'})`,
    ));
  }

  const port = context.port ?? portFrom(daemonSays);
  if (lower.includes('port is already allocated') || lower.includes('address already in use')) {
    return new DockerError('port-allocated', `host port ${port ?? '(unknown)'} is already in use: ${daemonSays}`,
      opts(`stop whatever listens on port ${port ?? 'that port'} (\`docker ps\`, \`ss -ltnp\`), or publish the service on another host port`));
  }
  if (lower.includes('no space left on device')) {
    return new DockerError('no-space', `the Docker host is out of disk space: ${daemonSays}`,
      opts('free space with `docker system prune` (removes stopped containers, unused networks and dangling images)'));
  }

  const pulling = context.image !== undefined;
  if (context.pushing && (lower.includes('unauthorized') || lower.includes('authentication required') || lower.includes('denied') || lower.includes('no basic auth credentials'))) {
    return new DockerError('pull-denied', `pushing image ${context.image} was refused by its registry: ${daemonSays}`,
      opts(`log in to the registry with \`${loginCommand(context.image ?? '')}\` (stackfile uses the docker CLI's stored logins), or check that you may push to this repository`));
  }
  if (pulling && (lower.includes('unauthorized') || lower.includes('authentication required') || lower.includes('no basic auth credentials') || lower.includes('pull access denied') || lower.includes('denied:') || lower.includes('repository does not exist or may require'))) {
    // Registries answer "pull access denied ... repository does not exist or may require 'docker login'" for both a
    // private and a missing repository; the user's next step is the same: check the name, then log in.
    return new DockerError('pull-denied', `pulling image ${context.image} was denied: ${daemonSays}`,
      opts('check the image name; if it is private, run `docker login <registry>` first'));
  }
  if (pulling && (statusCode === 404 || lower.includes('manifest unknown') || lower.includes('not found') || lower.includes('repository does not exist'))) {
    return new DockerError('image-not-found', `image ${context.image} does not exist: ${daemonSays}`,
      opts('check the image name and tag (typos, a tag that was never pushed); `docker pull` shows the same'));
  }
  if (pulling && /dial tcp|no such host|i\/o timeout|tls: |x509: |server gave http response to https client/.test(lower)) {
    return new DockerError('unknown', `pulling image ${context.image} failed: the Docker host cannot reach its registry: ${daemonSays}`,
      opts('check the registry address and the Docker host\'s network and proxy; offline, build the image or `docker load` it instead'));
  }
  if (lower.includes('unauthorized') || lower.includes('authentication required')) {
    return new DockerError('pull-denied', `the registry refused access: ${daemonSays}`, opts('run `docker login <registry>` first'));
  }

  if (statusCode === 404) return new DockerError('not-found', `${daemonSays}`, opts(undefined));
  if (statusCode === 409) {
    return new DockerError('conflict', `${daemonSays}`,
      opts(lower.includes('is already in use') ? 'another container or network already has this name; remove it or change the name' : undefined));
  }
  return new DockerError('unknown', `the Docker daemon failed: ${daemonSays}`, opts(undefined));
}

/** ENOENT and EACCES also come from files (a missing build context): only a failed connect means no daemon. */
function isSocketFailure(e: { code?: unknown; syscall?: unknown; statusCode?: unknown }): boolean {
  if (typeof e.code !== 'string' || !UNREACHABLE_CODES.has(e.code) || e.statusCode !== undefined) return false;
  if (e.code === 'ENOENT' || e.code === 'EACCES' || e.code === 'EPERM') return e.syscall === 'connect';
  return true;
}

/** Node's TLS errors: the handshake (ERR_SSL_*, ERR_TLS_*) or the certificate check (openssl's verify codes). */
function isTlsFailure(e: { code?: unknown; library?: unknown; statusCode?: unknown }): boolean {
  if (e.statusCode !== undefined) return false;
  if (e.library === 'SSL routines') return true;
  return typeof e.code === 'string' && /^(ERR_SSL_|ERR_TLS_|UNABLE_TO_|SELF_SIGNED_|DEPTH_ZERO_|CERT_)/.test(e.code);
}

/** The daemon's own words: dockerode wraps them as "(HTTP code 404) no such container - <message> ". */
function daemonMessage(err: unknown): string {
  if (typeof err !== 'object' || err === null) return String(err);
  const json = (err as { json?: unknown }).json;
  if (typeof json === 'object' && json !== null && typeof (json as { message?: unknown }).message === 'string') return (json as { message: string }).message.trim();
  const message = (err as { message?: unknown }).message;
  if (typeof message !== 'string') return String(err);
  return message.replace(/^\(HTTP code \d+\) [^-]*- /, '').trim();
}

function hostFromSocketError(e: { address?: unknown; port?: unknown }): string | undefined {
  if (typeof e.address !== 'string') return undefined;
  if (e.address.startsWith('/')) return `unix://${e.address}`;
  return `tcp://${e.address}${typeof e.port === 'number' ? `:${e.port}` : ''}`;
}

/** "Bind for 0.0.0.0:8080 failed: port is already allocated", "listen tcp4 0.0.0.0:8080: bind: address already in use". */
function portFrom(message: string): string | undefined {
  return /:(\d+)(?: failed)?: (?:port is already allocated|bind: address already in use)/.exec(message)?.[1];
}

/** `docker login [registry]` for the registry of an image reference (no argument for Docker Hub). */
function loginCommand(ref: string): string {
  const key = registryKey(ref);
  return key === DOCKER_HUB_KEY ? 'docker login' : `docker login ${key}`;
}
