import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, test } from 'vitest';
import { exportKubernetes } from '../../../src/export/kubernetes/index';
import { yamlDocument } from '../../../src/export/kubernetes/yaml-text';
import { resolveStack } from '../../../src/model/normalize';
import { CORPUS } from '../../fixtures/kubernetes/corpus';
import { referenceYamlDocument } from './yaml-text-reference';

const TRICKY = [
  '', ' ', ' x', 'x ', 'on', 'Off', 'yes', 'NO', 'y', 'n', 'true', 'null', '~', '0644', '1.36', '1e3', '0x1F', '.inf', '.5', '-1', '+1', '12:30', '2001-12-14',
  '-', '- x', '?x', ':x', 'x:', 'a: b', 'a #b', '#x', '@x', '`x', '!x', '&x', '*x', '%x', '|', '>', '{}', '[x]', '"q"', "'q'", 'a,b', 'a\nb', 'tab\there', 'µs',
  'redis://cache:6379', 'postgres://db:5432/app', 'Host(`app.example.com`)', '/bin/sh', 'until nc -z -w 2 db 5432; do echo "waiting"; sleep 2; done', '$$(date)',
  'app.kubernetes.io/name', '<<', '=', 'x=y', 'a b',
  'x\n', 'x\n\n', ' lead\nx', 'a\n  b\n', 'a\n\nb', 'trail \nx', '\nx', 'events {}\nhttp { server { listen 443; } }\n', '# not a comment\n- not a list\n',
];

describe('yamlDocument', () => {
  test.each(['1.1', '1.2'] as const)('every tricky string reads back as itself, as a value and as a key, in YAML %s', (version) => {
    const value = { data: Object.fromEntries(TRICKY.map((s, i) => [`k${i}`, s])), keys: Object.fromEntries(TRICKY.filter(Boolean).map((s) => [s, 'v'])), list: TRICKY };
    expect(parse(yamlDocument(value), { version })).toEqual(value);
  });

  test('nesting, empty collections, numbers and booleans, in the block style kubectl users read', () => {
    const value = { apiVersion: 'v1', spec: { replicas: 2, ok: true, ports: [{ name: 'tcp-80', port: 80 }, { port: 81 }], empty: {}, none: [], nested: [['a'], []], drop: undefined } };
    const text = yamlDocument(value);
    expect(text).toBe(['apiVersion: v1', 'spec:', '  replicas: 2', '  ok: true', '  ports:', '    - name: tcp-80', '      port: 80', '    - port: 81', '  empty: {}', '  none: []', '  nested:', '    -', '      - a', '    - []', ''].join('\n'));
    const { drop: _drop, ...spec } = value.spec;
    expect(parseAllDocuments(text)[0].toJS()).toEqual({ ...value, spec });
  });
});

describe('yamlDocument writes what the writer before its rewrite wrote (yaml-text-reference.ts), byte for byte', () => {
  test('every object of every corpus stack', () => {
    let objects = 0;
    for (const c of CORPUS) {
      const state = resolveStack(c.stack, { dir: '/srv/app', env: c.env, profiles: c.profiles, vars: c.vars ?? {} });
      for (const m of exportKubernetes(state, c.options).manifests) {
        const object = m.object as unknown as Record<string, unknown>;
        expect(yamlDocument(object), `${c.name}: ${m.object.kind}/${m.object.metadata?.name}`).toBe(referenceYamlDocument(object));
        objects++;
      }
    }
    expect(objects).toBeGreaterThan(100);
  });

  test('generated documents: nesting, empty and all-undefined collections, literal blocks, every tricky string', () => {
    const strings = [...TRICKY, 'x'.repeat(80), 'line one\nline two\n', 'a\n\n\nb\n', 'k: v\n  - item\n', 'caf\u00e9\nna\u00efve\n', 'bell\u0007\nx'];
    let seed = 11;
    // The high bits of the generator: its low bits repeat with short periods, which would leave shapes out.
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor((seed / 2147483648) * n);
    };
    const value = (depth: number): unknown => {
      const r = rand(depth > 4 ? 6 : 11);
      if (r <= 2) return strings[rand(strings.length)];
      if (r === 3) return [0, 1, -2, 1.5, 1e21, -0, 3600, NaN][rand(8)];
      if (r === 4) return [true, false, null][rand(3)];
      if (r === 5) return undefined;
      if (r <= 7) return Array.from({ length: rand(4) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: rand(4) }, () => [strings[rand(strings.length)], value(depth + 1)]));
    };
    const shapes = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const doc = Object.fromEntries(Array.from({ length: rand(5) }, () => [strings[rand(strings.length)], value(0)]));
      const text = yamlDocument(doc);
      expect(text, JSON.stringify(doc)).toBe(referenceYamlDocument(doc));
      shapes.add(text.replace(/[^ \n:|-]/g, ''));
    }
    // The documents differ in shape, not only in their strings.
    expect(shapes.size).toBeGreaterThan(300);
  });
});
