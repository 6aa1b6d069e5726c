import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseComposeText } from '../../src/import/read-compose-file';
import { ImportError } from '../../src/import/import-error';
import { ROOT } from '../helpers/run-stack.mjs';

const CORPUS = join(ROOT, 'test', 'fixtures', 'compose');

/**
 * Scalars where YAML readers disagree; docker-compose 1.29 reads them with PyYAML, whose answers these must be.
 * Known and left: `+.5` reads as 0.5 (PyYAML: a string) and `-0` as -0 (PyYAML: 0, the same text once written).
 */
const EDGES = `version: "3"
services:
  edge:
    image: x
    labels:
      y: y
      n: n
      k_yes: yes
      k_off: Off
      k_on: ON
      k_true: True
      e: 1e3
      e2: 1.5E-2
      e3: 0.1e3
      nine: 09
      oct: 0755
      o: 0o755
      hex: 0x1F
      under: 1_000
      sexa: 1:20
      sexa_bad: 1:60
      port: 8080:80
      dot: .
      half: .5
      one_dot: 1.
      tilde: ~
      empty:
      null_word: NULL
      quoted: "yes"
`;

/** Every corpus file and the edge document, as PyYAML's safe_load reads them, in one Python process. */
function pyyaml(texts: string[]): unknown[] {
  const script = 'import json, sys, yaml\nprint(json.dumps([yaml.safe_load(t) for t in json.load(sys.stdin)]))';
  return JSON.parse(execFileSync('python3', ['-c', script], { input: JSON.stringify(texts), encoding: 'utf8' })) as unknown[];
}

function corpusFiles(): string[] {
  return readdirSync(CORPUS).flatMap((dir) => readdirSync(join(CORPUS, dir)).filter((f) => /\.ya?ml$/.test(f)).map((f) => join(CORPUS, dir, f)));
}

describe('reading a compose file', () => {
  test('every corpus file and the scalars readers disagree on read as docker-compose (PyYAML) reads them', () => {
    const files = corpusFiles();
    expect(files.length).toBeGreaterThanOrEqual(39);
    const texts = [...files.map((f) => readFileSync(f, 'utf8')), EDGES];
    const expected = pyyaml(texts);
    texts.forEach((text, i) => expect({ file: files[i] ?? 'EDGES', data: parseComposeText(text, '/x.yml', 'x.yml').data }).toEqual({ file: files[i] ?? 'EDGES', data: expected[i] }));
    // And the edge cases are really edges: the values above are not all strings or all numbers.
    const labels = (parseComposeText(EDGES, '/x.yml').data.services as Record<string, { labels: Record<string, unknown> }>).edge.labels;
    expect([labels.y, labels.k_yes, labels.e, labels.e2, labels.nine, labels.oct, labels.sexa, labels.dot, labels.tilde]).toEqual(['y', true, '1e3', 0.015, '09', 493, 80, '.', null]);
  });

  test('comments are kept by the path of the key they sit above or beside; a blank line sets off the file header', () => {
    const { comments } = parseComposeText(
      `# Project header

# above services
services:
  # the api
  api: # beside api
    image: x # the image
    command: |
      serve # part of the script, not a comment
    ports:
      # published
      - "80:80" # http
      - "443:443"
    environment: { A: "# not a comment", B: 1 } # flow
    healthcheck:
      # every 10 s
      interval: 10s
# the end
`,
      '/x.yml',
    );
    expect(Object.fromEntries(comments)).toEqual({
      '': ['Project header'],
      services: ['above services'],
      'services.api': ['the api', 'beside api'],
      'services.api.image': ['the image'],
      'services.api.ports': ['published', 'http'],
      'services.api.environment': ['flow'],
      'services.api.healthcheck.interval': ['every 10 s'],
    });
  });

  test('anchors services merge in or use as a value are found with their value and the comment above them', () => {
    const { anchors, data } = parseComposeText(
      `# shared defaults
x-defaults: &defaults
  restart: always
x-log: &log { driver: json-file }
services:
  a:
    <<: *defaults
    image: a
  b:
    <<: [*defaults]
    image: b
    logging: *log
`,
      '/x.yml',
    );
    expect([...anchors.entries()]).toEqual([
      ['defaults', { value: { restart: 'always' }, comment: ['shared defaults'], uses: [{ service: 'a' }, { service: 'b' }] }],
      ['log', { value: { driver: 'json-file' }, comment: [], uses: [{ service: 'b', key: 'logging' }] }],
    ]);
    expect((data.services as Record<string, unknown>).b).toEqual({ restart: 'always', image: 'b', logging: { driver: 'json-file' } });
  });

  test('bad YAML, several documents or a list at the top: an ImportError naming the file and line', () => {
    const error = (text: string) => {
      try {
        parseComposeText(text, '/p/docker-compose.yml', 'docker-compose.yml');
      } catch (err) {
        expect(err).toBeInstanceOf(ImportError);
        return (err as Error).message;
      }
      throw new Error('no error');
    };
    expect(error('services:\n  a:\n    image: x\n   bad: 1\n')).toMatch(/^docker-compose\.yml:4:\d+: not valid YAML: /);
    expect(error('services:\n  a: {}\n  a: {}\n')).toMatch(/^docker-compose\.yml:3:\d+: not valid YAML: duplicated mapping key/);
    expect(error('services: {}\n---\nservices: {}\n')).toMatch(/holds 2 YAML documents/);
    expect(error('- a\n- b\n')).toMatch(/expected a mapping with services: at the top, got a list/);
  });
});
