import { describe, expect, test } from 'vitest';
import { asTemplate } from '../../src/model/compose-variables';
import { issues, issuesOf, only, stack, svc } from './builders';

describe("Compose's ${VAR} in stack.ts strings", () => {
  test('is one clear problem at its path, with the ctx.vars template to write instead (not a port-parsing error)', () => {
    const found = issuesOf(svc({ ports: ['${WEB_PORT:-8101}:8080'] }));
    expect(found).toHaveLength(1);
    expect(found[0].path).toBe('services.s.ports[0]');
    expect(found[0].message).toContain("${WEB_PORT:-8101}: stack.ts does not expand Compose's ${VAR} syntax");
    expect(found[0].hint).toContain("`${ctx.vars.WEB_PORT || '8101'}:8080`");
    expect(found.map((i) => i.message).join('\n')).not.toMatch(/is not a port number/);
  });

  test('is rejected in images, environment, volumes, labels and top-level resources alike, each at its path', () => {
    const found = issues(stack(
      { s: svc({ image: 'app:${TAG}', environment: { URL: 'http://${HOST}:80' }, volumes: ['${DATA}:/data'], labels: { a: '${L}' } }) },
      { networks: { n: { name: '${NET}' } } },
    ));
    expect(found.map((i) => i.path).sort()).toEqual(['networks.n.name', 'services.s.environment.URL', 'services.s.image', 'services.s.labels.a', 'services.s.volumes[0]']);
  });

  test('an env overlay that brings one in is reported at the merged path', () => {
    const found = issues(stack({ s: svc() }, { envs: { prod: { services: { s: { image: 'app:${TAG}' } } } } }), { env: 'prod' });
    expect(found.map((i) => i.path)).toEqual(['services.s.image']);
  });

  test("passes to the container unchanged in command, entrypoint and healthcheck test (the container's shell expands it)", () => {
    const s = only(svc({
      command: ['sh', '-c', 'echo ${HOSTNAME}'],
      entrypoint: ['/bin/sh', '-c', 'exec "$@" ${X:-1}', '--'],
      healthcheck: { test: ['CMD-SHELL', 'pg_isready -U ${POSTGRES_USER}'] },
    }));
    expect(s.command).toEqual(['sh', '-c', 'echo ${HOSTNAME}']);
    expect(s.entrypoint).toEqual(['/bin/sh', '-c', 'exec "$@" ${X:-1}', '--']);
    expect(s.healthcheck?.test).toEqual(['CMD-SHELL', 'pg_isready -U ${POSTGRES_USER}']);
  });

  test('$${ is a literal ${ everywhere, as in Compose; a lone $ or $$ is left alone', () => {
    const s = only(svc({
      environment: { TEMPLATE: 'Hello $${NAME}', PASSWORD: 'pa$$w$rd' },
      healthcheck: { test: ['CMD-SHELL', 'pg_isready -U $${POSTGRES_USER}'] },
    }));
    expect(s.environment).toMatchObject({ TEMPLATE: 'Hello ${NAME}', PASSWORD: 'pa$$w$rd' });
    expect(s.healthcheck?.test).toEqual(['CMD-SHELL', 'pg_isready -U ${POSTGRES_USER}']);
  });

  test.each([
    ['${A}', '`${ctx.vars.A}`'],
    ['x-${A-d}', "`x-${ctx.vars.A ?? 'd'}`"],
    ['${A:?set A}', "`${ctx.vars.require('A', 'set A')}`"],
    ['${A:+on}', "`${ctx.vars.A ? 'on' : ''}`"],
    ["it's ${A:-o'k} $${B} `q`", "`it's ${ctx.vars.A || 'o\\'k'} $\\{B} \\`q\\``"],
  ])('the suggested template for %s is %s', (text, expected) => {
    expect(asTemplate(text)).toBe(expected);
  });
});
