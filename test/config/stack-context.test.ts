/**
 * `ctx.vars.bool`: a variable read as Compose reads a boolean. Valid words give the boolean; unset or empty gives the
 * fallback, or is a missing variable; any other value is reported (never a silent false), naming the variable, the
 * value and the words to use, together with every other problem.
 */
import { describe, expect, test } from 'vitest';
import { createStackContext } from '../../src/config/stack-context';
import { resolveStackCollect } from '../../src/model/normalize';

function context(vars: Record<string, string | undefined>) {
  return createStackContext(undefined, vars, '/tmp/stack');
}

/** The problems stackfile reports for what stack.ts did with its context. */
function issues(use: ReturnType<typeof context>['use']) {
  return resolveStackCollect({ name: 'app', services: { web: { image: 'nginx' } } }, { dir: '/tmp/stack', missingVars: use.missing, notBooleanVars: use.notBoolean }).issues;
}

describe('ctx.vars.bool', () => {
  test.each([
    ['true', true],
    ['TRUE', true],
    ['yes', true],
    ['Y', true],
    ['On', true],
    ['false', false],
    ['False', false],
    ['no', false],
    ['n', false],
    ['OFF', false],
  ])('%s is %s, whatever the fallback, and nothing is reported', (value, expected) => {
    const { ctx, use } = context({ RO: value });
    expect(ctx.vars.bool('RO')).toBe(expected);
    expect(ctx.vars.bool('RO', !expected)).toBe(expected);
    expect(use.missing).toEqual([]);
    expect(use.notBoolean).toEqual([]);
    expect(use.read).toEqual(new Set(['RO']));
  });

  test.each([
    ['unset', undefined],
    ['empty', ''],
  ])('%s, it is the fallback, and nothing is reported', (_, value) => {
    const { ctx, use } = context({ RO: value });
    expect(ctx.vars.bool('RO', true)).toBe(true);
    expect(ctx.vars.bool('RO', false)).toBe(false);
    expect(issues(use)).toEqual([]);
  });

  test('unset without a fallback, it is a missing variable named with the line that asked and the words to set', () => {
    const { ctx, use } = context({});
    expect(ctx.vars.bool('RO')).toBe(false);
    expect(issues(use)).toEqual([
      {
        path: 'vars.RO',
        message: expect.stringMatching(/^required variable RO is not set \(ctx\.vars\.bool at .*stack-context\.test\.ts:\d+:\d+\)$/),
        hint: 'set it to true/yes/y/on or false/no/n/off (any case) in the environment or in .env, .env.local next to stack.ts',
      },
    ]);
  });

  test('empty without a fallback, it is reported as empty (Compose: "" is not a valid boolean value)', () => {
    const { ctx, use } = context({ RO: '' });
    expect(ctx.vars.bool('RO')).toBe(false);
    expect(issues(use).map((i) => i.message)).toEqual([expect.stringMatching(/^required variable RO is empty \(ctx\.vars\.bool at /)]);
  });

  test.each(['ture', '1', '0', 'enabled', ' true'])('%j is reported with the variable, its value and the words, not read as false', (value) => {
    const { ctx, use } = context({ RO: value });
    // The fallback is for unset or empty only: a value that is set must be a boolean word.
    expect(ctx.vars.bool('RO', true)).toBe(false);
    expect(issues(use)).toEqual([
      {
        path: 'vars.RO',
        message: expect.stringMatching(new RegExp(`^variable RO is ${JSON.stringify(JSON.stringify(value)).slice(1, -1)}, which is not a boolean \\(ctx\\.vars\\.bool at .*stack-context\\.test\\.ts:\\d+:\\d+\\)$`)),
        hint: 'set it to true/yes/y/on or false/no/n/off (any case) in the environment or in .env, .env.local next to stack.ts',
      },
    ]);
  });

  test('every bad variable is reported once, together with missing ones and the stack\'s own problems', () => {
    const { ctx, use } = context({ A: 'ture', B: 'maybe' });
    ctx.vars.bool('A');
    ctx.vars.bool('A', true);
    ctx.vars.bool('B');
    ctx.vars.bool('C');
    ctx.vars.require('D');
    const found = resolveStackCollect({ name: 'app', services: { web: { image: 'nginx', tty: 'yes' } } }, { dir: '/tmp/stack', missingVars: use.missing, notBooleanVars: use.notBoolean }).issues;
    expect(found.map((i) => i.path)).toEqual(['vars.C', 'vars.D', 'vars.A', 'vars.B', 'services.web.tty']);
    expect(found.find((i) => i.path === 'vars.D')!.message).toMatch(/\(ctx\.vars\.require at /);
  });

  test('is not a variable: listing ctx.vars shows variables only, and reading bool is not a read of a variable "bool"', () => {
    const { ctx, use } = context({ RO: 'yes' });
    expect(Object.keys(ctx.vars)).toEqual(['RO']);
    expect(typeof ctx.vars.bool).toBe('function');
    expect(use.read).toEqual(new Set());
  });
});
