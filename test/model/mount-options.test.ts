/**
 * A mount's SELinux option (`z`/`Z`) and `nocopy`, short and long form: how they are read, where the container
 * engine, the planner, `stack config` and the other targets put them, and what `stack import` writes for Compose's
 * long form (keys; they used to be TODOs while the short form's `:Z` was kept). What the daemon makes of them is in
 * test/integration/mount-options.test.ts.
 */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { containerCreateBody } from '../../src/docker/create-options';
import { toCompose } from '../../src/export/compose/to-compose';
import { exportKubernetes } from '../../src/export/kubernetes';
import { importCompose } from '../../src/import/import-compose';
import { appliedService } from '../../src/model/applied';
import { toDisplay } from '../../src/model/display';
import { plan } from '../../src/plan/plan';
import { renderPlan } from '../../src/plan/render';
import { appliedSwarmService } from '../../src/targets/swarm/applied';
import { mounts } from '../../src/targets/swarm/spec/mounts';
import { swarmIgnored } from '../../src/targets/swarm/spec/unsupported';
import type { SwarmService } from '../../src/targets/swarm/spec/input';
import { foldersForFile } from '../helpers/folders';
import { appliedState, desiredOf } from '../plan/builders';
import { DIR, issuesOf, only, resolve, stack, svc } from './builders';

const volumes = { data: {} };
const folder = foldersForFile('stackfile-import-mounts');

describe('reading', () => {
  test('short form: z or Z relabels a bind or a named volume, nocopy is for volumes, each next to ro', () => {
    const s = only(svc({ volumes: ['./conf:/conf:z,ro', './db:/db:Z', 'data:/data:z', 'data:/cache:nocopy', 'data:/both:ro,Z,nocopy'] }), { volumes });
    expect(s.volumes).toEqual([
      { type: 'bind', source: join(DIR, 'conf'), target: '/conf', readOnly: true, selinux: 'z' },
      { type: 'bind', source: join(DIR, 'db'), target: '/db', readOnly: false, selinux: 'Z' },
      { type: 'volume', source: 'app_data', target: '/data', readOnly: false, selinux: 'z' },
      { type: 'volume', source: 'app_data', target: '/cache', readOnly: false, nocopy: true },
      { type: 'volume', source: 'app_data', target: '/both', readOnly: true, selinux: 'Z', nocopy: true },
    ]);
  });

  test('long form: bind: { selinux } and volume: { nocopy }, as Compose writes them', () => {
    const s = only(svc({ volumes: [
      { type: 'bind', source: './conf', target: '/conf', bind: { selinux: 'Z' } },
      { type: 'volume', source: 'data', target: '/data', volume: { nocopy: true } },
      { type: 'volume', target: '/anon', volume: { nocopy: false } },
    ] }), { volumes });
    expect(s.volumes).toEqual([
      { type: 'bind', source: join(DIR, 'conf'), target: '/conf', readOnly: false, selinux: 'Z' },
      { type: 'volume', source: 'app_data', target: '/data', readOnly: false, nocopy: true },
      { type: 'volume', source: '', target: '/anon', readOnly: false },
    ]);
  });

  test('options that cannot apply, or contradict each other, are reported where they were written', () => {
    expect(issuesOf(svc({ volumes: [
      './x:/x:z,Z',
      './y:/y:nocopy',
      { type: 'tmpfs', target: '/t', bind: { selinux: 'z' } },
      { type: 'bind', source: './b', target: '/b', bind: { selinux: 'shared', propagation: 'rshared' } },
      { type: 'volume', source: 'data', target: '/v', volume: { nocopy: 'yes' } },
    ] }), { volumes })).toEqual([
      { path: 'services.s.volumes[0]', message: '"./x:/x:z,Z" has more than one SELinux option (z, Z)', hint: 'keep z (shared with other containers) or Z (private to this one)' },
      { path: 'services.s.volumes[1]', message: 'nocopy applies to volumes, and this is a bind mount', hint: "drop nocopy: a bind mount never copies the image's files" },
      { path: 'services.s.volumes[2].bind', message: "bind options apply to type: 'bind', and this mount is a tmpfs", hint: "drop bind, or make the mount type: 'bind'" },
      { path: 'services.s.volumes[3].bind.propagation', message: 'unknown key "propagation"', hint: 'known keys: selinux' },
      { path: 'services.s.volumes[3].bind.selinux', message: 'expected one of "z", "Z", got "shared"' },
      { path: 'services.s.volumes[4].volume.nocopy', message: 'expected true or false, got "yes"' },
    ]);
  });

  test('a mount without them keeps the applied-spec hash it had before they existed', () => {
    const s = only(svc({ volumes: ['./conf:/conf:ro', 'data:/data'] }), { volumes });
    expect(appliedService(s).volumes).toEqual([
      { readOnly: true, source: join(DIR, 'conf'), target: '/conf', type: 'bind' },
      { readOnly: false, source: 'app_data', target: '/data', type: 'volume' },
    ]);
  });
});

describe('the container engine', () => {
  test('binds carry the option after ro; a named volume with z or Z goes through Binds, nocopy is VolumeOptions.NoCopy', () => {
    const s = only(svc({ volumes: ['/srv/conf:/conf:z,ro', '/srv/db:/db:Z', 'data:/data:z', 'data:/cache:nocopy', 'data:/plain'] }), { volumes });
    const host = containerCreateBody(s, 'app', 1).HostConfig as Record<string, unknown>;
    expect(host.Binds).toEqual(['/srv/conf:/conf:ro,z', '/srv/db:/db:Z', 'app_data:/data:z']);
    expect(host.Mounts).toEqual([
      { Type: 'volume', Source: 'app_data', Target: '/cache', ReadOnly: false, VolumeOptions: { NoCopy: true } },
      { Type: 'volume', Source: 'app_data', Target: '/plain', ReadOnly: false },
    ]);
  });

  test('stack config shows them as the short form does', () => {
    const display = toDisplay(resolve(stack({ s: svc({ volumes: ['/srv/conf:/conf:ro,Z', 'data:/cache:nocopy'] }) }, { volumes }))) as { services: { s: { volumes: string[] } } };
    expect(display.services.s.volumes).toEqual(['/srv/conf:/conf:ro,Z', 'app_data:/cache:nocopy']);
  });

  test('changing one recreates the container, and the plan names it', () => {
    const def = (mount: string) => ({ name: 'shop', services: { db: { image: 'pg', volumes: [mount] } }, volumes: { data: {} } });
    const actual = appliedState(desiredOf(def('./data:/data:z')));
    expect(plan(desiredOf(def('./data:/data:z')), actual).containers[0].action).toBe('noop');
    const p = plan(desiredOf(def('./data:/data:Z')), actual);
    expect(p.containers[0]).toMatchObject({ action: 'recreate', changes: [{ field: 'volumes' }] });
    expect(renderPlan(p)).toMatch(/volumes: \["\/project\/data:\/data:z"\] .*→.* \["\/project\/data:\/data:Z"\]/);
    expect(plan(desiredOf(def('data:/data')), appliedState(desiredOf(def('data:/data:nocopy')))).containers[0].action).toBe('recreate');
  });
});

describe('other targets', () => {
  test('swarm applies nocopy and notes a SELinux option it cannot apply, which then changes nothing', () => {
    const s = only(svc({ volumes: ['/srv/conf:/conf:Z', 'data:/cache:nocopy', 'data:/data:z'] }), { volumes }) as unknown as SwarmService;
    const state = resolve(stack({ s: svc() }, { volumes }));
    expect(mounts(s, 'app', state.volumes)).toMatchObject([
      { Type: 'bind', Source: '/srv/conf', Target: '/conf' },
      { Type: 'volume', Source: 'app_data', Target: '/cache', VolumeOptions: { NoCopy: true } },
      { Type: 'volume', Source: 'app_data', Target: '/data' },
    ]);
    expect(mounts(s, 'app', state.volumes)?.[2].VolumeOptions).not.toHaveProperty('NoCopy');
    expect(swarmIgnored(s)).toEqual([
      'services.s.volumes[0]: the SELinux option Z is ignored on swarm (swarm mounts cannot relabel; on SELinux nodes label the path there, e.g. chcon -Rt container_file_t /srv/conf)',
      "services.s.volumes[2]: the SELinux option z is ignored on swarm (swarm mounts cannot relabel; on SELinux nodes label the path there, e.g. chcon -Rt container_file_t the volume's folder)",
    ]);
    const without = { ...s, volumes: s.volumes.map(({ selinux: _s, ...m }) => m) };
    expect(appliedSwarmService(s, [])).toEqual(appliedSwarmService(without, []));
  });

  test('stack export compose writes them in the short form, or the long form for an anonymous volume', () => {
    const state = resolve(stack({ s: svc({ volumes: [`${DIR}/conf:/conf:ro,Z`, 'data:/cache:nocopy', { type: 'volume', target: '/anon', volume: { nocopy: true } }] }) }, { volumes }));
    const services = toCompose(state, { outDir: DIR }).document.services as Record<string, { volumes: unknown[] }>;
    expect(services.s.volumes).toEqual(['./conf:/conf:ro,Z', 'data:/cache:nocopy', { type: 'volume', target: '/anon', volume: { nocopy: true } }]);
  });

  test('stack export kubernetes warns that a SELinux option is dropped, with the path; nocopy is what a claim does anyway', () => {
    const state = resolve(stack({ s: svc({ volumes: ['data:/data:Z', 'data:/cache:nocopy'] }) }, { volumes }));
    const warnings = exportKubernetes(state).warnings;
    expect(warnings).toEqual([expect.objectContaining({ path: 'services.s.volumes[0]', message: expect.stringContaining('the SELinux option Z is dropped') })]);
  });
});

describe('stack import of mount options', () => {
  test('bind.selinux and volume.nocopy become keys; bind.propagation stays a TODO; short-form options are kept', () => {
    const dir = folder({
      'docker-compose.yml': `services:
  app:
    image: nginx
    volumes:
      - ./data:/data:Z
      - cache:/cache:nocopy
      - { type: bind, source: ./data, target: /data2, bind: { selinux: z, create_host_path: true } }
      - { type: volume, source: cache, target: /cache2, volume: { nocopy: true } }
      - { type: bind, source: ./data, target: /data3, bind: { propagation: rshared } }
volumes:
  cache:
`,
    });
    const result = importCompose({ files: ['docker-compose.yml'], envs: [], outFile: join(dir, 'stack.ts'), cwd: dir, environment: {} });
    expect(result.text).toContain("'./data:/data:Z'");
    expect(result.text).toContain("'cache:/cache:nocopy'");
    expect(result.text).toContain("{ type: 'bind', source: './data', target: '/data2', bind: { selinux: 'z' } }");
    expect(result.text).toContain("{ type: 'volume', source: 'cache', target: '/cache2', volume: { nocopy: true } }");
    expect(result.text).toMatch(/TODO\(stack import\): bind: \{"propagation":"rshared"\} \(stackfile mounts take only bind.selinux of bind\)/);
    expect(result.untranslated.map((u) => u.path)).toEqual(['services.app.volumes[4].bind']);
  });
});
