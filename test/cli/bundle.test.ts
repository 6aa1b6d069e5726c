// The `stack` command runs the CLI from one bundled file with V8's compiled code for it cached (src/bin.ts). These
// tests run the built command as users do and check what that must not change: stack files get the running CLI's
// own API, and the code cache is used when valid and replaced when not.
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { foldersForFile } from '../helpers/folders';
import { spawn, spawnSync } from 'node:child_process';
import { thousandServiceStack } from '../../bench/thousand-services.mjs';
import { BIN, BUNDLE, ensureBuilt, fixture, ROOT, runStack, stackTraceLines } from '../helpers/run-stack.mjs';

beforeAll(ensureBuilt);
const folder = foldersForFile('stackfile-bundle');

// A preload that prints, at exit, every file node loaded as a module (require's cache: the bundle, and whatever it
// loads from node_modules; the bundle's own modules never are).
const listLoaded = join(folder({ 'list-loaded.cjs': "process.on('exit', () => process.stderr.write('LOADED ' + JSON.stringify(Object.keys(require.cache)) + '\\n'));\n" }), 'list-loaded.cjs');
// A preload that prints, at exit, node's own modules the process loaded.
const listBuiltins = join(folder({ 'list-builtins.cjs': "process.on('exit', () => process.stderr.write('BUILTINS ' + JSON.stringify(process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13))) + '\\n'));\n" }), 'list-builtins.cjs');
/** Every file in require's cache, from what list-loaded printed. */
const loadedFiles = (stderr: string): string[] => {
  const line = stderr.split('\n').find((l) => l.startsWith('LOADED '));
  if (!line) throw new Error(`no LOADED line in: ${stderr}`);
  return JSON.parse(line.slice('LOADED '.length)) as string[];
};
/** Paths below node_modules ('ssh2/lib/client.js'), from what list-loaded printed. */
const loadedModules = (stderr: string): string[] =>
  loadedFiles(stderr).filter((k) => k.includes('node_modules')).map((k) => k.replace(/.*node_modules[\\/]/, '').replace(/\\/g, '/'));

const codeCaches = (dir: string, command: string) => readdirSync(dir).filter((f) => f.startsWith('cli-') && f.includes(`-${command}-`) && f.endsWith('.v8'));

describe('the bundled CLI', () => {
  test("gives stack files the running CLI's own API: a UserError thrown in stack.ts is reported as the user's own message", () => {
    const dir = folder({
      'stack.ts': "import { UserError } from 'stackfile';\nthrow new UserError('pick a region first', { hint: 'set REGION' });\n",
    });
    const r = runStack(['config', '-f', dir]);
    expect(r.code).toBe(1);
    expect(stackTraceLines(r.stderr)).toEqual([]);
    // A second copy of the API would make it a foreign error: "stack.ts:2:7: stack file threw: UserError: ...".
    expect(r.stderr).toMatch(/^error: pick a region first\n/);
    expect(r.stderr).not.toContain('stack file threw');
    expect(r.stderr).toContain('set REGION');
  });

  test('is written in ASCII, and non-ASCII in its regular expressions (escaped) still matches (a duration in µs)', () => {
    // bin.ts reads an ASCII bundle as latin1; a raw `µ` would then decode as two wrong characters.
    expect(isAscii(readFileSync(BUNDLE))).toBe(true);
    const dir = folder({
      'stack.ts': "import { defineStack } from 'stackfile';\nexport default defineStack({ name: 'mu', services: { a: { image: 'x', healthcheck: { test: 'true', interval: '1500000µs' } } } });\n",
    });
    const r = runStack(['config', '-f', dir]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('interval: 1s500ms');
  });

  test('ends with its id, a hash of the text before it, which names the code cache', () => {
    const text = readFileSync(BUNDLE, 'latin1');
    const m = /\n\/\/ bundle id ([0-9a-f]{16})\n$/.exec(text);
    expect(m).not.toBeNull();
    expect(createHash('sha256').update(text.slice(0, m!.index + 1)).digest('hex').slice(0, 16)).toBe(m![1]);
    const cache = folder();
    expect(runStack(['config', '-f', fixture('basic')], { env: { STACKFILE_CACHE_DIR: cache } }).code).toBe(0);
    expect(codeCaches(cache, 'config')[0]).toMatch(new RegExp(`^cli-${m![1]}-`));
  });

  test("runs config without V8's optimizing compiler (bin.ts: it cost more than it saved in a short command)", () => {
    const trace = (args: string[]) => spawnSync(process.execPath, ['--trace-opt', ...args], { encoding: 'utf8', env: { ...process.env, STACKFILE_CACHE: '0' } }).stdout;
    // The tracing shows an optimization where there is one.
    expect(trace(['-e', 'let s = 0; for (let i = 0; i < 1e7; i++) s += i % 7;'])).toContain('completed optimizing');
    // A 1,000-service stack.ts: with the compiler, config optimizes some thirty functions.
    const dir = folder({ 'stack.ts': thousandServiceStack('no-opt') });
    const out = trace([BIN, 'config', '-f', dir]);
    expect(out).toContain('name: no-opt');
    expect(out).not.toContain('completed optimizing');
  });

  test('loads none of zlib, child_process or perf_hooks for a command that only reads stack.ts', () => {
    const r = runStack(['config', '-f', fixture('basic')], { env: { NODE_OPTIONS: `--require ${listBuiltins}` } });
    expect(r.code, r.stderr).toBe(0);
    const line = r.stderr.split('\n').find((l) => l.startsWith('BUILTINS '));
    const builtins = JSON.parse(line!.slice('BUILTINS '.length)) as string[];
    expect(builtins).toContain('fs'); // the list is node's
    expect(builtins.filter((m) => ['zlib', 'child_process', 'perf_hooks'].includes(m))).toEqual([]);
  });

  test("writes V8's code for a command on its first run, and the next run uses it unchanged", () => {
    const cache = folder();
    const env = { STACKFILE_CACHE_DIR: cache };
    const first = runStack(['config', '-f', fixture('basic')], { env });
    expect(first.code).toBe(0);
    const [file] = codeCaches(cache, 'config');
    expect(file).toBeDefined();
    const before = statSync(join(cache, file));
    expect(before.size).toBeGreaterThan(10_000);

    const second = runStack(['config', '-f', fixture('basic')], { env });
    expect(second.stdout).toBe(first.stdout);
    // Rejected data would have been written again (a new file renamed over the old one).
    const after = statSync(join(cache, file));
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
    expect(codeCaches(cache, 'config')).toEqual([file]);
    // Another command gets its own, but not from a run that stops at help or at an error: it ran little of the
    // command's code, and later runs would compile the rest every time.
    expect(runStack(['export', 'kubernetes', '--help'], { env }).code).toBe(0);
    expect(runStack(['export', 'kubernetes', '-f', fixture('syntax-error')], { env }).code).toBe(1);
    expect(runStack(['export', 'kubernetes', '--no-such-flag', '-f', fixture('basic')], { env }).code).toBe(1);
    expect(codeCaches(cache, 'export')).toEqual([]);
    expect(runStack(['export', 'kubernetes', '-f', fixture('basic')], { env }).code).toBe(0);
    expect(codeCaches(cache, 'export')).toHaveLength(1);
  });

  test('replaces a code cache V8 rejects, and the command works all the same', () => {
    const cache = folder();
    const env = { STACKFILE_CACHE_DIR: cache };
    const good = runStack(['config', '-f', fixture('basic')], { env });
    const [file] = codeCaches(cache, 'config');
    const garbage = Buffer.alloc(statSync(join(cache, file)).size, 7);
    writeFileSync(join(cache, file), garbage);

    const r = runStack(['config', '-f', fixture('basic')], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(good.stdout);
    expect(readFileSync(join(cache, file)).equals(garbage)).toBe(false);
  });

  test("carries dockerode itself, and loads none of dockerode's deferred parts for a command that talks to the daemon", () => {
    const dir = folder({ 'stack.ts': "import { defineStack } from 'stackfile';\nexport default defineStack({ name: 'bundle-loaded', services: { a: { image: 'x' } } });\n" });
    runStack(['ps', '-f', dir]); // the transpiled stack.ts is cached from here on
    const r = runStack(['ps', '-f', dir], { env: { NODE_OPTIONS: `--require ${listLoaded}` } });
    expect(r.code).toBe(0);
    // The hook did report: the bundle itself is in require's cache.
    expect(loadedFiles(r.stderr)).toContain(BUNDLE);
    expect(loadedModules(r.stderr).filter((m) => /(^|\/)(dockerode|docker-modem|ssh2|@grpc|protobufjs|readable-stream)\//.test(m))).toEqual([]);
  });

  test('reaches a daemon over ssh:// with the system\'s ssh command, as the docker CLI does; ssh2 is never loaded', () => {
    // Port 1 on loopback refuses at once: the error is ssh's own, so the ssh command was run.
    const r = runStack(['ps', '-f', fixture('basic')], { env: { DOCKER_HOST: 'ssh://nobody@127.0.0.1:1', NODE_OPTIONS: `--require ${listLoaded}` } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot reach the Docker daemon at ssh://nobody@127.0.0.1:1 (ssh exited with code 255: ssh: connect to host 127.0.0.1 port 1: Connection refused)');
    expect(r.stderr).toContain('hint: check that `ssh -p 1 nobody@127.0.0.1 docker version` works');
    expect(loadedModules(r.stderr).filter((m) => m.startsWith('ssh2/'))).toEqual([]);
  });

  test('`stack export kubernetes -o DIR` loads neither crypto nor net, and still says its warning and what it wrote', () => {
    // Node creates process.stderr on first use, on a pipe with net and the streams; crypto came with dotenv.
    const preload = join(folder({ 'builtins-at-exit.cjs': "process.on('exit', () => require('fs').writeSync(2, 'BUILTINS ' + JSON.stringify(process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13))) + '\\n'));\n" }), 'builtins-at-exit.cjs');
    const dir = folder({
      'stack.ts': "import { defineStack } from 'stackfile';\nexport default defineStack({ name: 'lean', services: { db: { image: 'postgres:16', ports: ['127.0.0.1:5432:5432'], environment: { POSTGRES_DB: 'app' } } } });\n",
    });
    const out = join(dir, 'k8s');
    // The first run transpiles stack.ts, with swc, which loads node's assert and with it process.stderr; the
    // measured one finds it in the cache, as every run after an edit does.
    expect(runStack(['export', 'kubernetes', '-f', dir, '-o', out]).code).toBe(0);
    // Without NODE_EXTRA_CA_CERTS: where it is set, the stack command loads tls (and with it crypto and net) to
    // hand the file to TLS when needed (src/extra-ca-certs.ts), ~8 ms instead of node's ~100 ms parse at start.
    const r = runStack(['export', 'kubernetes', '-f', dir, '-o', out], { env: { NODE_OPTIONS: `--require ${preload}`, NODE_EXTRA_CA_CERTS: undefined } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^warning: services\.db\.ports\[0\]: is published on 127\.0\.0\.1 only/);
    expect(r.stderr).toContain(`wrote ${readdirSync(out).length} files to ${out}; apply with kubectl apply -f ${out}\n`);
    expect(readFileSync(join(out, 'db-deployment.yaml'), 'utf8')).toMatch(/checksum\/config: [0-9a-f]{16}\n/);
    const line = r.stderr.split('\n').find((l) => l.startsWith('BUILTINS '));
    const builtins = JSON.parse(line!.slice('BUILTINS '.length)) as string[];
    expect(builtins).toContain('fs');
    expect(builtins.filter((m) => ['crypto', 'net', 'tty'].includes(m))).toEqual([]);
  });

  test('a command writing to a reader that went away stops with the broken-pipe status (141), without a stack trace', async () => {
    // 100 services' manifests are ~600 KB, more than a pipe holds: the writes after the reader left fail with EPIPE.
    const child = spawn(process.execPath, [BIN, 'export', 'kubernetes', '-f', join(ROOT, 'test', 'fixtures', 'stacks', 'hundred-services')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, stderr).toBe(141);
    expect(stackTraceLines(stderr)).toEqual([]);
  });

  test('STACKFILE_CACHE=0 writes no code cache', () => {
    const cache = folder();
    const r = runStack(['config', '-f', fixture('basic')], { env: { STACKFILE_CACHE_DIR: cache, STACKFILE_CACHE: '0' } });
    expect(r.code).toBe(0);
    expect(readdirSync(cache)).toEqual([]);
  });
});
