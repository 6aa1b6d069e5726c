import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { installPublished } from '../helpers/published-package';
import { ROOT, ensureBuilt, runStack, stackTraceLines } from '../helpers/run-stack.mjs';

beforeAll(ensureBuilt);

const emptyDir = () => mkdtempSync(join(tmpdir(), 'stackfile-init-'));
const own = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string> };
const version = own.version;
const typescriptRange = own.dependencies.typescript;
const nodeTypesRange = `^${process.versions.node.split('.')[0]}`;

describe('stack init', () => {
  test('--list names every template with its description, the default first', () => {
    const r = runStack(['init', '--list'], { cwd: emptyDir() });
    expect(r.code).toBe(0);
    const names = r.stdout.trim().split('\n').map((l) => l.split(/\s+/)[0]);
    expect(names).toEqual(['node-postgres-redis', 'minimal']);
    expect(r.stdout).toMatch(/^node-postgres-redis +a Node API with Postgres and Redis.*\(default\)$/m);
  });

  test.each([
    ['node-postgres-redis', [], ['db', 'cache', 'api']],
    ['minimal', ['minimal'], ['web']],
  ])('%s: writes the template and a package.json, prints next steps; the project resolves and type-checks', (name, args, services) => {
    const dir = emptyDir();
    const r = runStack(['init', ...args], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`created from template ${name} in ${dir}:\n  stack.ts\n  .env.example\n  .gitignore\n`);
    expect(r.stdout).toMatch(/next:\n {2}npm install .*\n {2}cp \.env\.example \.env .*\n {2}npx stack config/);
    expect(readFileSync(join(dir, 'stack.ts'), 'utf8')).toBe(readFileSync(join(ROOT, 'templates', name, 'stack.ts'), 'utf8'));
    expect(existsSync(join(dir, 'template.json'))).toBe(false);
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))).toMatchObject({ private: true, devDependencies: { stackfile: `^${version}`, typescript: typescriptRange, '@types/node': nodeTypesRange } });
    expect(r.stdout).toContain('  package.json\n  tsconfig.json\n');
    const config = runStack(['config', '--format', 'json'], { cwd: dir });
    expect(config.code, config.stderr).toBe(0);
    expect(Object.keys(JSON.parse(config.stdout).services)).toEqual(services);
    // The values the template documents in .env.example are the ones it reads.
    writeFileSync(join(dir, '.env'), readFileSync(join(dir, '.env.example')));
    expect(runStack(['config'], { cwd: dir }).code).toBe(0);
    const check = runStack(['check'], { cwd: dir });
    expect(check.stdout + check.stderr).toBe(`${join(dir, 'stack.ts')}: no type errors\n`);
  });

  test('node-postgres-redis: its dev and prod envs resolve; prod insists on a real password', () => {
    const dir = emptyDir();
    expect(runStack(['init'], { cwd: dir }).code).toBe(0);
    const dev = JSON.parse(runStack(['config', '--env', 'dev', '--format', 'json'], { cwd: dir }).stdout);
    expect(dev.services.api.build.target).toBe('dev');
    expect(dev.services.api.volumes).toEqual([`${join(dir, 'api')}:/app`, '(anonymous):/app/node_modules']);
    expect(dev.services.api.dependsOn).toEqual({ db: 'healthy', cache: 'healthy' });
    const prod = runStack(['config', '--env', 'prod'], { cwd: dir });
    expect(prod.code).toBe(1);
    expect(prod.stderr).toContain('secret variable POSTGRES_PASSWORD is not set');
    const withPassword = runStack(['config', '--env', 'prod', '--format', 'json'], { cwd: dir, env: { POSTGRES_PASSWORD: 's3cret' } });
    expect(withPassword.code, withPassword.stderr).toBe(0);
    expect(JSON.parse(withPassword.stdout).services.api).toMatchObject({ restart: 'unless-stopped', build: { target: 'prod' } });
    expect(withPassword.stdout).not.toContain('s3cret');
  });

  test('refuses when any file it would write exists, lists them, and writes nothing', () => {
    const dir = emptyDir();
    writeFileSync(join(dir, 'stack.ts'), '// mine\n');
    writeFileSync(join(dir, '.env.example'), 'MINE=1\n');
    const r = runStack(['init', 'minimal'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^error: stack init would overwrite 2 files in ${dir}: stack.ts, .env.example\\nhint: .*nothing was written\\n$`));
    expect(stackTraceLines(r.stderr)).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual(['.env.example', 'stack.ts']);
    expect(readFileSync(join(dir, 'stack.ts'), 'utf8')).toBe('// mine\n');
  });

  test('in an existing repository: adds stackfile to package.json and the missing lines to .gitignore', () => {
    const dir = emptyDir();
    writeFileSync(join(dir, 'package.json'), '{\n    "name": "mine",\n    "devDependencies": { "typescript": "^5" }\n}\n');
    writeFileSync(join(dir, '.gitignore'), 'node_modules/\ncoverage/');
    const r = runStack(['init', 'minimal'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const pkg = readFileSync(join(dir, 'package.json'), 'utf8');
    // typescript stays at the user's version; what was missing is added.
    expect(JSON.parse(pkg)).toEqual({ name: 'mine', devDependencies: { typescript: '^5', stackfile: `^${version}`, '@types/node': nodeTypesRange } });
    expect(pkg).toMatch(/^ {4}"name"/m);
    const ignore = readFileSync(join(dir, '.gitignore'), 'utf8').split('\n');
    expect(ignore.slice(0, 2)).toEqual(['node_modules/', 'coverage/']);
    expect(ignore.filter((l) => l === 'node_modules/')).toHaveLength(1);
    expect(ignore).toContain('.env');
    expect(r.stdout).toMatch(/package\.json \(added stackfile, @types\/node to devDependencies\)/);
  });

  test.each(['node-postgres-redis', 'minimal'])('%s: `npx tsc --noEmit` passes with the tsconfig.json and dev dependencies it set up', (name) => {
    const dir = emptyDir();
    expect(runStack(['init', name], { cwd: dir }).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'tsconfig.json'), 'utf8')).compilerOptions).toMatchObject({ strict: true, noEmit: true, types: ['node'] });
    // What `npm install` puts in node_modules, offline: stackfile as published (package.json, dist), and this
    // checkout's typescript and @types/node (the versions the ranges above allow).
    installPublished(dir);
    for (const dep of ['typescript', '@types/node']) {
      mkdirSync(dirname(join(dir, 'node_modules', dep)), { recursive: true });
      symlinkSync(join(ROOT, 'node_modules', dep), join(dir, 'node_modules', dep));
    }
    const tsc = spawnSync(process.execPath, [join(dir, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit'], { cwd: dir, encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
    // The check is real: a type error in stack.ts fails it.
    writeFileSync(join(dir, 'stack.ts'), `${readFileSync(join(dir, 'stack.ts'), 'utf8')}export const port: number = process.env.PORT;\n`);
    expect(spawnSync(process.execPath, [join(dir, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit'], { cwd: dir, encoding: 'utf8' }).stdout).toContain("stack.ts(");
  });

  test('an unknown template is a user error that lists the templates', () => {
    const dir = emptyDir();
    const r = runStack(['init', 'minmal'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: there is no template "minmal"\nhint: did you mean "minimal"? templates: node-postgres-redis, minimal (stack init --list describes them)\n');
    expect(readdirSync(dir)).toEqual([]);
  });
});
