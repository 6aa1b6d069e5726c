import { describe, expect, test } from 'vitest';
import { didYouMean, typoDistance } from '../../src/model/suggest';
import { SERVICE_KEYS } from '../../src/model/normalize-service';

describe('didYouMean', () => {
  test.each([
    ['restat', 'restart'],
    ['imgae', 'image'],
    ['depends_on', 'dependsOn'],
    ['DEPENDSON', 'dependsOn'],
    ['env_file', 'envFile'],
    ['healthCheck', 'healthcheck'],
    ['container_name', 'containerName'],
    ['prots', 'ports'],
  ])('%s → %s', (typo, key) => {
    expect(didYouMean(typo, SERVICE_KEYS)).toBe(`did you mean "${key}"?`);
  });

  test('nothing close enough means no suggestion', () => {
    expect(didYouMean('banana', SERVICE_KEYS)).toBeUndefined();
    expect(didYouMean('x', [])).toBeUndefined();
  });

  test('short words need a close match: two edits of three letters is another word, not a typo', () => {
    expect(didYouMean('dbb', ['api', 'web'])).toBeUndefined();
    expect(didYouMean('dbb', ['db', 'web'])).toBe('did you mean "db"?');
  });
});

describe('typoDistance', () => {
  test.each([
    ['tcp', 'tcp', 0],
    ['tpc', 'tcp', 1],
    ['imgae', 'image', 1],
    ['restat', 'restart', 1],
    ['dbb', 'web', 2],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
  ])('%s → %s is %d', (a, b, d) => {
    expect(typoDistance(a, b)).toBe(d);
    expect(typoDistance(b, a)).toBe(d);
  });
});
