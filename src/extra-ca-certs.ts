/**
 * NODE_EXTRA_CA_CERTS, read when the first TLS connection is made instead of when node starts.
 *
 * Node 20 parses the file, and with it the ~140 root certificates it ships, before any JavaScript runs, in every
 * process: ~100 ms of CPU where the variable names a whole system bundle (as on machines behind an intercepting
 * proxy), ~50 ms where it names one certificate. Most `stack` commands make no TLS connection at all. So the `stack`
 * command (bin/stack, a shell script) moves the variable to STACKFILE_EXTRA_CA_CERTS before it starts node, and this
 * puts it back: in the environment, for the processes stackfile and stack.ts start, and in front of
 * tls.createSecureContext, which every TLS client in the process (https, fetch, tls.connect, the Docker client over
 * TLS) creates its context with. What a connection trusts is then what node would have trusted: the certificates
 * node ships and the file's, or only the `ca` the caller gave (node, too, ignores the file then).
 *
 * Not covered: worker threads (they load their own tls module). Run stackfile's files with `node` to have node read
 * the variable itself.
 */
import { readFileSync } from 'node:fs';
import type * as Tls from 'node:tls';

export const MOVED_EXTRA_CA_CERTS = 'STACKFILE_EXTRA_CA_CERTS';

export function restoreExtraCaCerts(env: NodeJS.ProcessEnv = process.env): void {
  const file = env[MOVED_EXTRA_CA_CERTS];
  if (file === undefined) return;
  delete env[MOVED_EXTRA_CA_CERTS];
  env.NODE_EXTRA_CA_CERTS = file;
  if (file === '') return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tls = require('node:tls') as typeof Tls;
  const createSecureContext = tls.createSecureContext;
  let extra: string | undefined;
  tls.createSecureContext = function createSecureContextWithExtraCaCerts(options?: Tls.SecureContextOptions) {
    const context = createSecureContext(options);
    if (!options?.ca) {
      extra ??= readExtraCaCerts(file, usesOpenSslStore() ? [] : tls.rootCertificates);
      // Node's addCACert copies the shared root store into one of this context's own before adding.
      if (extra) (context as { context: { addCACert(pem: string): void } }).context.addCACert(extra);
    }
    return context;
  };
  // For `import { connect } from 'node:tls'` in stack.ts: ES modules see a built-in's exports as they were when it
  // loaded unless told.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('node:module') as typeof import('node:module')).syncBuiltinESMExports();
}

/**
 * The certificates in the file that node does not already trust, as one PEM text ('' if none). Leaving out those
 * node ships (all but 22 of a Debian bundle's 144) keeps a connection's cost at ~6 ms instead of ~35: each context
 * parses what is added to it. A file that cannot be read is warned about and ignored, as node does.
 */
export function readExtraCaCerts(file: string, trusted: readonly string[]): string {
  let text: string;
  try {
    text = readFileSync(file, 'latin1');
  } catch (err) {
    process.emitWarning(`Ignoring extra certs from \`${file}\`, load failed: ${(err as Error).message}`);
    return '';
  }
  return certificatesBeyond(text, trusted).join('\n');
}

const PEM_CERTIFICATE = /-----BEGIN (?:X509 |TRUSTED )?CERTIFICATE-----[\s\S]*?-----END (?:X509 |TRUSTED )?CERTIFICATE-----/g;
const body = (pem: string) => pem.replace(/-----[A-Z0-9 ]+-----|\s+/g, '');

/** The PEM certificates in `text` whose content is not one of `trusted`'s. */
export function certificatesBeyond(text: string, trusted: readonly string[]): string[] {
  const known = new Set(trusted.map(body));
  return (text.match(PEM_CERTIFICATE) ?? []).filter((pem) => !known.has(body(pem)));
}

/** --use-openssl-ca trusts the system's store instead of node's: then none of the file's certificates can be skipped. */
function usesOpenSslStore(): boolean {
  return [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].includes('--use-openssl-ca');
}
