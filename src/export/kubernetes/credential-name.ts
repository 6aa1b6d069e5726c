/**
 * Whether a plain environment variable most likely holds a credential: its name ends in a word such as PASSWORD,
 * SECRET or TOKEN (`DB_PASSWORD`, `jwtSecret`, `GITHUB_TOKEN`, `AWS_SECRET_ACCESS_KEY`), or its value is a URL with a
 * password in it (`postgres://app:pw@db/app`). The Kubernetes export keeps such a value out of the ConfigMap: a
 * compose file's `${PG_PASS}` reaches stack.ts as a plain string from a .env file that is kept out of git, and a
 * ConfigMap would write it in clear into manifests that are not. Only the last word counts, so `PASSWORD_MIN_LENGTH`
 * or `TOKEN_TTL` stay plain.
 */
export function looksLikeCredential(name: string, value: string): boolean {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase().split(/[^A-Z0-9]+/).filter(Boolean);
  const last = words.at(-1) ?? '';
  if (LAST_WORDS.has(last)) return true;
  if (last === 'KEY' && words.length > 1 && KEY_KINDS.has(words.at(-2)!)) return true;
  return URL_WITH_PASSWORD.test(value);
}

const LAST_WORDS = new Set(['PASSWORD', 'PASSWD', 'PASS', 'PASSPHRASE', 'SECRET', 'TOKEN', 'APIKEY', 'CREDENTIAL', 'CREDENTIALS']);
/** `API_KEY`, `SECRET_ACCESS_KEY`, `PRIVATE_KEY`…, but not `PARTITION_KEY` or `SORT_KEY`. */
const KEY_KINDS = new Set(['API', 'ACCESS', 'SECRET', 'PRIVATE', 'SIGNING', 'ENCRYPTION', 'MASTER', 'AUTH', 'LICENSE', 'CLIENT', 'SERVICE']);
/** `scheme://user:password@host`: a password in the URL's user info (not a bare `user@host`). */
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:[^/\s@]+@/i;
