import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadVars } from '../../src/config/vars';
import { foldersForFile } from '../helpers/folders';

const folder = foldersForFile('stackfile-vars');

describe('loadVars', () => {
  const dir = folder({
    '.env': 'A=env\nB=env\nC=env\nD=env\n',
    '.env.local': 'B=local\n',
    '.env.prod': 'C=prod\n',
    '.env.prod.local': 'D=prod-local\n',
    '.env.dev': 'C=dev\n',
  });

  test('later files win: .env < .env.local < .env.<env> < .env.<env>.local', () => {
    const { vars, files } = loadVars(dir, 'prod', {});
    expect(vars).toEqual({ A: 'env', B: 'local', C: 'prod', D: 'prod-local' });
    expect(files).toEqual(['.env', '.env.local', '.env.prod', '.env.prod.local'].map((f) => join(dir, f)));
  });

  test('without an env only .env and .env.local are read', () => {
    const { vars, files } = loadVars(dir, undefined, {});
    expect(vars).toEqual({ A: 'env', B: 'local', C: 'env', D: 'env' });
    expect(files).toHaveLength(2);
  });

  test('the process environment wins over every file', () => {
    expect(loadVars(dir, 'prod', { D: 'process', E: 'process' }).vars).toMatchObject({ D: 'process', E: 'process' });
  });

  test('no files is fine', () => {
    const loaded = loadVars(folder({}), 'prod', { X: '1' });
    expect(loaded.vars).toEqual({ X: '1' });
    expect(loaded.files).toEqual([]);
  });

  test('${VAR} and ${VAR:-default} expand against the final values of every layer and the process', () => {
    const d = folder({ '.env': 'HOST=db\nURL=http://${HOST}:${PORT:-5432}/${NAME}\n', '.env.prod': 'HOST=prod-db\n' });
    expect(loadVars(d, 'prod', { NAME: 'shop' }).vars).toMatchObject({ URL: 'http://prod-db:5432/shop' });
  });

  test('sources name every definition with its file and line, the winner first', () => {
    const d = folder({ '.env': '# comment\nA=base\nB=base\n', '.env.local': 'A=local\n', '.env.prod': '\n\nA=prod\n' });
    const loaded = loadVars(d, 'prod', { B: 'shell' });
    expect(loaded.sources('A')).toEqual([
      { kind: 'file', file: join(d, '.env.prod'), line: 3, raw: 'prod' },
      { kind: 'file', file: join(d, '.env.local'), line: 1, raw: 'local' },
      { kind: 'file', file: join(d, '.env'), line: 2, raw: 'base' },
    ]);
    expect(loaded.sources('B').map((s) => s.kind)).toEqual(['process', 'file']);
    expect(loaded.sources('NOPE')).toEqual([]);
  });
});

describe('expansion', () => {
  test('a reference sees variables defined later and in higher layers; nested references expand', () => {
    const d = folder({ '.env': 'URL=http://${ONLY_PROD}:5432\nY=${Z}\nZ=zz\nA=${B}/a\nB=${C}/b\nC=c\n', '.env.prod': 'ONLY_PROD=prodhost\n' });
    expect(loadVars(d, 'prod', {}).vars).toMatchObject({ URL: 'http://prodhost:5432', Y: 'zz', A: 'c/b/a' });
    expect(loadVars(d, 'prod', { C: 'shell' }).vars).toMatchObject({ A: 'shell/b/a' });
  });

  test('single-quoted values stay literal, as in Compose', () => {
    const d = folder({ '.env': "PATTERN='${HOME}/x'\nDOUBLE=\"${C}\"\nC=c\n" });
    expect(loadVars(d, undefined, { HOME: '/root' }).vars).toMatchObject({ PATTERN: '${HOME}/x', DOUBLE: 'c' });
  });
});
