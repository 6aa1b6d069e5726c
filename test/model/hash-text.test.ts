// hashText names the transpile cache's files and writes the Kubernetes export's checksum/config: it must be stable
// for the same text and change with any change of it.
import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { hashText } from '../../src/hash-text';

describe('hashText', () => {
  test('is 16 hex digits, the same for the same text', () => {
    const text = `services:\n  api: { image: "x" }\n${'é'.repeat(10)}`;
    expect(hashText(text)).toMatch(/^[0-9a-f]{16}$/);
    expect(hashText(`${text}`)).toBe(hashText(text.slice(0)));
  });

  test('changes with any one character, in any place (a thousand one-character edits)', () => {
    const base = createHash('sha256').update('seed').digest('hex').repeat(4);
    const seen = new Set([hashText(base)]);
    for (let i = 0; i < base.length; i++) {
      for (const c of ['0', 'Z', '\u00e9', '\0']) {
        if (base[i] === c) continue;
        seen.add(hashText(`${base.slice(0, i)}${c}${base.slice(i + 1)}`));
      }
    }
    expect(seen.size).toBe(1 + base.length * 4 - [...base].filter((c) => c === '0').length);
  });

  test('no two of 100,000 distinct short texts collide, in either half', () => {
    const full = new Set<string>();
    const halves = [new Set<string>(), new Set<string>()];
    for (let i = 0; i < 100_000; i++) {
      const h = hashText(`key-${i}`);
      full.add(h);
      halves[0].add(h.slice(0, 8));
      halves[1].add(h.slice(8));
    }
    expect(full.size).toBe(100_000);
    // 32-bit halves: a birthday collision or two among 100,000 is expected (p ~ 0.69 for at least one); more is a weak lane.
    expect(halves[0].size).toBeGreaterThan(99_990);
    expect(halves[1].size).toBeGreaterThan(99_990);
  });
});
