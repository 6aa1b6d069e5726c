import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupProject, projectsForFile } from '../helpers/project';
import { TEST_IMAGE } from '../helpers/test-image';
import { writeStack } from '../integration/stacks';
import { DevProcess, docker } from './dev-process';

const newProject = projectsForFile();
const sessions: DevProcess[] = [];
const dirs: string[] = [];
const projects: string[] = [];

afterAll(async () => {
  await Promise.all(sessions.map((s) => s.end()));
  await Promise.all(projects.map(cleanupProject));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('stack dev type-checks stack.ts in the background', () => {
  it('a save with a type error is applied as written and its error said; the fix says it type-checks again', async () => {
    const project = newProject('dev-typecheck');
    projects.push(project);
    const dir = writeStack(`{ name: '${project}', services: { app: { image: '${TEST_IMAGE}', init: true, command: ['sleep', '3600'], environment: { V: 'one' } } } }`);
    dirs.push(dir);
    const stackFile = join(dir, 'stack.ts');
    const good = readFileSync(stackFile, 'utf8');
    const dev = await DevProcess.start(['--type-check'], dir);
    sessions.push(dev);

    // Transpiling passes, so the edit is applied; only a type-check sees the error.
    const mark = dev.output.length;
    writeFileSync(stackFile, `const port: number = 'eighty';\nvoid port;\n${good.replace("V: 'one'", "V: 'two'")}`);
    await dev.waitForText(/⚠ type errors in stack\.ts/, 60_000, mark);
    await dev.waitForText(/stack\.ts\(1,7\): error TS2322: Type 'string' is not assignable to type 'number'/, 5_000, mark);
    const app = await docker.getContainer(`${project}-app-1`).inspect();
    expect(app.Config.Env).toContain('V=two');
    expect(app.State.Running).toBe(true);

    const fixed = dev.output.length;
    writeFileSync(stackFile, good.replace("V: 'one'", "V: 'three'"));
    await dev.waitForText(/✔ stack\.ts type-checks again/, 60_000, fixed);
    expect(dev.output.slice(fixed)).not.toMatch(/⚠ type errors/);
  }, 180_000);
});
