/**
 * The bad-input table (issue 14, item 12): every way a new user got a stack wrong, run through the built CLI as
 * `stack up`. Each must exit 1 with one paragraph and a hint, no stack trace, and change nothing on the daemon: no
 * container, network or volume labelled with the case's project, no lock left. Most fail before any daemon call, so
 * the cases run side by side.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { foldersForFile } from '../helpers/folders';
import { uniqueProject } from '../helpers/project';
import { ensureBuilt, runStackAs, runStackAsync, stackTraceLines, type RunResult } from '../helpers/run-stack.mjs';
import { TEST_IMAGE } from '../helpers/test-image';

interface Case {
  name: string;
  /** stack.ts's text for project `p` (a whole file when it does not start with `{`, else defineStack's argument). */
  stack: (p: string) => string;
  /** Other files of the case's folder. */
  files?: Record<string, string>;
  args?: string[];
  env?: Record<string, string | undefined>;
  /** What stderr must say (the "what" and "where"). */
  says: RegExp;
  /** Set up the folder further (a folder named stack.ts, permissions). */
  prepare?: (dir: string) => void;
  /** Run as this uid (root reads every file). */
  uid?: number;
  /** Found once work began (a build), so up's progress lines came first on stdout. */
  progress?: true;
}

const img = `'${TEST_IMAGE}'`;
const svc = (extra = '') => `{ image: ${img}${extra ? `, ${extra}` : ''} }`;
const one = (p: string, extra: string, top = '') => `{ name: '${p}', services: { web: ${svc(extra)} }${top ? `, ${top}` : ''} }`;

const CASES: Case[] = [
  // Syntax
  { name: 'a missing comma', stack: (p) => `{ name: '${p}' services: {} }`, says: /syntax error in stack file:\n.*stack\.ts:\d+:\d+: ',' expected/ },
  { name: 'an unclosed brace', stack: (p) => `import { defineStack } from 'stackfile';\nexport default defineStack({ name: '${p}', services: { web: ${svc()} };\n`, says: /syntax error in stack file/ },
  { name: 'a syntax error in an imported helper', stack: (p) => `import { defineStack } from 'stackfile';\nimport { x } from './helper';\nexport default defineStack({ name: '${p}' + x, services: {} });\n`, files: { 'helper.ts': 'export const x = (;\n' }, says: /helper\.ts:1:\d+/ },
  { name: 'a syntax error in a .js helper', stack: (p) => `import { defineStack } from 'stackfile';\nimport { x } from './helper.cjs';\nexport default defineStack({ name: '${p}' + x, services: {} });\n`, files: { 'helper.cjs': 'exports.x = (;\n' }, says: /syntax error in .*helper\.cjs:1/ },
  { name: 'an empty file', stack: () => '\n', says: /has no default export/ },
  { name: 'a default export that is a string', stack: () => "export default 'web';\n", says: /expected an object, got "web"/ },
  // Types and values
  { name: 'an image that is a number', stack: (p) => `{ name: '${p}', services: { web: { image: 42 } } }`, says: /services\.web\.image: expected a string, got number 42/ },
  { name: 'an empty image', stack: (p) => `{ name: '${p}', services: { web: { image: '' } } }`, says: /services\.web\.image/ },
  { name: 'neither image nor build', stack: (p) => `{ name: '${p}', services: { web: { command: ['true'] } } }`, says: /services\.web: has neither "image" nor "build"/ },
  { name: 'a port that is a word', stack: (p) => one(p, "ports: ['eighty']"), says: /services\.web\.ports\[0\]/ },
  { name: 'a host port out of range', stack: (p) => one(p, "ports: ['70000:80']"), says: /services\.web\.ports\[0\].*70000/ },
  { name: 'an unknown port protocol', stack: (p) => one(p, "ports: ['8080:80/tcpx']"), says: /services\.web\.ports\[0\]/ },
  { name: 'one host port published twice', stack: (p) => `{ name: '${p}', services: { a: ${svc("ports: ['18231:80']")}, b: ${svc("ports: ['18231:80']")} } }`, says: /18231/ },
  { name: 'negative replicas', stack: (p) => one(p, 'replicas: -1'), says: /services\.web\.replicas: expected a whole number/ },
  { name: 'a duration that is not one', stack: (p) => one(p, "healthcheck: { test: ['CMD', 'true'], interval: 'soon' }"), says: /services\.web\.healthcheck\.interval/ },
  { name: 'a stop grace period in parsecs', stack: (p) => one(p, "stopGracePeriod: '10 parsecs'"), says: /services\.web\.stopGracePeriod/ },
  { name: 'healthcheck retries as a word', stack: (p) => one(p, "healthcheck: { test: ['CMD', 'true'], retries: 'three' }"), says: /services\.web\.healthcheck\.retries/ },
  { name: 'an environment value that is an object', stack: (p) => one(p, 'environment: { A: {} }'), says: /services\.web\.environment\.A/ },
  { name: 'an environment entry without a name', stack: (p) => one(p, "environment: ['=x']"), says: /services\.web\.environment\[0\]/ },
  { name: 'a restart policy that does not exist', stack: (p) => one(p, "restart: 'sometimes'"), says: /services\.web\.restart: expected "no", "always"/ },
  { name: "Compose's ${VAR} in a string", stack: (p) => one(p, "environment: { URL: 'http://${HOST}/' }"), says: /services\.web\.environment\.URL.*ctx\.vars/ },
  // Unknown keys at every depth
  { name: 'an unknown top-level key', stack: (p) => `{ name: '${p}', servics: { web: ${svc()} } }`, says: /servics: unknown key "servics" \(did you mean "services"\?\)/ },
  { name: 'an unknown service key', stack: (p) => one(p, "restat: 'always'"), says: /services\.web\.restat: unknown key "restat" \(did you mean "restart"\?\)/ },
  { name: 'an unknown healthcheck key', stack: (p) => one(p, "healthcheck: { tset: ['CMD', 'true'] }"), says: /services\.web\.healthcheck\.tset: unknown key/ },
  { name: 'an unknown build key', stack: (p) => `{ name: '${p}', services: { web: { build: { contxt: './app' } } } }`, says: /services\.web\.build\.contxt: unknown key "contxt" \(did you mean "context"\?\)/ },
  { name: 'an unknown deploy key', stack: (p) => one(p, 'deploy: { replicaz: 2 }'), says: /services\.web\.deploy\.replicaz: unknown key/ },
  { name: 'an unknown volume key', stack: (p) => one(p, '', "volumes: { data: { drivr: 'local' } }"), says: /volumes\.data\.drivr: unknown key "drivr" \(did you mean "driver"\?\)/ },
  { name: 'an unknown network key', stack: (p) => one(p, '', 'networks: { back: { internl: true } }'), says: /networks\.back\.internl: unknown key/ },
  { name: 'an unknown key in an env overlay', stack: (p) => `{ name: '${p}', services: { web: ${svc()} }, envs: { prod: { services: { web: { imgae: 'x' } } } } }`, args: ['--env', 'prod'], says: /services\.web\.imgae: unknown key/ },
  // Dependencies
  { name: 'a dependency on a service that does not exist', stack: (p) => one(p, "dependsOn: ['dbb']"), says: /services\.web\.dependsOn\.dbb/ },
  { name: 'a dependency cycle', stack: (p) => `{ name: '${p}', services: { a: ${svc("dependsOn: ['b']")}, b: ${svc("dependsOn: ['a']")} } }`, says: /a => b => a|b => a => b/ },
  { name: 'a service depending on itself', stack: (p) => one(p, "dependsOn: ['web']"), says: /web => web|depends on itself/ },
  // Names
  { name: 'a service name with é', stack: (p) => `{ name: '${p}', services: { 'café': ${svc()} } }`, says: /service name "café" may only hold ASCII letters/ },
  { name: 'a project name with capitals and a space', stack: () => `{ name: 'My App', services: { web: ${svc()} } }`, says: /project name "My App" must be lowercase/ },
  // Volumes, files, variables, envs
  { name: 'a relative mount target', stack: (p) => one(p, "volumes: ['data:relative']", 'volumes: { data: {} }'), says: /services\.web\.volumes\[0\]/ },
  { name: 'an env file that does not exist', stack: (p) => one(p, "envFile: './nope.env'"), says: /nope\.env/ },
  { name: 'a secret file that does not exist', stack: (p) => `import { defineStack, secret } from 'stackfile';\nexport default defineStack(${one(p, "secrets: { key: secret.file('./nope.pem') }")});\n`, says: /nope\.pem/ },
  { name: 'a required variable that is not set', stack: (p) => `import { defineStack } from 'stackfile';\nexport default defineStack((ctx) => (${one(p, "environment: { TOKEN: ctx.vars.require('STACKFILE_BAD_INPUT_UNSET') }")}));\n`, says: /required variable STACKFILE_BAD_INPUT_UNSET is not set/ },
  { name: 'an --env nothing defines', stack: (p) => one(p, ''), args: ['--env', 'prdo'], says: /prdo/ },
  { name: 'a build context that does not exist', stack: (p) => `{ name: '${p}', services: { web: { build: './no-such-folder' } } }`, says: /build context .*no-such-folder does not exist/, progress: true },
  { name: 'a profile name with a space', stack: (p) => one(p, "profiles: ['my tools']"), says: /profile name "my tools"/ },
  // The stack file itself
  { name: 'a stack that throws', stack: () => "throw new Error('WEB_IMAGE is not set');\n", says: /stack\.ts:1:\d+: stack file threw: WEB_IMAGE is not set/ },
  { name: 'an import of a missing module', stack: (p) => `import { defineStack } from 'stackfile';\nimport { image } from './lib/images';\nexport default defineStack({ name: '${p}', services: { web: { image } } });\n`, says: /stack\.ts:2:\d+: Cannot find module '\.\/lib\/images'/ },
  { name: 'a folder named stack.ts', stack: () => '', prepare: (dir) => (rmSync(join(dir, 'stack.ts')), mkdirSync(join(dir, 'stack.ts'))), says: /stack\.ts is a folder, not a file/ },
  { name: 'an unreadable stack.ts', stack: (p) => one(p, ''), prepare: (dir) => chmodSync(join(dir, 'stack.ts'), 0o000), uid: 65534, says: /cannot read .*stack\.ts: permission denied/ },
  { name: 'no stack.ts at all', stack: () => '', prepare: (dir) => rmSync(join(dir, 'stack.ts')), says: /no stack\.ts found in/ },
  { name: 'a --wait-timeout that is not a number', stack: (p) => one(p, ''), args: ['--wait-timeout', 'soon'], says: /--wait-timeout.*whole number/ },
  // The daemon
  { name: 'a daemon unreachable over unix', stack: (p) => one(p, ''), env: { DOCKER_HOST: 'unix:///nonexistent/stackfile-bad-input.sock' }, says: /cannot reach the Docker daemon at unix:\/\/\/nonexistent\/stackfile-bad-input\.sock/ },
  { name: 'a daemon unreachable over tcp', stack: (p) => one(p, ''), env: { DOCKER_HOST: 'tcp://127.0.0.1:1' }, says: /cannot reach the Docker daemon at tcp:\/\/127\.0\.0\.1:1/ },
];

const folder = foldersForFile('stackfile-bad-input');
const results = new Map<string, { project: string; result: RunResult }>();
const docker = new Docker();
/** Cases run as another user need a folder that user may enter: outside the run's own TMPDIR (root's only). */
const outside: string[] = [];

beforeAll(async () => {
  await ensureBuilt();
  const queue = CASES.map((c, i) => async () => {
    const project = uniqueProject(`bad-${i}`);
    const dir = c.uid === undefined ? folder() : mkdtempSync('/tmp/stackfile-bad-input-');
    if (c.uid !== undefined) {
      outside.push(dir);
      chmodSync(dir, 0o755);
    }
    const text = c.stack(project);
    writeFileSync(join(dir, 'stack.ts'), text.startsWith('{') ? `import { defineStack } from 'stackfile';\nexport default defineStack(${text});\n` : text);
    for (const [name, content] of Object.entries(c.files ?? {})) writeFileSync(join(dir, name), content);
    c.prepare?.(dir);
    const result = c.uid === undefined
      ? await runStackAsync(['up', ...(c.args ?? [])], { cwd: dir, env: c.env })
      : await runStackAs(c.uid, ['up', ...(c.args ?? [])], dir);
    results.set(c.name, { project, result });
  });
  // A few at a time: each is a node process, and the machine has two cores.
  const workers = Array.from({ length: 6 }, async () => {
    for (let next = queue.shift(); next; next = queue.shift()) await next();
  });
  await Promise.all(workers);
}, 300_000);

afterAll(() => {
  for (const dir of outside) rmSync(dir, { recursive: true, force: true });
});

describe('bad input: exit 1, one paragraph with a hint, no stack trace, nothing changed on the daemon', () => {
  test('the table has at least 40 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  test.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const { project, result } = results.get(c.name)!;
    expect(result.stderr).toMatch(c.says);
    expect(result.code).toBe(1);
    if (!c.progress) expect(result.stdout).toBe('');
    expect(stackTraceLines(result.stderr)).toEqual([]);
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.stderr).toMatch(/^error: /);
    expect(result.stderr).toMatch(/\nhint: \S.*\n$/);
    const filters = { label: [`io.stackfile.project=${project}`] };
    expect(await docker.listContainers({ all: true, filters })).toEqual([]);
    expect(await docker.listNetworks({ filters })).toEqual([]);
    expect((await docker.listVolumes({ filters })).Volumes ?? []).toEqual([]);
    expect(((await docker.listVolumes({ filters: { name: [`stackfile-lock.${project}`] } })).Volumes ?? []).map((v) => v.Name)).toEqual([]);
  });
});

