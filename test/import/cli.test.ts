/** `stack import` as a user runs it: the built CLI in a fresh process. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { foldersForFile } from '../helpers/folders';
import { ensureBuilt, runStack, stackTraceLines } from '../helpers/run-stack.mjs';

const folder = foldersForFile('stackfile-import-cli');
const COMPOSE = 'services:\n  web:\n    image: nginx\n    volumes_from: [db]\n  db:\n    image: pg\n    enviroment: { A: b }\n';

beforeAll(ensureBuilt);

describe('stack import', () => {
  test('writes stack.ts, lists the untranslated key with its path, and never overwrites without --force', () => {
    const dir = folder({ 'docker-compose.yml': COMPOSE });
    const first = runStack(['import'], { cwd: dir });
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('warning: services.web.volumes_from: stackfile has no volumes_from');
    expect(first.stderr).toContain('warning: services.db.enviroment: not a Compose key (did you mean "environment"?); written as a // TODO comment');
    expect(first.stderr).toContain('wrote stack.ts from docker-compose.yml (2 services, 2 TODO)');
    const written = readFileSync(join(dir, 'stack.ts'), 'utf8');
    expect(written).toContain("image: 'nginx'");

    const again = runStack(['import', 'docker-compose.yml'], { cwd: dir });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('stack.ts already exists; nothing was written');
    expect(again.stderr).toContain('--force');
    expect(stackTraceLines(again.stderr)).toEqual([]);

    const forced = runStack(['import', '--force', '--env', 'prod=docker-compose.yml'], { cwd: dir });
    expect(forced.code).toBe(0);
    expect(readFileSync(join(dir, 'stack.ts'), 'utf8')).toContain('prod: {}');
  });

  test('an imported boolean whose variable is no boolean word is one paragraph naming it and its value, exit 1, where Compose errs too', () => {
    const dir = folder({ 'docker-compose.yml': 'services:\n  web:\n    image: nginx\n    read_only: ${RO:-false}\n' });
    expect(runStack(['import'], { cwd: dir }).code).toBe(0);
    expect(readFileSync(join(dir, 'stack.ts'), 'utf8')).toContain("readOnly: ctx.vars.bool('RO', false),");

    const bad = runStack(['config'], { cwd: dir, env: { RO: 'ture' } });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/^error: 1 problem in .*stack\.ts:\n {2}- vars\.RO: variable RO is "ture", which is not a boolean \(ctx\.vars\.bool at .*stack\.ts:\d+:\d+\) \(set it to true\/yes\/y\/on or false\/no\/n\/off \(any case\) in the environment or in \.env, \.env\.local next to stack\.ts\)\nhint: /);
    expect(stackTraceLines(bad.stderr)).toEqual([]);

    const good = runStack(['config'], { cwd: dir, env: { RO: 'On' } });
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('readOnly: true');
  });

  test('a bad --env or a missing file is one paragraph and exit 1; --help explains the env mapping', () => {
    const dir = folder({ 'docker-compose.yml': COMPOSE });
    const bad = runStack(['import', '--env', 'prod', '-o', '-'], { cwd: dir });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--env prod: expected NAME=FILE');
    const missing = runStack(['import', 'compose.prod.yml', '-o', '-'], { cwd: dir });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cannot read compose.prod.yml: no such file');
    expect(stackTraceLines(missing.stderr)).toEqual([]);
    const help = runStack(['import', '--help'], { cwd: dir });
    expect(help.stdout).toContain('--env <name=file>');
    expect(help.stdout).toContain('stack config --env prod    equals    docker compose -f FILES -f prod-file config');
  });
});
