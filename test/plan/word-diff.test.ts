import { describe, expect, it } from 'vitest';
import { wordDiff } from '../../src/plan/word-diff';

describe('wordDiff', () => {
  it('marks only the words that changed', () => {
    expect(wordDiff(['httpd', '-f', '-p', '8080'], ['httpd', '-f', '-p', '8081'])).toBe('httpd -f -p [-8080-] {+8081+}');
    expect(wordDiff(['node', 'server.js'], ['node', '--inspect', 'server.js'])).toBe('node {+--inspect+} server.js');
    expect(wordDiff(['sleep', '3600', '--verbose'], ['sleep', '3600'])).toBe('sleep 3600 [---verbose-]');
    expect(wordDiff([], ['a'])).toBe('{+a+}');
  });

  it('quotes words a shell would need quoted', () => {
    expect(wordDiff(['sh', '-c', 'exec httpd -f'], ['sh', '-c', 'exec httpd -f -v'])).toBe('sh -c [-"exec httpd -f"-] {+"exec httpd -f -v"+}');
  });
});
