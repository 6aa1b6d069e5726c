/**
 * The Compose constructs `stack import` used to leave as TODOs (issue 16): ulimits of -1, links, dependsOn's
 * `restart`/`required`, envFile's `required: false`. How each is normalised and how its mistakes are reported; what the
 * daemon makes of them is in test/integration/compose-import-keys.test.ts.
 */
import { describe, expect, test } from 'vitest';
import { issuesOf, only } from './builders';

describe('ulimits', () => {
  test('-1 is unlimited, alone or as either limit', () => {
    expect(only({ image: 'x', ulimits: { memlock: -1, nofile: { soft: 1024, hard: -1 }, core: { soft: -1, hard: -1 } } }).ulimits).toEqual({
      memlock: { soft: -1, hard: -1 },
      nofile: { soft: 1024, hard: -1 },
      core: { soft: -1, hard: -1 },
    });
  });

  test('other negative numbers, and a soft limit above the hard one, are reported at the limit', () => {
    expect(issuesOf({ image: 'x', ulimits: { nofile: -2, nproc: { soft: 10, hard: 5 }, memlock: { soft: -1, hard: 64 }, core: 'big' } })).toEqual([
      { path: 'services.s.ulimits.nofile', message: 'expected a whole number ≥ 0, or -1 for unlimited, got number -2', hint: 'e.g. nofile: { soft: 1024, hard: 65536 } or memlock: -1' },
      { path: 'services.s.ulimits.nproc', message: 'the soft limit 10 is above the hard limit 5', hint: 'the soft limit must be at most the hard one (-1 is unlimited)' },
      { path: 'services.s.ulimits.memlock', message: 'the soft limit unlimited (-1) is above the hard limit 64', hint: 'the soft limit must be at most the hard one (-1 is unlimited)' },
      { path: 'services.s.ulimits.core', message: 'expected a whole number ≥ 0, or -1 for unlimited, got "big"', hint: 'e.g. nofile: { soft: 1024, hard: 65536 } or memlock: -1' },
    ]);
  });
});
