import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { foldersForFile } from '../helpers/folders';
import { installPublished } from '../helpers/published-package';
import { ROOT, ensureBuilt } from '../helpers/run-stack.mjs';

beforeAll(ensureBuilt);
const folder = foldersForFile('stackfile-published-types');

/** Every part of the public API a stack file or a script uses, with types written out so each is checked. */
const USES_THE_API = `import { defineStack, defineModule, secret, up, plan, down, load, UserError, DockerError, type ModuleDefinition, type Secret, type UpResult, type Plan, type DownResult, type ResolvedStack, type ServiceStatus } from 'stackfile';
const postgres = defineModule({ name: 'postgres', required: ['password'] }, (p: { name?: string; password: Secret }) => {
  const name = p.name ?? 'postgres';
  return {
    services: { [name]: { image: 'postgres:16', environment: { POSTGRES_PASSWORD: p.password }, healthcheck: { test: ['CMD', 'pg_isready'], interval: '2s' } } },
    outputs: { service: name },
  } satisfies ModuleDefinition;
});
const db = postgres({ name: 'db', password: secret('PG_PASSWORD') });
export default defineStack((ctx) => ({
  name: 'typed',
  modules: [db],
  services: { api: { image: 'node:20', dependsOn: { [db.service]: 'healthy' }, ports: [ctx.env === 'prod' ? '80:8080' : '8080:8080'] } },
}));
export async function script(): Promise<void> {
  const stack: ResolvedStack = await load({ cwd: '.' });
  const p: Plan = await plan(stack);
  const r: UpResult = await up(stack, { onPlan: (q: Plan) => void q });
  const s: Record<string, ServiceStatus> = r.services;
  const d: DownResult = await down(stack.project);
  const e: unknown = new Error();
  if (e instanceof UserError || e instanceof DockerError) void [p, s, d];
}
`;

function tsc(dir: string): { code: number | null; output: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { encoding: 'utf8' });
  return { code: r.status, output: r.stdout + r.stderr };
}

describe('the published types', () => {
  it('compile for a user without @types/node: strict, and checking the library declarations too (no skipLibCheck)', () => {
    const dir = folder({
      'stack.ts': USES_THE_API,
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, noEmit: true, skipLibCheck: false, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', types: [] }, include: ['stack.ts'] }),
    });
    installPublished(dir);
    expect(tsc(dir)).toEqual({ code: 0, output: '' });
  });

  it("control: in that project, Node's types are indeed absent", () => {
    const dir = folder({
      'stack.ts': `${USES_THE_API}export const size = Buffer.byteLength('x');\n`,
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', types: [] }, include: ['stack.ts'] }),
    });
    installPublished(dir);
    const r = tsc(dir);
    expect(r.code).toBe(2);
    expect(r.output).toContain("Cannot find name 'Buffer'");
  });
});
