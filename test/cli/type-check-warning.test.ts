/**
 * `plan` and `up` only transpile stack.ts; on a terminal they say in one line when it (or a local file it imports)
 * changed since `stack check` last passed. `up --check` type-checks first and refuses a stack with type errors.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { foldersForFile } from '../helpers/folders';
import { projectContainers, projectsForFile } from '../helpers/project';
import { BIN, ensureBuilt, runStack } from '../helpers/run-stack.mjs';
import { TEST_IMAGE, ensureTestImage } from '../helpers/test-image';

const folder = foldersForFile('stackfile-typecheck-warning');
const project = projectsForFile();
const WARNING = /warning: stack\.ts was not type-checked since it last changed: run `stack check`/g;

beforeAll(async () => {
  await Promise.all([ensureBuilt(), ensureTestImage()]);
});

function stackTs(name: string): string {
  return `import { defineStack } from 'stackfile';
import { label } from './label';
const port: number = 'eighty';
export default defineStack({ name: '${name}', services: { web: { image: '${TEST_IMAGE}', init: true, command: ['sleep', '600'], labels: { tier: label }, environment: { PORT: String(port) } } } });
`;
}

/** The CLI with a terminal for its output (util-linux `script`), as a user runs it; stdout and stderr arrive merged. */
function onTerminal(args: string[], cwd: string, env: Record<string, string>): { code: number | null; output: string } {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a}'`).join(' ');
  const r = spawnSync('script', ['-qec', command, '/dev/null'], { cwd, env: { ...process.env, ...env, NO_COLOR: '1', FORCE_COLOR: '' }, encoding: 'utf8', timeout: 90_000 });
  // eslint-disable-next-line no-control-regex
  return { code: r.status, output: r.stdout.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '') };
}

describe('a stack changed since its last type-check', () => {
  it('plan and up warn once on a terminal (and still run), stack check and up --check refuse; after a check passes, no warning until a file changes', async () => {
    const name = project('typecheck-warning');
    const dir = folder({ 'stack.ts': stackTs(name), 'label.ts': "export const label = 'web';\n" });
    const env = { STACKFILE_CACHE_DIR: join(dir, '.cache') };

    const refused = runStack(['up', '--check'], { cwd: dir, env });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/stack\.ts\(3,7\): error TS2322: Type 'string' is not assignable to type 'number'/);
    expect(refused.stderr).toMatch(/^error: 1 type error in .*stack\.ts\nhint: /);
    expect(await projectContainers(name)).toEqual([]);

    const plan = onTerminal(['plan'], dir, env);
    expect(plan.code, plan.output).toBe(2);
    expect(plan.output.match(WARNING)).toHaveLength(1);
    // Not on a terminal (pipes, CI logs): scripts read that output, so no warning there.
    expect(runStack(['plan'], { cwd: dir, env }).stderr).not.toMatch(WARNING);

    const up = onTerminal(['up', '--progress', 'plain'], dir, env);
    expect(up.code, up.output).toBe(0);
    expect(up.output.match(WARNING)).toHaveLength(1);
    expect(await projectContainers(name)).toHaveLength(1);

    const check = runStack(['check'], { cwd: dir, env });
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/error TS2322/);

    writeFileSync(join(dir, 'stack.ts'), stackTs(name).replace("'eighty'", '80'));
    expect(onTerminal(['plan'], dir, env).output).toMatch(WARNING);
    expect(runStack(['check'], { cwd: dir, env }).code).toBe(0);
    const checked = onTerminal(['plan'], dir, env);
    expect(checked.output).toMatch(/Plan for/);
    expect(checked.output).not.toMatch(WARNING);

    // A local file stack.ts imports is part of what was checked.
    writeFileSync(join(dir, 'label.ts'), "export const label = 'front';\n");
    expect(onTerminal(['plan'], dir, env).output).toMatch(WARNING);
    const upChecked = onTerminal(['up', '--check', '--progress', 'plain'], dir, env);
    expect(upChecked.code, upChecked.output).toBe(0);
    expect(upChecked.output).not.toMatch(WARNING);
    expect(onTerminal(['plan'], dir, env).output).not.toMatch(WARNING);
  }, 400_000); // some 15 CLI runs, three of them full type-checks, on a 2-core machine shared with other runs
});
