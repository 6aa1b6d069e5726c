import { describe, expect, it } from 'vitest';
import { runStack } from '../helpers/run-stack.mjs';

describe('an unknown command', () => {
  it('suggests the closest command and lists them all, exit 1', () => {
    const r = runStack(['exce', 'api', 'sh']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("unknown command 'exce'");
    expect(r.stderr).toContain('Did you mean exec?');
    const listed = /commands: (.+)/.exec(r.stderr)?.[1].split(', ');
    expect(listed).toEqual(expect.arrayContaining(['up', 'down', 'ps', 'logs', 'exec', 'restart']));
  });
});
