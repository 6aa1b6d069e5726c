import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:tls';

/** Certificates made with openssl for one test: a CA, a server certificate for 127.0.0.1, a client certificate. */
export interface TestCerts {
  dir: string;
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

/** A CA and the server and client certificates it signs, as `dockerd --tlsverify` setups use (docs: protect-access). */
export function makeCerts(): TestCerts {
  const dir = mkdtempSync(join(tmpdir(), 'stackfile-tls-'));
  const p = (f: string) => join(dir, f);
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=stackfile test CA', '-keyout', p('ca-key.pem'), '-out', p('ca.pem'));
  for (const [name, ext] of [['server', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth'], ['client', 'extendedKeyUsage=clientAuth']]) {
    writeFileSync(p(`${name}.ext`), `${ext}\n`);
    ssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${name}`, '-keyout', p(`${name}-key.pem`), '-out', p(`${name}.csr`));
    ssl('x509', '-req', '-in', p(`${name}.csr`), '-CA', p('ca.pem'), '-CAkey', p('ca-key.pem'), '-CAcreateserial', '-days', '1', '-extfile', p(`${name}.ext`), '-out', p(`${name}.pem`));
  }
  return { dir, ca: p('ca.pem'), serverCert: p('server.pem'), serverKey: p('server-key.pem'), clientCert: p('client.pem'), clientKey: p('client-key.pem') };
}

/**
 * The local daemon behind TLS with client certificates on 127.0.0.1, as `dockerd --tlsverify -H tcp://...` serves
 * it: TLS ends here and the bytes go on to the unix socket. The shared dockerd is not reconfigured for a test.
 */
export function tlsProxy(certs: TestCerts, socket = '/var/run/docker.sock'): Promise<{ port: number; server: Server }> {
  const server = createServer(
    { ca: readFileSync(certs.ca), cert: readFileSync(certs.serverCert), key: readFileSync(certs.serverKey), requestCert: true, rejectUnauthorized: true },
    (client) => {
      const daemon = connect(socket);
      client.pipe(daemon).pipe(client);
      client.on('error', () => daemon.destroy());
      daemon.on('error', () => client.destroy());
    },
  );
  server.on('tlsClientError', () => {
    /* a client without a valid certificate: refused, as the test expects */
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ port: (server.address() as { port: number }).port, server })));
}
