/**
 * The round trip on a corpus of real-world-style compose projects (test/fixtures/compose/<case>/): `stack import` →
 * `stack config` succeeds → `stack export compose` → docker-compose 1.29's `config` of the export equals its `config`
 * of the original on image, command, entrypoint, environment, ports, volumes, networks, depends_on conditions,
 * healthcheck, restart and secrets. A case's case.json may name its base files, its env overlay files (each also
 * compared: `--env NAME` against `-f base -f FILE`) and the paths it expects reported as untranslatable.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DesiredState } from '../../src/model/desired';
import { importCompose } from '../../src/import/import-compose';
import { ensureBuilt, requireDist, ROOT } from '../helpers/run-stack.mjs';
import { comparable, composeConfig } from './compose-config';

const CORPUS = join(ROOT, 'test', 'fixtures', 'compose');
const CASES = readdirSync(CORPUS).sort();
const work = mkdtempSync(join(tmpdir(), 'stackfile-corpus-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface CaseMeta {
  files?: string[];
  envs?: Record<string, string>;
  todo?: string[];
}
type LoadStack = (o: { cwd: string; env?: string; profile?: string[] }) => Promise<{ desired: DesiredState }>;
type ToCompose = (s: DesiredState, o: { outDir: string }) => { document: Record<string, unknown> };
type RenderCompose = (e: unknown, s: DesiredState, name: string) => string;
let loadStack: LoadStack;
let toCompose: ToCompose;
let renderCompose: RenderCompose;

beforeAll(async () => {
  await ensureBuilt();
  ({ loadStack } = requireDist('config/load-stack.js') as { loadStack: LoadStack });
  ({ toCompose } = requireDist('export/compose/to-compose.js') as { toCompose: ToCompose });
  ({ renderCompose } = requireDist('export/compose/render.js') as { renderCompose: RenderCompose });
});

function metaOf(name: string): CaseMeta {
  const file = join(CORPUS, name, 'case.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as CaseMeta) : {};
}

/** The case copied to a folder of its own and imported there (stack.ts beside the compose files, as a user would). */
function importCase(name: string): { dir: string; files: string[]; meta: CaseMeta; untranslated: string[] } {
  const dir = join(work, name);
  cpSync(join(CORPUS, name), dir, { recursive: true });
  const meta = metaOf(name);
  const files = meta.files ?? ['docker-compose.yml'];
  const envs = Object.entries(meta.envs ?? {}).map(([env, file]) => ({ name: env, file }));
  const result = importCompose({ files, envs, outFile: join(dir, 'stack.ts'), cwd: dir, environment: {} });
  writeFileSync(join(dir, 'stack.ts'), result.text);
  return { dir, files, meta, untranslated: result.untranslated.map((u) => u.path) };
}

// Loading stack.ts installs require hooks and purges the previous load's modules: one load at a time.
let loading: Promise<unknown> = Promise.resolve();
function exclusive<T>(fn: () => Promise<T>): Promise<T> {
  const run = loading.then(fn, fn);
  loading = run.catch(() => undefined);
  return run;
}

describe.concurrent('compose corpus round trip', () => {
  test('has at least 30 projects', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  for (const name of CASES) {
    test(name, async () => {
      const { dir, files, meta, untranslated } = importCase(name);
      expect(untranslated).toEqual(meta.todo ?? []);
      for (const env of [undefined, ...Object.keys(meta.envs ?? {})]) {
        const originalFiles = env ? [...files, meta.envs![env]] : files;
        const original = await composeConfig(dir, originalFiles);
        // docker-compose config lists services whatever their profiles; export only writes enabled ones.
        const profiles = [...new Set(Object.values(original.services).flatMap((s) => (s.profiles ?? []) as string[]))];
        const exportFile = `export-${env ?? 'base'}.yml`;
        await exclusive(async () => {
          const { desired } = await loadStack({ cwd: dir, env, profile: profiles });
          writeFileSync(join(dir, exportFile), renderCompose(toCompose(desired, { outDir: dir }), desired, exportFile));
        });
        const exported = await composeConfig(dir, [exportFile]);
        const built = new Set(Object.entries(original.services).filter(([, s]) => s.build && !s.image).map(([n]) => n));
        expect(comparable(exported, built), `${name}${env ? ` --env ${env}` : ''}`).toEqual(comparable(original, built));
      }
    }, 300_000);
  }
});

describe('imported stack.ts files', () => {
  test('pass stack check (one type-check of them all)', () => {
    const typeCheck = (requireDist('cli/check.js') as { typeCheck: (file: string) => readonly { messageText: unknown; file?: { fileName: string } }[] }).typeCheck;
    const dir = join(work, '__check');
    const imports = CASES.map((name, i) => {
      const { dir: caseDir } = importCase(name);
      cpSync(join(caseDir, 'stack.ts'), join(dir, `${name}.ts`));
      return `import s${i} from './${name}.ts';\n`;
    });
    writeFileSync(join(dir, 'all.ts'), `${imports.join('')}export default [${CASES.map((_, i) => `s${i}`).join(', ')}];\n`);
    const problems = typeCheck(join(dir, 'all.ts')).map((d) => `${d.file?.fileName ?? ''}: ${typeof d.messageText === 'string' ? d.messageText : JSON.stringify(d.messageText)}`);
    expect(problems).toEqual([]);
  });
});
