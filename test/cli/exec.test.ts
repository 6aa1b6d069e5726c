import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Docker from 'dockerode';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectsForFile } from '../helpers/project';
import { runStack, stackTraceLines } from '../helpers/run-stack.mjs';
import { TEST_IMAGE } from '../helpers/test-image';
import { writeStack } from '../integration/stacks';

const project = projectsForFile();

describe('stack exec against the real daemon', () => {
  const name = project('it-exec');
  let dir: string;
  beforeAll(() => {
    dir = writeStack(`{ name: '${name}', services: { api: { image: '${TEST_IMAGE}', init: true, command: ['sleep', '3600'], replicas: 2 } } }`);
    const r = runStack(['up'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
  });

  it('forwards piped stdin to the command, with -T and without', () => {
    const piped = runStack(['exec', '-T', 'api', 'cat'], { cwd: dir, input: 'hello from a pipe\n' });
    expect(piped.code, piped.stderr).toBe(0);
    expect(piped.stdout).toBe('hello from a pipe\n');
    const plain = runStack(['exec', 'api', 'wc', '-c'], { cwd: dir, input: 'x'.repeat(100_000) });
    expect(plain.stdout.trim()).toBe('100000');
  });

  it('writes a file from stdin redirected from a file, then reads it back', () => {
    const file = join(dir, 'dump.sql');
    writeFileSync(file, 'create table t (x int);\n');
    const write = runStack(['exec', 'api', 'sh', '-c', 'cat > /dump.sql'], { cwd: dir, input: readFileSync(file, 'utf8') });
    expect(write.code, write.stderr).toBe(0);
    expect(runStack(['exec', 'api', 'cat', '/dump.sql'], { cwd: dir }).stdout).toBe('create table t (x int);\n');
  });

  it('passes options after the service to the command, without --', () => {
    const r = runStack(['exec', 'api', 'ls', '-la', '/bin/busybox'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^-r.x.*\/bin\/busybox$/m);
    // The Compose habit of `--` still works.
    expect(runStack(['exec', 'api', '--', 'echo', '-n', 'ok'], { cwd: dir }).stdout).toBe('ok');
  });

  it('sets -e, -w and -u, and passes the exit code through', () => {
    const r = runStack(['exec', '-e', 'GREETING=hi there', '-e', 'FROM_SHELL', '-w', '/bin', '-u', '65534', 'api', 'sh', '-c', 'echo "$GREETING|$FROM_SHELL|$(pwd)|$(id -u)"; exit 3'], { cwd: dir, env: { FROM_SHELL: 'shell value' } });
    expect(r.stdout).toBe('hi there|shell value|/bin|65534\n');
    expect(r.code).toBe(3);
  });

  it('runs in the replica --index names', async () => {
    const second = await new Docker().getContainer(`${name}-api-2`).inspect();
    const r = runStack(['exec', '--index', '2', 'api', 'hostname'], { cwd: dir });
    expect(r.stdout.trim()).toBe(second.Config.Hostname);
    const missing = runStack(['exec', '--index', '3', 'api', 'true'], { cwd: dir });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('has no replica 3');
  });

  it('suggests the service meant by a typo, without a stack trace', () => {
    const r = runStack(['exec', 'apii', 'sh'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no service named apii');
    expect(r.stderr).toContain('did you mean "api"?');
    expect(stackTraceLines(r.stderr)).toEqual([]);
  });
});
