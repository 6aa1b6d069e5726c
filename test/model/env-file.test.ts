import { describe, expect, test } from 'vitest';
import { parseDotenv, parseEnvFile } from '../../src/model/env-file';

describe('parseDotenv', () => {
  test('a # starts a comment in an unquoted value only after whitespace, as in Compose', () => {
    expect(parseDotenv('J=pa#ss#word\nH=a #comment\nI="a#b"\nK=#x\n# whole line\nL=plain\n')).toEqual({ J: 'pa#ss#word', H: 'a', I: 'a#b', K: '', L: 'plain' });
  });

  test('values kept from the comment rule still expand', () => {
    expect(parseEnvFile('URL=http://${HOST}/#top\n', { HOST: 'h' })).toEqual({ URL: 'http://h/#top' });
  });

  test('an env file keeps its own keys over the shell, and expands references to the stack variables', () => {
    expect(parseEnvFile('A=file\nB=${A}-${OUTER}\n', { A: 'shell', OUTER: 'o' })).toEqual({ A: 'file', B: 'file-o' });
  });
});
