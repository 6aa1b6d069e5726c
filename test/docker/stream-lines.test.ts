import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { LineBuffer, readJsonLines } from '../../src/docker/stream-lines';

describe('LineBuffer', () => {
  it('joins lines split across chunks and flushes the unterminated tail', () => {
    const lines: string[] = [];
    const b = new LineBuffer((l) => lines.push(l));
    b.push('a\r\nb');
    b.push('c\n\nd');
    expect(lines).toEqual(['a', 'bc', '']);
    b.flush();
    expect(lines).toEqual(['a', 'bc', '', 'd']);
  });
});

describe('readJsonLines', () => {
  it('parses messages split anywhere, skipping non-JSON lines', async () => {
    const s = new PassThrough();
    const seen: unknown[] = [];
    const done = readJsonLines(s, (m) => seen.push(m));
    s.write('{"a":');
    s.write('1}\nnot json\n{"b":2}');
    s.end('\n');
    await done;
    expect(seen).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('resolves when aborted, and rejects on a stream error otherwise', async () => {
    const abort = new AbortController();
    const s = new PassThrough();
    const done = readJsonLines(s, () => undefined, abort.signal);
    abort.abort();
    await expect(done).resolves.toBeUndefined();
    expect(s.destroyed).toBe(true);

    const broken = new PassThrough();
    const failing = readJsonLines(broken, () => undefined);
    broken.destroy(new Error('socket hang up'));
    await expect(failing).rejects.toThrow('socket hang up');
  });

  it('stops at the first handler error and rejects with it', async () => {
    const s = new PassThrough();
    const done = readJsonLines(s, () => {
      throw new Error('handler failed');
    });
    s.write('{"a":1}\n');
    await expect(done).rejects.toThrow('handler failed');
  });
});
