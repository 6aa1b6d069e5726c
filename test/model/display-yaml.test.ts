// `stack config` writes YAML directly when it knows the text its fallback (`yaml`'s stringify, with the strings YAML 1.1
// reads as other types double-quoted) would write (src/model/display-yaml.ts). The output must be the same text either
// way: these compare the two on real stacks and on generated values full of strings that stringify quotes, folds or
// reads as other types; and every string must read back as a string in YAML 1.1 as in 1.2.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { thousandServiceStack } from '../../bench/thousand-services.mjs';
import { load } from '../../src/api';
import { toDisplay } from '../../src/model/display';
import { directYaml, displayYaml, stringifyYaml } from '../../src/model/display-yaml';

const ROOT = join(__dirname, '..', '..');
const stackFolders = [
  ...readdirSync(join(ROOT, 'examples')).map((d) => join(ROOT, 'examples', d)),
  ...readdirSync(join(ROOT, 'test', 'fixtures', 'stacks')).map((d) => join(ROOT, 'test', 'fixtures', 'stacks', d)),
];

const scratch = mkdtempSync(join(tmpdir(), 'stackfile-display-yaml-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The display of each stack that loads without extra setup (some fixtures are made to fail, or need variables). */
async function displays(): Promise<{ folder: string; display: Record<string, unknown> }[]> {
  const out: { folder: string; display: Record<string, unknown> }[] = [];
  for (const folder of stackFolders) {
    try {
      const { desired } = await load({ file: folder });
      out.push({ folder, display: toDisplay(desired) });
    } catch {
      // Not loadable on its own: its own tests cover it.
    }
  }
  return out;
}

describe("stack config's YAML", () => {
  test('is the fallback\'s text, for every example and fixture stack; most of them take the direct path', async () => {
    const all = await displays();
    expect(all.length).toBeGreaterThan(5);
    let direct = 0;
    for (const { folder, display } of all) {
      const text = directYaml(display);
      if (text !== undefined) {
        direct++;
        expect(text, folder).toBe(await stringifyYaml(display));
      }
      expect(await displayYaml(display), folder).toBe(await stringifyYaml(display));
    }
    // Long shell commands (which stringify folds) send a stack to stringify; the rest are written directly.
    expect(direct).toBeGreaterThanOrEqual(all.length / 2);
  });

  test('the 1,000-service bench stack is written directly, as the fallback writes it', async () => {
    // As plain JavaScript without the package import (defineStack is the identity), for this process's loader.
    const source = thousandServiceStack('display-yaml')
      .replace(/^import .*\n/, '')
      .replace(': Record<string, ServiceSpec>', '')
      .replace(' as const', '')
      .replace('defineStack(', '(');
    writeFileSync(join(scratch, 'stack.ts'), source);
    const { desired } = await load({ file: scratch });
    const display = toDisplay(desired);
    const text = directYaml(display);
    expect(text).toBeDefined();
    expect(text).toBe(await stringifyYaml(display));
  });

  test('generated values: whatever is written directly is what the fallback writes, and reads back the same in YAML 1.1 and 1.2', async () => {
    // Strings stringify writes plain, quotes (numbers, booleans, null words, indicators, `: `, ` #`), or folds (long).
    const strings = [
      'api', 's0', 'sleep', '3600', '0', '-1', '+1', '1.5', '1e3', '.5', '0x1F', '0o17', '.inf', '-.Inf', '.nan', '~', '', 'null', 'Null', 'NULL', 'nULL',
      'true', 'True', 'FALSE', 'yes', 'no', 'on', 'off', 'y', '1s', '1m30s', '5s', '256m', '-c', '-', '- x', '--flag', '-1x', '(secret)', '/data',
      './data', '.hidden', 'a:b', 'a: b', 'a:', 'a #b', 'a#b', '#x', '&x', '*x', '!x', '|x', '>x', "'x'", '"x"', '%x', '@x', '`x', '?x', '? x',
      ',x', '[x]', '{x}', 'x y', ' x', 'x ', 'echo "$HOME" > /tmp/x', 'a\nb', 'tab\there', 'caf\u00e9', 'http://db:5432/x?y=1', 'postgres://a:b@db/app',
      '1:30', '2001-12-14', '=', '<<', '1000:0', '1000:1000', '53:53', '8080:80', '1_000', '0b101', '-0x1F', '0755', '10.0.0.1', '1.2.3', 'Off', 'YES', 'n',
      '2001-1-2 3:04:05', 'x'.repeat(90), `word ${'x'.repeat(70)}`, `${'word '.repeat(20)}end`, '---', '...', '%YAML',
    ];
    const pick = (n: number) => strings[n % strings.length];
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const value = (depth: number): unknown => {
      const r = rand(depth > 3 ? 5 : 9);
      if (r <= 2) return pick(rand(1000));
      if (r === 3) return [0, 1, -2, 1.5, 1e21, -0, 3600][rand(7)];
      if (r === 4) return [true, false, null][rand(3)];
      if (r <= 6) return Array.from({ length: rand(4) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: rand(4) }, () => [pick(rand(1000)), value(depth + 1)]));
    };
    let direct = 0;
    for (let i = 0; i < 3000; i++) {
      const doc = Object.fromEntries(Array.from({ length: 1 + rand(4) }, () => [pick(rand(1000)), value(0)]));
      const fallback = await stringifyYaml(doc);
      expect(parse(fallback, { version: '1.1' }), fallback).toEqual(doc);
      expect(parse(fallback), fallback).toEqual(doc);
      const text = directYaml(doc);
      if (text === undefined) continue;
      direct++;
      expect(text, JSON.stringify(doc)).toBe(fallback);
    }
    // Enough documents took the direct path for the comparison to mean something.
    expect(direct).toBeGreaterThan(100);
  });

  test('values YAML 1.1 would read as other types are quoted by both writers; ordinary ones stay plain (finding 12)', async () => {
    const doc = { services: { api: { user: '1000:0', environment: { KONG_DATABASE: 'off', SUPERSET_LOAD_EXAMPLES: 'yes', SINCE: '2001-12-14', USER: '1000:1000', HOST: '10.0.0.1', VERSION: '1.2.3' }, ports: ['53:53', '8080:80'] } } };
    const text = directYaml(doc);
    expect(text).toBe(await stringifyYaml(doc));
    expect(text).toContain('user: "1000:0"\n');
    expect(text).toContain('KONG_DATABASE: "off"\n');
    expect(text).toContain('SUPERSET_LOAD_EXAMPLES: "yes"\n');
    expect(text).toContain('SINCE: "2001-12-14"\n');
    expect(text).toContain('- "53:53"\n');
    // Read as strings by every reader, these are written as stringify writes them.
    expect(text).toContain('USER: 1000:1000\n');
    expect(text).toContain('HOST: 10.0.0.1\n');
    expect(text).toContain('VERSION: 1.2.3\n');
    expect(text).toContain('- 8080:80\n');
    // A key: left to the fallback, which quotes it too.
    expect(directYaml({ on: 'push' })).toBeUndefined();
    expect(await displayYaml({ on: 'push' })).toBe('"on": push\n');
  });

  test('a shared object (stringify writes an anchor for it) and an empty collection are left to stringify', () => {
    const shared = { a: 1 };
    expect(directYaml({ x: shared, y: shared })).toBeUndefined();
    expect(directYaml({ x: [] })).toBeUndefined();
    expect(directYaml({ x: {} })).toBeUndefined();
  });
});
