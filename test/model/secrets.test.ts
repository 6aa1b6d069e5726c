import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { toDisplay } from '../../src/model/display';
import { secret } from '../../src/model/secret';
import { issuesOf, only, paths, resolve, stack, svc } from './builders';

describe('service secrets', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stackfile-secrets-'));
  writeFileSync(join(dir, 'key.pem'), 'PEM');

  test('resolve from variables, files relative to stack.ts, and values; default target and mode', () => {
    const s = only(svc({ secrets: { pw: secret('DB_PW'), key: { source: secret.file('./key.pem'), mode: 0o400, uid: 1000, target: '/etc/key' }, v: secret.value('x') } }), {}, { dir, vars: { DB_PW: 'hunter2' } });
    expect(s.secrets).toEqual([
      { name: 'key', target: '/etc/key', mode: 0o400, uid: 1000, gid: 0, value: 'PEM', source: { kind: 'file', path: join(dir, 'key.pem') } },
      { name: 'pw', target: '/run/secrets/pw', mode: 0o444, uid: 0, gid: 0, value: 'hunter2', source: { kind: 'var', name: 'DB_PW' } },
      { name: 'v', target: '/run/secrets/v', mode: 0o444, uid: 0, gid: 0, value: 'x', source: { kind: 'value' } },
    ]);
  });

  test('stack config shows where a secret goes, never its value', () => {
    const state = resolve(stack({ s: svc({ secrets: { pw: secret.value('hunter2') }, environment: { T: secret.value('tok') } }) }));
    const shown = JSON.stringify(toDisplay(state));
    expect(shown).not.toMatch(/hunter2|tok"/);
    expect(toDisplay(state)).toMatchObject({ services: { s: { secrets: { pw: { target: '/run/secrets/pw', value: '(secret)' } }, environment: { T: '(secret)' } } } });
  });

  test('mistakes are collected with their paths', () => {
    const found = issuesOf(svc({ readOnly: true, secrets: { a: 'plain', b: secret('UNSET_VAR'), c: secret.file('./nope'), d: { source: secret.value('x'), target: 'rel/path' }, e: { source: secret.value('x'), target: '/run/secrets/../../etc/passwd' }, 'bad name': secret.value('x') } }), {}, { dir, vars: {} });
    expect(paths(found).sort()).toEqual(['services.s.secrets', 'services.s.secrets.a', 'services.s.secrets.b', 'services.s.secrets."bad name"', 'services.s.secrets.c', 'services.s.secrets.d.target', 'services.s.secrets.e.target'].sort());
    expect(found.find((i) => i.path === 'services.s.secrets.a')?.message).toMatch(/plain string/);
    expect(found.find((i) => i.path === 'services.s.secrets.b')?.message).toBe('secret variable UNSET_VAR is not set');
    expect(found.find((i) => i.path === 'services.s.secrets')?.message).toMatch(/readOnly/);
  });

  test('an export that writes no values resolves without them; other mistakes are still found', () => {
    const service = svc({ secrets: { b: secret('UNSET_VAR'), c: secret.file('./nope'), v: secret.value('x') }, environment: { E: secret('UNSET_TOO'), PLAIN: 'p' } });
    const skip = { dir, vars: {}, skipSecretValues: true };
    expect(issuesOf(service, {}, skip)).toEqual([]);
    const s = only(service, {}, skip);
    expect(s.secrets.map((x) => [x.name, x.value, x.source])).toEqual([
      ['b', '', { kind: 'var', name: 'UNSET_VAR' }],
      ['c', '', { kind: 'file', path: join(dir, 'nope') }],
      ['v', 'x', { kind: 'value' }],
    ]);
    expect(s.environment).toEqual({ E: '', PLAIN: 'p' });
    expect(s.secretEnvSources?.E).toEqual({ kind: 'var', name: 'UNSET_TOO' });
    // Without the option, the same stack is three problems; with it, a secret that is not one is still an error.
    expect(paths(issuesOf(service, {}, { dir, vars: {} })).sort()).toEqual(['services.s.environment.E', 'services.s.secrets.b', 'services.s.secrets.c']);
    expect(paths(issuesOf(svc({ secrets: { a: 'plain' } }), {}, skip))).toEqual(['services.s.secrets.a']);
  });

  test('a secret or config file that is not UTF-8 is carried as base64, marked binary; as an environment variable it is an error', () => {
    const bytes = Buffer.from([0x30, 0x82, 0xff, 0xfe, 0x00]);
    writeFileSync(join(dir, 'keystore.p12'), bytes);
    const s = only(svc({ secrets: { ks: secret.file('./keystore.p12'), key: secret.file('./key.pem') }, configs: ['blob'] }), { configs: { blob: { file: './keystore.p12' } } }, { dir });
    expect(s.secrets.map((x) => [x.name, x.value, x.binary])).toEqual([['key', 'PEM', undefined], ['ks', bytes.toString('base64'), true]]);
    expect(s.configs?.map((c) => [c.content, c.binary])).toEqual([[bytes.toString('base64'), true]]);
    const found = issuesOf(svc({ environment: { KS: secret.file('./keystore.p12') } }), {}, { dir });
    expect(found).toEqual([expect.objectContaining({ path: 'services.s.environment.KS', message: 'secret file ./keystore.p12 is not UTF-8 text, which an environment variable cannot hold' })]);
  });

  test('readOnly with secret files: an error on one engine, which copies them in; fine on a swarm, which mounts them', () => {
    const service = svc({ readOnly: true, secrets: { pw: secret.value('x') } });
    expect(paths(issuesOf(service))).toEqual(['services.s.secrets']);
    expect(issuesOf(service, {}, { target: 'swarm' })).toEqual([]);
    expect(issuesOf(service, {}, { exportTo: 'kubernetes' })).toEqual([]);
  });

  test('an overlay replaces a secret whole', () => {
    const state = resolve(stack({ s: svc({ secrets: { pw: secret('A') } }) }, { envs: { prod: { services: { s: { secrets: { pw: secret.value('literal') } } } } } }), { env: 'prod', vars: { A: 'a' } });
    expect(state.services.s.secrets[0].value).toBe('literal');
  });
});

describe('a secret made into text', () => {
  test('is an error at its path, not a deployed placeholder', () => {
    const pw = secret('PW');
    const found = issuesOf(svc({ environment: { URL: `postgres://u:${pw}@db/x` }, command: ['echo', 'pw=' + pw] }), {}, { vars: { PW: 'x' } });
    expect(paths(found)).toEqual(['services.s.environment.URL', 'services.s.command[1]']);
    expect(found[0].message).toMatch(/inside a text/);
  });
});
