/**
 * Runs the built CLI as a user does: the `stack` command (bin/stack, which starts node on dist/bin.js) in a fresh
 * process. ESM (.mts) because test files run
 * as ESM under vitest while the project is CommonJS, and only ESM has import.meta.url.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(ROOT, 'dist', 'bin.js');
/** The `stack` command npm installs: a shell script that starts node on BIN (bin/stack says why). */
export const STACK = join(ROOT, 'bin', 'stack');
/** What BIN runs: the CLI in one file (scripts/bundle.mjs). */
export const BUNDLE = join(ROOT, 'dist', 'cli.bundle.js');
export const FIXTURES = join(ROOT, 'test', 'fixtures', 'stacks');
export const EXAMPLES = join(ROOT, 'examples');

export function fixture(name: string): string {
  return join(FIXTURES, name);
}

/** The built library, loaded the way the CLI loads it (CommonJS, with the loader's require hooks). */
export const requireDist = (path: string): unknown => createRequire(import.meta.url)(join(ROOT, 'dist', path));

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A guard against a hung CLI, not a speed limit: on the loaded 2-core machine (7 agents sharing it) one `up` of three
 * health-gated services took over 35 s, and 60 s killed good runs.
 */
const CLI_LIMIT_MS = 180_000;

/**
 * Runs the CLI to its end; `input` is piped to its stdin (which is otherwise an empty pipe, never a TTY). `limitMs`
 * replaces the guard for a test about a hang, so that one fails in its own time rather than in minutes.
 */
export function runStack(args: string[], options: { cwd?: string; env?: Record<string, string | undefined>; input?: string; limitMs?: number } = {}): RunResult {
  const r = spawnSync(STACK, args, { cwd: options.cwd ?? ROOT, env: cliEnv(options.env), encoding: 'utf8', timeout: options.limitMs ?? CLI_LIMIT_MS, input: options.input });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** runStack without blocking the test process, so tests can run side by side (`describe.concurrent`). */
export function runStackAsync(args: string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}): Promise<RunResult & { signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(STACK, args, { cwd: options.cwd ?? ROOT, env: cliEnv(options.env), timeout: CLI_LIMIT_MS });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/**
 * The CLI as another user (`setpriv`, e.g. nobody), with a cache folder of its own under `cwd` that user may write:
 * root reads any file, so a permission problem only shows as a user without the permission.
 */
export function runStackAs(uid: number, args: string[], cwd: string): Promise<RunResult> {
  const cache = join(cwd, '.cache');
  mkdirSync(cache, { mode: 0o777 });
  chmodSync(cache, 0o777);
  return new Promise((resolve, reject) => {
    const child = spawn('setpriv', [`--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', STACK, ...args], {
      cwd,
      env: { PATH: process.env.PATH, HOME: cache, STACKFILE_CACHE_DIR: cache, NO_COLOR: '1' },
      timeout: CLI_LIMIT_MS,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The CLI's environment: this process's, without what would change the CLI's behaviour, plus `extra`. */
function cliEnv(extra?: Record<string, string | undefined>): NodeJS.ProcessEnv {
  // The cache folder (STACKFILE_CACHE_DIR) is the test run's own, set up by global-setup.ts.
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', ...extra };
  for (const key of ['STACK_ENV', 'STACK_PROFILES', 'FORCE_COLOR']) if (!(extra && key in extra)) delete env[key];
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
  return env as NodeJS.ProcessEnv;
}

/** Lines that look like a JavaScript stack trace: a user error must never print one. */
export function stackTraceLines(text: string): string[] {
  return text.split('\n').filter((l) => /^\s+at .+(\(|:\d+:\d+)/.test(l));
}

/**
 * Builds dist/ when it is older than src/ (`npm test` builds first, but a bare `vitest run` may not have). Test files
 * run in parallel processes, so a lock folder makes the others wait for one build instead of racing it.
 */
export async function ensureBuilt(): Promise<void> {
  if (!isStale()) return;
  const lock = join(tmpdir(), `stackfile-test-build-${Buffer.from(ROOT).toString('hex').slice(-24)}.lock`);
  for (let waited = 0; ; waited += 200) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (waited > 120_000) throw new Error(`waited 2 minutes for another build (remove ${lock} if none is running)`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    if (!isStale()) return;
    // What `npm run build` runs. tsc emits even when some file has type errors; whether dist is fresh afterwards is
    // what matters here.
    let output = '';
    for (const step of [[join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], [join(ROOT, 'scripts', 'bundle.mjs')]]) {
      const r = spawnSync(process.execPath, step, { cwd: ROOT, encoding: 'utf8' });
      output += r.stdout + r.stderr;
    }
    if (isStale()) throw new Error(`npm run build did not refresh dist/:\n${output}`);
  } finally {
    rmdirSync(lock);
  }
}

function isStale(): boolean {
  let built: number;
  try {
    built = Math.min(statSync(BIN).mtimeMs, statSync(BUNDLE).mtimeMs);
  } catch {
    return true;
  }
  return newestMtime(join(ROOT, 'src')) > built;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}
