/**
 * The round trip on a corpus of real-world-style compose projects (test/fixtures/compose/<case>/): `stack import` →
 * `stack config` succeeds → `stack export compose` → docker-compose 1.29's `config` of the export equals its `config`
 * of the original on image, command, entrypoint, environment, ports, volumes, networks, depends_on conditions,
 * healthcheck, restart, secrets, ulimits and links. A case's case.json may name its base files, its env overlay files (each also
 * compared: `--env NAME` against `-f base -f FILE`), the paths it expects reported as untranslatable, and (`judge`)
 * the files 1.29 reads as the original when the case uses keys 1.29 rejects.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DesiredState } from '../../src/model/desired';
import { importCompose } from '../../src/import/import-compose';
import { ensureBuilt, requireDist, ROOT } from '../helpers/run-stack.mjs';
import { comparable, composeConfigs, type ComposeDoc } from './compose-config';

const CORPUS = join(ROOT, 'test', 'fixtures', 'compose');
const CASES = readdirSync(CORPUS).sort();
const work = mkdtempSync(join(tmpdir(), 'stackfile-corpus-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface CaseMeta {
  files?: string[];
  envs?: Record<string, string>;
  todo?: string[];
  /**
   * For a case written with Compose Specification keys docker-compose 1.29 rejects (depends_on restart/required,
   * env_file's long form): the same project in 1.29's words, which 1.29 reads as the original.
   */
  judge?: string[];
}
type LoadStack = (o: { cwd: string; env?: string; profile?: string[] }) => Promise<{ desired: DesiredState }>;
type ToCompose = (s: DesiredState, o: { outDir: string }) => { document: Record<string, unknown> };
type RenderCompose = (e: unknown, s: DesiredState, name: string) => string;

/** One comparison: the original files' config against the export's, for the base or one env. */
interface Comparison {
  label: string;
  original: ComposeDoc | Error;
  exported?: ComposeDoc | Error;
  /** Why there is no export: importing or `stack config` failed. */
  failure?: unknown;
}

interface CaseResult {
  meta: CaseMeta;
  untranslated?: string[];
  failure?: unknown;
  comparisons: Comparison[];
}

const results = new Map<string, CaseResult>();

function metaOf(name: string): CaseMeta {
  const file = join(CORPUS, name, 'case.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as CaseMeta) : {};
}

/** The case copied to a folder of its own and imported there (stack.ts beside the compose files, as a user would). */
function importCase(name: string, into = join(work, name)): { dir: string; files: string[]; meta: CaseMeta; untranslated: string[] } {
  cpSync(join(CORPUS, name), into, { recursive: true });
  const meta = metaOf(name);
  const files = meta.files ?? ['docker-compose.yml'];
  const envs = Object.entries(meta.envs ?? {}).map(([env, file]) => ({ name: env, file }));
  const result = importCompose({ files, envs, outFile: join(into, 'stack.ts'), cwd: into, environment: {} });
  writeFileSync(join(into, 'stack.ts'), result.text);
  return { dir: into, files, meta, untranslated: result.untranslated.map((u) => u.path) };
}

// Everything runs once, up front: docker-compose's loader is Python, and one process for all the configs costs a
// second instead of a second per file. Each case's test then reports its own comparisons and failures.
beforeAll(async () => {
  await ensureBuilt();
  const { loadStack } = requireDist('config/load-stack.js') as { loadStack: LoadStack };
  const { toCompose } = requireDist('export/compose/to-compose.js') as { toCompose: ToCompose };
  const { renderCompose } = requireDist('export/compose/render.js') as { renderCompose: RenderCompose };

  const jobs: { name: string; dir?: string; env?: string; files: string[] }[] = [];
  for (const name of CASES) {
    const result: CaseResult = { meta: metaOf(name), comparisons: [] };
    results.set(name, result);
    try {
      const { dir, files, meta, untranslated } = importCase(name);
      result.untranslated = untranslated;
      const judged = meta.judge ?? files;
      for (const env of [undefined, ...Object.keys(meta.envs ?? {})]) jobs.push({ name, dir, env, files: env ? [...judged, meta.envs![env]] : judged });
    } catch (err) {
      result.failure = err;
    }
  }
  const originals = await composeConfigs(jobs.map((j) => ({ cwd: j.dir!, files: j.files })));
  const exportJobs: { cwd: string; files: string[]; comparison: Comparison }[] = [];
  for (const [i, job] of jobs.entries()) {
    const original = originals[i];
    const comparison: Comparison = { label: `${job.name}${job.env ? ` --env ${job.env}` : ''}`, original };
    results.get(job.name)!.comparisons.push(comparison);
    if (original instanceof Error) continue;
    // docker-compose config lists services whatever their profiles; the export writes enabled ones only.
    const profiles = [...new Set(Object.values(original.services).flatMap((s) => (s.profiles ?? []) as string[]))];
    const exportFile = `export-${job.env ?? 'base'}.yml`;
    try {
      const { desired } = await loadStack({ cwd: job.dir!, env: job.env, profile: profiles });
      writeFileSync(join(job.dir!, exportFile), renderCompose(toCompose(desired, { outDir: job.dir! }), desired, exportFile));
      exportJobs.push({ cwd: job.dir!, files: [exportFile], comparison });
    } catch (err) {
      comparison.failure = err;
    }
  }
  const exported = await composeConfigs(exportJobs);
  exportJobs.forEach((j, i) => (j.comparison.exported = exported[i]));
}, 600_000);

describe('compose corpus round trip', () => {
  test('has at least 30 projects', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  for (const name of CASES) {
    test(name, () => {
      const result = results.get(name)!;
      if (result.failure) throw result.failure;
      expect(result.untranslated).toEqual(result.meta.todo ?? []);
      expect(result.comparisons.length).toBe(1 + Object.keys(result.meta.envs ?? {}).length);
      for (const c of result.comparisons) {
        if (c.original instanceof Error) throw c.original;
        if (c.failure) throw c.failure;
        if (c.exported instanceof Error || !c.exported) throw c.exported ?? new Error(`${c.label}: nothing exported`);
        const built = new Set(Object.entries(c.original.services).filter(([, s]) => s.build && !s.image).map(([n]) => n));
        expect(Object.keys(c.original.services).length, c.label).toBeGreaterThan(0);
        expect(comparable(c.exported, built), c.label).toEqual(comparable(c.original, built));
      }
    });
  }
});

describe('imported stack.ts files', () => {
  test('pass stack check (one type-check of them all)', () => {
    const typeCheck = (requireDist('cli/check.js') as { typeCheck: (file: string) => readonly { messageText: unknown; file?: { fileName: string } }[] }).typeCheck;
    const dir = join(work, '__check');
    mkdirSync(dir, { recursive: true });
    const imports = CASES.map((name, i) => {
      importCase(name, join(dir, name));
      return `import s${i} from './${name}/stack.ts';\n`;
    });
    writeFileSync(join(dir, 'all.ts'), `${imports.join('')}export default [${CASES.map((_, i) => `s${i}`).join(', ')}];\n`);
    const problems = typeCheck(join(dir, 'all.ts')).map((d) => `${d.file?.fileName ?? ''}: ${typeof d.messageText === 'string' ? d.messageText : JSON.stringify(d.messageText)}`);
    expect(problems).toEqual([]);
  });
});
