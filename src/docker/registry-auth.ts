import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors';
import { dockerConfigDir } from './endpoint';

/** The Engine API's AuthConfig (the X-Registry-Auth header of a pull or push), as the docker CLI sends it. */
export interface RegistryAuth {
  serveraddress: string;
  username?: string;
  password?: string;
  /** An OAuth refresh token a credential helper returned (its Username is `<token>`). */
  identitytoken?: string;
}

/** The key Docker Hub's credentials are stored under (docker/cli `registry.IndexServer`). */
export const DOCKER_HUB_KEY = 'https://index.docker.io/v1/';

/** The part of config.json this module reads (docker/cli `configfile.ConfigFile`). */
interface ConfigFile {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

/**
 * The registry an image reference points at, as the key the docker CLI stores its credentials under: `host[:port]`,
 * or Docker Hub's index URL when the first path component is not a host (no `.` or `:`, not `localhost`, lower case:
 * the rule of distribution/reference `splitDockerDomain`).
 *
 * @example
 * registryKey('127.0.0.1:5000/app:1') // '127.0.0.1:5000'
 * registryKey('postgres:16')          // 'https://index.docker.io/v1/'
 */
export function registryKey(ref: string): string {
  const slash = ref.indexOf('/');
  if (slash === -1) return DOCKER_HUB_KEY;
  const first = ref.slice(0, slash);
  const isHost = /[.:]/.test(first) || first === 'localhost' || first !== first.toLowerCase();
  if (!isHost || first === 'docker.io' || first === 'index.docker.io') return DOCKER_HUB_KEY;
  return first;
}

/**
 * The credentials `docker login` stored for the registry of `ref`, found as the docker CLI finds them
 * (docker/cli `configfile.GetAuthConfig`): a `credHelpers` entry for that registry, else `credsStore`, runs
 * `docker-credential-<name> get`; else the base64 `auth` (or username/password) in `auths`, whose keys may also be
 * written as URLs (`https://host/v1/`). Undefined when nothing is stored: the pull or push goes anonymous, as the
 * CLI's would.
 */
export async function registryAuth(ref: string, env: NodeJS.ProcessEnv = process.env): Promise<RegistryAuth | undefined> {
  const file = join(dockerConfigDir(env), 'config.json');
  const config = readConfig(file);
  return config ? authFor(registryKey(ref), config, file, env) : undefined;
}

/**
 * Every login config.json holds, by registry: a build's X-Registry-Config, since its FROM lines may pull from any
 * of them (the docker CLI sends them all too, `GetAllCredentials`). A login that cannot be read is left out, as the
 * CLI leaves it: the build goes on, and a FROM that needed it fails with the registry's refusal.
 */
export async function allRegistryAuths(env: NodeJS.ProcessEnv = process.env): Promise<Record<string, RegistryAuth>> {
  const file = join(dockerConfigDir(env), 'config.json');
  const config = readConfigQuietly(file);
  if (!config) return {};
  const keys = new Set([...Object.keys(config.auths ?? {}), ...Object.keys(config.credHelpers ?? {})].map((k) => (k === DOCKER_HUB_KEY ? k : hostnameOf(k))));
  const found = await Promise.all([...keys].map((key) => authFor(key, config, file, env).catch(() => undefined)));
  return Object.fromEntries(found.filter((a): a is RegistryAuth => a !== undefined).map((a) => [a.serveraddress, a]));
}

function readConfigQuietly(file: string): ConfigFile | undefined {
  try {
    return readConfig(file);
  } catch {
    return undefined;
  }
}

async function authFor(key: string, config: ConfigFile, file: string, env: NodeJS.ProcessEnv): Promise<RegistryAuth | undefined> {
  const helper = config.credHelpers?.[key] || config.credsStore;
  if (helper) return fromHelper(helper, key, file, config.credHelpers?.[key] ? `credHelpers["${key}"]` : 'credsStore', env);
  const auths = config.auths ?? {};
  const entry = auths[key] ?? Object.entries(auths).find(([k]) => hostnameOf(k) === key)?.[1];
  if (!entry) return undefined;
  let { username, password } = entry;
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 1) {
      throw new UserError(`the stored login for ${key} in ${file} is damaged: its "auth" is not base64 of user:password`, {
        hint: `log in again with \`docker login${key === DOCKER_HUB_KEY ? '' : ` ${key}`}\``,
      });
    }
    [username, password] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
  }
  return { serveraddress: key, ...(username ? { username } : {}), ...(password ? { password } : {}), ...(entry.identitytoken ? { identitytoken: entry.identitytoken } : {}) };
}

/** docker/cli `credentials.ConvertToHostname`: the host of a key written as a URL. */
function hostnameOf(key: string): string {
  return key.replace(/^https?:\/\//, '').split('/')[0];
}

function readConfig(file: string): ConfigFile | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ConfigFile;
  } catch (err) {
    throw new UserError(`${file} is not JSON (${(err as Error).message}), so the registry logins stored in it cannot be read`, {
      hint: 'fix the file (the docker CLI cannot read it either), or move it away and run `docker login` again',
    });
  }
}

/**
 * The credential helper protocol (docker/docker-credential-helpers): the server address on stdin of `get`, a JSON
 * `{ServerURL, Username, Secret}` on stdout. "credentials not found" is no login, not an error.
 */
function fromHelper(helper: string, key: string, file: string, setting: string, env: NodeJS.ProcessEnv): Promise<RegistryAuth | undefined> {
  const program = `docker-credential-${helper}`;
  return new Promise((resolve, reject) => {
    const child = execFile(program, ['get'], { env, timeout: 30_000, maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      const said = `${stdout}${stderr}`.trim();
      if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
        return reject(new UserError(`${file} sets ${setting} to "${helper}", but ${program} is not on PATH, so the login for ${key} cannot be read`, {
          hint: `install ${program}, or remove ${setting} from ${file} and run \`docker login\` again`,
        }));
      }
      if (err) {
        if (/credentials not found/i.test(said)) return resolve(undefined);
        return reject(new UserError(`${program} get (${setting} in ${file}) failed for ${key}: ${said || err.message}`, {
          hint: `run \`echo ${key} | ${program} get\` to see the helper's own error; \`docker login\` again may fix it`,
        }));
      }
      let answer: { Username?: string; Secret?: string };
      try {
        answer = JSON.parse(stdout) as typeof answer;
      } catch {
        return reject(new UserError(`${program} get answered for ${key} with something that is not JSON: ${said.slice(0, 200)}`, {
          hint: `check the helper (${setting} in ${file}); \`docker pull\` fails the same way`,
        }));
      }
      if (!answer.Username && !answer.Secret) return resolve(undefined);
      if (answer.Username === '<token>') return resolve({ serveraddress: key, identitytoken: answer.Secret });
      resolve({ serveraddress: key, username: answer.Username, password: answer.Secret });
    });
    // A helper may answer and exit before reading its stdin ("credentials not found"); writing to it then fails with
    // EPIPE, which would crash the process. Its exit status and output, handled above, are the answer.
    child.stdin?.on('error', () => {});
    child.stdin?.end(key);
  });
}
