// `node bench/dev-latency.mjs [saves]`: how fast `stack dev` turns a save into a change in the running container,
// against the real daemon (a benchmark, not a test; run it alone on a quiet machine, once).
//   file saved → visible in the container: a sync rule copies www/ into a busybox httpd, polled over HTTP.
//   stack.ts saved → the changed service recreated and running: an env var edit, until the new container answers
//   with the new value over HTTP (its published port is refused while it is being replaced).
// Targets (issue #5): file p50 ≤ 250 ms, p95 ≤ 500 ms; stack.ts p50 ≤ 1.5 s.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { BASE_IMAGE, ensureBaseImage } from '../scripts/base-image.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'dist', 'bin.js');
// `--quick` (from npm run bench -- --quick) keeps the minimum of 20 saves: fewer would make p95 meaningless.
const saves = Math.max(20, Number(process.argv.find((a) => /^\d+$/.test(a))) || 20);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// Between saves, so each is measured from an idle session: once the new content answers, what the session still
// does for that save (a readiness check, re-attaching logs) takes a few milliseconds.
const PAUSE_MS = 150;

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

function stackTs(project, filePort, envPort, message) {
  return `import { defineStack } from 'stackfile';
export default defineStack({
  name: '${project}',
  services: {
    files: {
      image: '${BASE_IMAGE}',
      init: true,
      command: ['sh', '-c', 'mkdir -p /www && exec httpd -f -p 8080 -h /www'],
      ports: ['127.0.0.1:${filePort}:8080'],
      watch: [{ path: './www', action: 'sync', target: '/www' }],
    },
    env: {
      image: '${BASE_IMAGE}',
      init: true,
      environment: { MESSAGE: '${message}' },
      command: ['sh', '-c', 'mkdir -p /www && echo "$MESSAGE" > /www/message.txt && exec httpd -f -p 8080 -h /www'],
      ports: ['127.0.0.1:${envPort}:8080'],
    },
  },
});
`;
}

/** Polls `url` until its body is `expected`; returns when that was first seen. */
async function until(url, expected, timeoutMs) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(500) });
      if ((await res.text()) === expected) return performance.now();
    } catch {
      /* refused while the container is replaced */
    }
    if (performance.now() > deadline) throw new Error(`${url} did not answer ${JSON.stringify(expected)} within ${timeoutMs} ms`);
    await sleep(5);
  }
}

function summary(ms) {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q) => Math.round(s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]);
  return { p50: at(0.5), p95: at(0.95), n: s.length, min: Math.round(s[0]), max: Math.round(s[s.length - 1]) };
}

function stats(ms) {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
  const f = (v) => `${Math.round(v)} ms`;
  return `n=${s.length}  p50 ${f(at(0.5))}  p95 ${f(at(0.95))}  min ${f(s[0])}  max ${f(s[s.length - 1])}`;
}

await ensureBaseImage();
const project = `bench-dev-${randomBytes(3).toString('hex')}`;
const dir = mkdtempSync(join(tmpdir(), 'stackfile-bench-dev-'));
const [filePort, envPort] = [await freePort(), await freePort()];
mkdirSync(join(dir, 'www'));
writeFileSync(join(dir, 'www', 'bench.txt'), 'start');
writeFileSync(join(dir, 'stack.ts'), stackTs(project, filePort, envPort, 'm0'));

const dev = spawn(process.execPath, [bin, 'dev'], { cwd: dir, env: { ...process.env, NO_COLOR: '1', CI: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
let output = '';
dev.stdout.on('data', (d) => (output += d));
dev.stderr.on('data', (d) => (output += d));
try {
  const started = performance.now();
  while (!/^watching /m.test(output)) {
    if (dev.exitCode !== null || performance.now() - started > 60_000) throw new Error(`stack dev did not start:\n${output}`);
    await sleep(20);
  }
  await until(`http://127.0.0.1:${envPort}/message.txt`, 'm0\n', 10_000);

  const fileMs = [];
  for (let i = 0; i < saves; i++) {
    const content = `save ${i} ${randomBytes(4).toString('hex')}`;
    writeFileSync(join(dir, 'www', 'bench.txt'), content);
    const t0 = performance.now();
    fileMs.push((await until(`http://127.0.0.1:${filePort}/bench.txt`, content, 5_000)) - t0);
    await sleep(PAUSE_MS);
  }

  const reloadMs = [];
  for (let i = 1; i <= saves; i++) {
    writeFileSync(join(dir, 'stack.ts'), stackTs(project, filePort, envPort, `m${i}`));
    const t0 = performance.now();
    reloadMs.push((await until(`http://127.0.0.1:${envPort}/message.txt`, `m${i}\n`, 30_000)) - t0);
    await sleep(PAUSE_MS);
  }

  console.log(`stack dev latency (${saves} saves each, ${new Date().toISOString()})`);
  console.log(`  file saved → visible in the container:        ${stats(fileMs)}   (target p50 ≤ 250 ms, p95 ≤ 500 ms)`);
  console.log(`  stack.ts saved → service recreated, running:  ${stats(reloadMs)}   (target p50 ≤ 1500 ms)`);
  // The last line is for `npm run bench` (bench/dev.mjs), which reads it as JSON.
  console.log(JSON.stringify({ sync: summary(fileMs), reload: summary(reloadMs) }));
} finally {
  if (dev.exitCode === null) {
    const closed = new Promise((resolve) => dev.once('close', resolve));
    dev.kill('SIGINT');
    await closed;
  }
  spawnSync(process.execPath, [bin, 'down', '-p', project], { stdio: 'ignore' });
  rmSync(dir, { recursive: true, force: true });
}
