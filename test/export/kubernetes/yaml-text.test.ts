import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, test } from 'vitest';
import { yamlDocument } from '../../../src/export/kubernetes/yaml-text';

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
