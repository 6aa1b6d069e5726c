/**
 * The public API (dist/index.d.ts and dist/index.js) is what test/api/public-api.txt says it is: a name added,
 * removed or changed in kind, or an internal type that a public signature starts to reach, fails here until the report
 * is regenerated on purpose.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPORT, apiReport } from '../../scripts/api-report.mjs';
import { ensureBuilt } from '../helpers/run-stack.mjs';

let report = '';
beforeAll(async () => {
  await ensureBuilt();
  report = apiReport();
});

/** The report's lines under one `# heading`. */
function section(text: string, heading: string): string[] {
  const start = text.split('\n').findIndex((l) => l.startsWith(`# ${heading}`));
  const rest = text.split('\n').slice(start + 1);
  return rest.slice(0, rest.indexOf(''));
}

describe('the public API', () => {
  it('is the committed report (after an intended change: node scripts/api-report.mjs --update, and review the diff)', () => {
    const committed = readFileSync(REPORT, 'utf8');
    expect(report, 'the public API changed; if you meant it, run `node scripts/api-report.mjs --update` and commit test/api/public-api.txt').toBe(committed);
  });

  it('does not export or reach the internal model (DesiredState and its parts)', () => {
    expect(report).not.toMatch(/Desired/);
    // Control: the walk does see types declared inside dist/ that index.ts does not export.
    expect(section(report, 'Types reachable')).toContain('NoUnknownKeys (dist/no-unknown-keys.d.ts)');
  });

  it('exports at run time exactly the values its types declare (classes, functions, constants)', () => {
    const declared = section(report, 'The public API')
      .filter((l) => /^(class|function|const) /.test(l))
      .map((l) => l.split(' ')[1])
      .sort();
    expect(section(report, 'Runtime exports')).toEqual(declared);
  });

  it('exports the types public signatures use', () => {
    for (const name of ['Progress', 'Issue', 'ImageStep', 'Plan', 'UpResult', 'DownResult', 'ResolvedStack', 'LibraryUpOptions', 'StackDefinition']) {
      expect(section(report, 'The public API')).toContainEqual(expect.stringMatching(new RegExp(`^(interface|type) ${name}$`)));
    }
  });
});
