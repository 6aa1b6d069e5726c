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
    x-edges:
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
      sexa_zero: 0:0
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
    const edges = (parseComposeText(EDGES, '/x.yml').data.services as Record<string, { 'x-edges': Record<string, unknown> }>).edge['x-edges'];
    expect([edges.y, edges.k_yes, edges.e, edges.e2, edges.nine, edges.oct, edges.sexa, edges.sexa_zero, edges.dot, edges.tilde]).toEqual(['y', true, '1e3', 0.015, '09', 493, 80, '0:0', '.', null]);
  });

  test('where Compose v2 reads a scalar as text and that is what the author meant, it is text: env and label values, base-60 ports and users', () => {
    const { data, notes } = parseComposeText(
      `x-env: &env { SHARED: off }
x-port: &port 8022:22
services:
  git:
    image: gitea/gitea
    user: 1000:50
    ports: [2222:22, *port, "3000:3000"]
    environment:
      <<: *env
      DEBUG: on
      FLAG: no
      TRUE_WORD: True
      TIME: 1:30
    labels: { enabled: yes }
    build: { context: ., args: { FAST: Off } }
    x-port: *port
    tty: yes
  root:
    image: alpine
    user: 0:0
    x-flag: *env
volumes:
  data: { labels: { backup: no } }
`,
      '/p/docker-compose.yml',
      'docker-compose.yml',
    );
    const services = data.services as Record<string, Record<string, unknown>>;
    const git = services.git;
    expect(git.user).toBe('1000:50');
    expect(git.ports).toEqual(['2222:22', '8022:22', '3000:3000']);
    // Text for v2's non-booleans; \`True\` is a boolean in YAML 1.2 too, and a base-60 number outside ports and user stays PyYAML's.
    expect(git.environment).toEqual({ SHARED: 'off', DEBUG: 'on', FLAG: 'no', TRUE_WORD: true, TIME: 90 });
    expect(git.labels).toEqual({ enabled: 'yes' });
    expect((git.build as Record<string, unknown>).args).toEqual({ FAST: 'Off' });
    // The same anchors elsewhere are PyYAML's values.
    expect([git['x-port'], git.tty, services.root['x-flag']]).toEqual([481342, true, { SHARED: false }]);
    expect(services.root.user).toBe('0:0');
    expect((data.volumes as Record<string, { labels: unknown }>).data.labels).toEqual({ backup: 'no' });
    expect(notes).toEqual([
      "docker-compose.yml: services.git.user: 1000:50 is kept as the text '1000:50', as Compose v2 reads it (docker-compose 1.29 reads the base-60 number 60050); quote it in the compose file to mean the same to both",
      "docker-compose.yml: services.git.ports[0]: 2222:22 is kept as the text '2222:22', as Compose v2 reads it (docker-compose 1.29 reads the base-60 number 133342); quote it in the compose file to mean the same to both",
      "docker-compose.yml: services.git.ports[1]: 8022:22 is kept as the text '8022:22', as Compose v2 reads it (docker-compose 1.29 reads the base-60 number 481342); quote it in the compose file to mean the same to both",
    ]);
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

  test('a flow collection or quoted string whose lines sit at the key\'s indentation reads as PyYAML reads it (getsentry/self-hosted)', () => {
    const texts = [
      'services:\n  web:\n    image: nginx\n    healthcheck:\n      test: [\n          "CMD-SHELL",\n          "curl -f http://localhost || exit 1",\n      ]\n      interval: 30s # every half minute\n',
      'services:\n  web:\n    command: [\n"a",\n  "b"\n    ]\n    environment: {\n  A: "x\ny",\n    }\n    labels: [\n      [1,\n      2]]\n',
    ];
    const expected = pyyaml(texts);
    texts.forEach((text, i) => expect(parseComposeText(text, '/x.yml').data).toEqual(expected[i]));
    expect(Object.fromEntries(parseComposeText(texts[0], '/x.yml').comments)).toEqual({ 'services.web.healthcheck.interval': ['every half minute'] });
  });

  test('bad YAML, several documents or a list at the top: an ImportError naming the file and line', () => {
    const error = (text: string) => {
      try {
        parseComposeText(text, '/p/docker-compose.yml', 'docker-compose.yml');
      } catch (err) {
        expect(err).toBeInstanceOf(ImportError);
        // What docker-compose says was not checked: the hint claims nothing about it.
        expect((err as ImportError).hint).not.toMatch(/docker-compose/);
        return (err as Error).message;
      }
      throw new Error('no error');
    };
    expect(error('services:\n  a:\n    image: x\n   bad: 1\n')).toMatch(/^docker-compose\.yml:4:\d+: not valid YAML: /);
    // Lines re-indented inside a flow collection keep the line numbers of an error further down.
    expect(error('services:\n  a:\n    command: [\n      "x",\n    ]\n    image: x\n   bad: 1\n')).toMatch(/^docker-compose\.yml:7:\d+: not valid YAML: /);
    expect(error('services:\n  a: {}\n  a: {}\n')).toMatch(/^docker-compose\.yml:3:\d+: not valid YAML: duplicated mapping key/);
    expect(error('services: {}\n---\nservices: {}\n')).toMatch(/holds 2 YAML documents/);
    expect(error('- a\n- b\n')).toMatch(/expected a mapping with services: at the top, got a list/);
  });
});
