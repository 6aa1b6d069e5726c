/**
 * `-o` where no folder can be made. procfs answers ENOENT to any new name, which Node's recursive mkdirSync takes for a
 * missing parent and retries for ever: each of these commands hung, at full CPU, until killed. Now each is one
 * paragraph naming the folder that could not be made, exit 1, and nothing is written.
 */
import { beforeAll, expect, test } from 'vitest';
import { foldersForFile } from '../helpers/folders';
import { ensureBuilt, runStack, stackTraceLines } from '../helpers/run-stack.mjs';

beforeAll(ensureBuilt);
const folder = foldersForFile('stackfile-write-errors');

const STACK = `import { defineStack } from 'stackfile';\nexport default defineStack({ name: 'w', services: { web: { image: 'nginx:1.27', ports: ['80:80'] } } });\n`;
/** Seconds, not the CLI's usual three minutes: a hang is what is tested. Each command takes well under one. */
const LIMIT_MS = 20_000;

test.each([
  ['export kubernetes to a file', ['export', 'kubernetes', '-o', '/proc/none/k8s.yaml'], 'choose a folder (or a .yaml file)'],
  ['export kubernetes to a folder', ['export', 'kubernetes', '-o', '/proc/none/k8s/'], 'choose a folder (or a .yaml file)'],
  ['export compose', ['export', 'compose', '-o', '/proc/none/docker-compose.yml'], 'choose a file in a folder you can write to'],
  ['import', ['import', 'docker-compose.yml', '-o', '/proc/none/stack.ts'], 'choose a file in a folder you can write to with -o'],
])('%s under /proc/none: a user error naming the folder, not a hang', (_what, args, hint) => {
  const dir = folder({ 'stack.ts': STACK, 'docker-compose.yml': 'services:\n  web:\n    image: nginx\n' });
  const r = runStack(args, { cwd: dir, limitMs: LIMIT_MS });
  expect(r.code, r.stderr).toBe(1);
  expect(r.stderr).toContain(`error: cannot write ${args[args.length - 1]} (/proc/none): ENOENT, /proc takes no new folders`);
  expect(r.stderr).toContain(`hint: ${hint}`);
  expect(stackTraceLines(r.stderr)).toEqual([]);
});
