import { describe, expect, it } from 'vitest';
import { fixture, runStack } from '../helpers/run-stack.mjs';

describe('an unknown command', () => {
  it('suggests the closest command and lists them all, exit 1', () => {
    const r = runStack(['exce', 'api', 'sh']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("unknown command 'exce'");
    expect(r.stderr).toContain('Did you mean exec?');
    const listed = /commands: (.+)/.exec(r.stderr)?.[1].split(', ');
    expect(listed).toEqual(expect.arrayContaining(['up', 'down', 'ps', 'logs', 'exec', 'restart']));
  });

  it('under export, suggests and lists the formats there are', () => {
    const r = runStack(['export', 'kubernete']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("unknown command 'kubernete'");
    expect(r.stderr).toContain('Did you mean kubernetes?');
    expect(/formats: (.+)/.exec(r.stderr)?.[1].split(', ')).toEqual(['compose', 'kubernetes']);
  });
});

// main.ts defines only the command named first; these reach theirs another way.
describe('a command not named first', () => {
  it('runs after options that belong to stack itself', () => {
    const r = runStack(['-f', fixture('basic'), 'config', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ name: 'basic' });
  });

  it('stack help NAME shows its help, and stack --help lists every command', () => {
    expect(runStack(['help', 'plan']).stdout).toContain('Usage: stack plan');
    const listed = runStack(['--help']).stdout;
    for (const name of ['init', 'config', 'up', 'dev', 'export', 'events', 'version']) expect(listed).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
  });
});

