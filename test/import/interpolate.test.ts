/** Compose's `${VAR}` syntax as ctx.vars reads, and the values Compose itself would read now. */
import { describe, expect, test } from 'vitest';
import { Code } from '../../src/import/code';
import { interpolate, InterpolationError, resolveNow, variablesIn } from '../../src/import/interpolate';

const code = (v: unknown) => (v instanceof Code ? v.text : v);

describe('interpolate', () => {
  test('a whole-string reference is an expression; mixed text a template literal', () => {
    expect(code(interpolate('${TAG}'))).toBe("ctx.vars.TAG ?? ''");
    expect(code(interpolate('nginx:${TAG:-1.25}'))).toBe("`nginx:${ctx.vars.TAG || '1.25'}`");
    expect(code(interpolate('${HOST-db}:5432'))).toBe("`${ctx.vars.HOST ?? 'db'}:5432`");
    expect(code(interpolate('pw=${PW:?set PW}'))).toBe("`pw=${ctx.vars.require('PW', 'set PW')}`");
    expect(code(interpolate('${PW:?}'))).toBe("ctx.vars.require('PW')");
    // `?` asks only that the variable is set: an empty one passes, as in Compose.
    expect(code(interpolate('${PW?set PW}'))).toBe("ctx.vars.PW ?? ctx.vars.require('PW', 'set PW')");
    expect(code(interpolate('${DEBUG:+--debug}'))).toBe("ctx.vars.DEBUG ? '--debug' : ''");
    expect(code(interpolate('$HOME/x'))).toBe("`${ctx.vars.HOME ?? ''}/x`");
  });

  test('$$ is a literal $, and a literal ${ is written $${ as stack.ts reads it', () => {
    expect(interpolate('echo $$HOME')).toBe('echo $HOME');
    expect(interpolate('echo $${HOME}')).toBe('echo $${HOME}');
    expect(interpolate('costs $5')).toBe('costs $5');
    expect(code(interpolate('`${A}` $${B}'))).toBe('`\\`${ctx.vars.A ?? \'\'}\\` $$\\{B}`');
  });

  test('text without variables stays a plain string; a malformed reference is an error', () => {
    expect(interpolate('plain')).toBe('plain');
    expect(() => interpolate('${UNCLOSED')).toThrow(InterpolationError);
  });

  test('resolveNow reads the variables as Compose would', () => {
    const vars = { A: 'a', EMPTY: '' };
    expect(resolveNow('${A}/${EMPTY:-d}/${EMPTY-d}/${UNSET-u}/${UNSET}/$$', vars)).toBe('a/d//u//$');
    expect(variablesIn('${A}:${B:-x}$$C')).toEqual(['A', 'B']);
  });
});
