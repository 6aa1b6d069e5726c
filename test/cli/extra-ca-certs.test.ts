// The `stack` command starts node without NODE_EXTRA_CA_CERTS, which node 20 would parse before any JavaScript runs,
// and hands the file to TLS when a connection is first made (bin/stack, src/extra-ca-certs.ts). These tests check
// that a stack.ts's TLS connections trust what they trust under plain node: the file's certificates, added to node's
// own, unless the caller names its own `ca`; and that processes it starts see the variable as it was set.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { rootCertificates } from 'node:tls';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { foldersForFile } from '../helpers/folders';
import { BIN, ensureBuilt, runStackAsync } from '../helpers/run-stack.mjs';
import { makeCerts, type TestCerts } from '../helpers/tls-proxy';
import { spawn } from 'node:child_process';

const folder = foldersForFile('stackfile-extra-ca');
let certs: TestCerts;
let server: Server;
let port: number;
// The server answers from this process, so the CLI runs without blocking it (runStackAsync, spawn).

beforeAll(async () => {
  await ensureBuilt();
  certs = makeCerts();
  server = createServer({ cert: readFileSync(certs.serverCert), key: readFileSync(certs.serverKey) }, (req, res) => res.end(`ok ${req.url}`));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

// Each way a stack.ts makes a TLS connection, its outcome put into an environment variable `stack config` prints.
const STACK_TS = `import { defineStack } from 'stackfile';
import { get } from 'node:https';
import { rootCertificates } from 'node:tls';
import { execFileSync } from 'node:child_process';

const port = Number(process.env.PROBE_PORT);
const failed = (e: any) => 'error ' + (e.cause?.code ?? e.code ?? e.message);
const viaHttps = (ca?: readonly string[]) => new Promise<string>((resolve) => {
  get({ host: '127.0.0.1', port, path: '/https', ca: ca as string[] | undefined }, (r) => {
    let body = '';
    r.on('data', (d) => (body += d));
    r.on('end', () => resolve(body));
  }).on('error', (e) => resolve(failed(e)));
});
const viaFetch = () => fetch('https://127.0.0.1:' + port + '/fetch').then((r) => r.text(), failed);
// A dynamic import is node's ES module loader: it sees tls's exports as they were when tls loaded unless told.
const viaEsmTls = async () => {
  const { connect } = await import('node:tls');
  return new Promise<string>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      resolve(socket.authorized ? 'authorized' : 'not authorized');
      socket.destroy();
    });
    socket.on('error', (e) => resolve(failed(e)));
  });
};

export default defineStack(async () => ({
  name: 'extra-ca-probe',
  services: {
    probe: {
      image: 'busybox',
      environment: {
        HTTPS: await viaHttps(),
        FETCH: await viaFetch(),
        ESM_TLS: await viaEsmTls(),
        OWN_CA: await viaHttps(rootCertificates),
        CHILD: execFileSync(process.execPath, ['-p', 'process.env.NODE_EXTRA_CA_CERTS + " " + process.env.STACKFILE_EXTRA_CA_CERTS'], { encoding: 'utf8' }).trim(),
      },
    },
  },
}));
`;

type Probe = Record<'HTTPS' | 'FETCH' | 'ESM_TLS' | 'OWN_CA' | 'CHILD', string>;
const probe = (stdout: string): Probe => (parse(stdout) as { services: { probe: { environment: Probe } } }).services.probe.environment;
const NOT_TRUSTED = 'error UNABLE_TO_VERIFY_LEAF_SIGNATURE';

describe('NODE_EXTRA_CA_CERTS under the stack command', () => {
  test("a stack.ts's https, fetch and tls connections trust the file's certificates; a caller's own `ca` replaces them, as in node", async () => {
    const dir = folder({ 'stack.ts': STACK_TS });
    const r = await runStackAsync(['config', '-f', dir], { env: { PROBE_PORT: String(port), NODE_EXTRA_CA_CERTS: certs.ca } });
    expect(r.code, r.stderr).toBe(0);
    expect(probe(r.stdout)).toEqual({ HTTPS: 'ok /https', FETCH: 'ok /fetch', ESM_TLS: 'authorized', OWN_CA: NOT_TRUSTED, CHILD: `${certs.ca} undefined` });
  });

  test('without the variable the test server is not trusted (what the test above shows is the file at work)', async () => {
    const dir = folder({ 'stack.ts': STACK_TS });
    const r = await runStackAsync(['config', '-f', dir], { env: { PROBE_PORT: String(port), NODE_EXTRA_CA_CERTS: undefined } });
    expect(r.code, r.stderr).toBe(0);
    expect(probe(r.stdout)).toEqual({ HTTPS: NOT_TRUSTED, FETCH: NOT_TRUSTED, ESM_TLS: NOT_TRUSTED, OWN_CA: NOT_TRUSTED, CHILD: 'undefined undefined' });
  });

  test('node running dist/bin.js itself, which reads the variable at start, gives the same outcomes', async () => {
    const dir = folder({ 'stack.ts': STACK_TS });
    const env = { ...process.env, NO_COLOR: '1', PROBE_PORT: String(port), NODE_EXTRA_CA_CERTS: certs.ca };
    const child = spawn(process.execPath, [BIN, 'config', '-f', dir], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const code = await new Promise((resolve) => child.on('close', resolve));
    const r = { stdout };
    expect(code, stderr).toBe(0);
    expect(probe(r.stdout)).toEqual({ HTTPS: 'ok /https', FETCH: 'ok /fetch', ESM_TLS: 'authorized', OWN_CA: NOT_TRUSTED, CHILD: `${certs.ca} undefined` });
  });

  test('a file that cannot be read is warned about when TLS is first used and ignored, as node does at start', async () => {
    const dir = folder({ 'stack.ts': STACK_TS });
    const missing = `${certs.dir}/no-such-bundle.pem`;
    const r = await runStackAsync(['config', '-f', dir], { env: { PROBE_PORT: String(port), NODE_EXTRA_CA_CERTS: missing } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`Ignoring extra certs from \`${missing}\`, load failed:`);
    expect(probe(r.stdout)).toMatchObject({ HTTPS: NOT_TRUSTED, FETCH: NOT_TRUSTED, CHILD: `${missing} undefined` });
  });

  test("a bundle that repeats node's own certificates (a system bundle) still adds the rest", async () => {
    const dir = folder({ 'stack.ts': STACK_TS });
    const bundle = `${folder({ 'bundle.pem': `${rootCertificates.slice(0, 20).join('\n')}\n${readFileSync(certs.ca, 'utf8')}` })}/bundle.pem`;
    const r = await runStackAsync(['config', '-f', dir], { env: { PROBE_PORT: String(port), NODE_EXTRA_CA_CERTS: bundle } });
    expect(r.code, r.stderr).toBe(0);
    expect(probe(r.stdout)).toMatchObject({ HTTPS: 'ok /https', FETCH: 'ok /fetch', ESM_TLS: 'authorized' });
  });
});
