/** `stack export kubernetes` as a user runs it: output places, the bind-mount refusal, --strict, a Job dependency. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import { foldersForFile } from '../helpers/folders';
import { ensureBuilt, runStack, stackTraceLines } from '../helpers/run-stack.mjs';
import { readFolder, readObjects } from '../export/kubernetes/read-output';
import { validateObjects } from '../export/kubernetes/validate-objects';

beforeAll(ensureBuilt);
const folder = foldersForFile('stackfile-k8s-cli');

const stackTs = (body: string) => `import { defineStack } from 'stackfile';\nexport default defineStack(${body});\n`;
const BIND = stackTs(`{ name: 'binds', services: { web: { image: 'nginx:1.27', ports: ['80:80'], volumes: ['./site:/usr/share/nginx/html:ro'] } } }`);
const JOBS = stackTs(`{
  name: 'jobs',
  services: {
    db: { image: 'postgres:16', healthcheck: { test: ['CMD', 'pg_isready'] } },
    migrate: { image: 'shop/api:1', command: ['npm', 'run', 'migrate'], dependsOn: { db: 'healthy' } },
    api: { image: 'shop/api:1', ports: ['3000:3000'], dependsOn: { migrate: 'completed' }, ulimits: { nofile: 1024 } },
  },
}`);

test('a bind mount fails with its path and a hint, writes nothing; --bind-mounts host-path exports a hostPath', () => {
  const dir = folder({ 'stack.ts': BIND });
  const out = join(dir, 'k8s');
  const refused = runStack(['export', 'kubernetes', '-f', dir, '-o', out]);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain(`services.web.volumes[0]: bind mount of ${join(dir, 'site')} has no meaning on a cluster`);
  expect(refused.stderr).toContain('--bind-mounts host-path');
  expect(refused.stderr).toContain('nothing was written');
  expect(stackTraceLines(refused.stderr)).toEqual([]);
  expect(existsSync(out)).toBe(false);

  const ok = runStack(['export', 'kubernetes', '-f', dir, '-o', out, '--bind-mounts', 'host-path']);
  expect(ok.code, ok.stderr).toBe(0);
  const { objects } = readFolder(out);
  const web = objects.find((o) => o.kind === 'Deployment') as { spec: { template: { spec: { volumes: unknown[] } } } };
  expect(web.spec.template.spec.volumes).toEqual([{ name: 'host-site', hostPath: { path: join(dir, 'site') } }]);
  expect(validateObjects(objects)).toEqual([]);
});

test('a completed dependency: a Job, and an init container that waits for it', () => {
  const dir = folder({ 'stack.ts': JOBS });
  const r = runStack(['export', 'kubernetes', '-f', dir, '--kubectl-image', 'mirror.local/kubectl:1.33']);
  expect(r.code, r.stderr).toBe(0);
  const objects = readObjects(r.stdout) as { kind: string; metadata: { name: string }; spec: { template: { spec: { initContainers?: { name: string; image: string; command: string[] }[] } } } }[];
  expect(objects.filter((o) => o.kind === 'Job').map((o) => o.metadata.name)).toEqual(['migrate']);
  const api = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'api');
  expect(api?.spec.template.spec.initContainers).toEqual([{ name: 'wait-for-migrate', image: 'mirror.local/kubectl:1.33', command: ['sh', '-c', 'until kubectl wait --namespace jobs --for=condition=complete job/migrate --timeout=60s; do echo "waiting for job migrate"; sleep 5; done'] }]);
  expect(validateObjects(objects as never)).toEqual([]);
  expect(r.stderr).toBe('warning: services.api.ulimits: are dropped: Kubernetes has no per-pod ulimits (the node\'s container runtime sets them)\n');
});

test('--strict turns warnings into errors', () => {
  const dir = folder({ 'stack.ts': JOBS });
  const r = runStack(['export', 'kubernetes', '-f', dir, '--strict']);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toContain('cannot export to Kubernetes, 1 warning (--strict makes them errors):\n  - services.api.ulimits: are dropped');
});

test('-o FOLDER writes one file per object, and a later export removes the files it no longer writes, not the user\'s', () => {
  const dir = folder({ 'stack.ts': JOBS });
  const out = join(dir, 'k8s');
  expect(runStack(['export', 'kubernetes', '-f', dir, '-o', out]).code).toBe(0);
  const first = readFolder(out).files;
  expect(first).toEqual(expect.arrayContaining(['00-namespace.yaml', 'api-deployment.yaml', 'migrate-job.yaml', 'db-service.yaml', 'api-serviceaccount.yaml', 'api-wait-for-jobs-role.yaml']));
  writeFileSync(join(out, 'ingress.yaml'), 'kind: Ingress\n');
  writeFileSync(join(dir, 'stack.ts'), stackTs(`{ name: 'jobs', services: { db: { image: 'postgres:16' } } }`));
  const again = runStack(['export', 'kubernetes', '-f', dir, '-o', out]);
  expect(again.code, again.stderr).toBe(0);
  expect(again.stderr).toMatch(/removed \d+ an earlier export wrote: .*api-deployment\.yaml/);
  expect(readFolder(out).files).toEqual(['00-namespace.yaml', 'db-deployment.yaml', 'db-service.yaml', 'ingress.yaml']);
});

test('-o FILE.yaml writes one stream; the same stack exports the same text', () => {
  const dir = folder({ 'stack.ts': JOBS });
  expect(runStack(['export', 'kubernetes', '-f', dir, '-o', join(dir, 'all.yaml')]).code).toBe(0);
  const text = readFileSync(join(dir, 'all.yaml'), 'utf8');
  expect(text.startsWith('# Written by stack export kubernetes')).toBe(true);
  expect(readObjects(text).length).toBeGreaterThan(5);
  expect(runStack(['export', 'kubernetes', '-f', dir]).stdout).toBe(text);
});

test('stack config notes that a volume size is for cluster exports only', () => {
  const dir = folder({ 'stack.ts': stackTs(`{ name: 'sized', services: { db: { image: 'postgres:16', volumes: ['data:/data'] } }, volumes: { data: { size: '10g' } } }`) });
  const r = runStack(['config', '-f', dir]);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('size: 10g');
  expect(r.stderr).toBe('note: volumes.data.size is ignored by the container engine (local volumes have no size); stack export kubernetes requests it for the volume\'s claim\n');
  const k8s = readObjects(runStack(['export', 'kubernetes', '-f', dir]).stdout) as { kind: string; spec: { volumeClaimTemplates: { spec: { resources: unknown } }[] } }[];
  expect(k8s.find((o) => o.kind === 'StatefulSet')?.spec.volumeClaimTemplates[0].spec.resources).toEqual({ requests: { storage: '10Gi' } });
});

test('a file the export did not write is never replaced without --force; another project\'s files in the folder stay', () => {
  const dir = folder({ 'stack.ts': JOBS, 'other/stack.ts': stackTs(`{ name: 'other', services: { web: { image: 'nginx:1.27' } } }`) });
  const precious = join(dir, 'precious.yaml');
  writeFileSync(precious, 'my: precious\n');
  const refused = runStack(['export', 'kubernetes', '-f', dir, '-o', precious]);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain(`${precious} exists and was not written by stack export kubernetes`);
  expect(refused.stderr).toContain('--force');
  expect(stackTraceLines(refused.stderr)).toEqual([]);
  expect(readFileSync(precious, 'utf8')).toBe('my: precious\n');
  expect(runStack(['export', 'kubernetes', '-f', dir, '-o', precious, '--force']).code).toBe(0);
  expect(readFileSync(precious, 'utf8').startsWith('# Written by stack export kubernetes')).toBe(true);

  const out = join(dir, 'k8s');
  expect(runStack(['export', 'kubernetes', '-f', join(dir, 'other'), '-o', out]).code).toBe(0);
  expect(readFolder(out).files).toEqual(['00-namespace.yaml', 'web-deployment.yaml', 'web-service.yaml']);
  writeFileSync(join(out, '00-namespace.yaml'), '# user-written\n');
  const clash = runStack(['export', 'kubernetes', '-f', dir, '-o', out]);
  expect(clash.code).toBe(1);
  expect(clash.stderr).toContain(`${join(out, '00-namespace.yaml')} was not written by stack export`);
  expect(readFileSync(join(out, '00-namespace.yaml'), 'utf8')).toBe('# user-written\n');
  const forced = runStack(['export', 'kubernetes', '-f', dir, '-o', out, '--force']);
  expect(forced.code, forced.stderr).toBe(0);
  // Project other's files are its own: an export of project jobs removes none of them.
  expect(forced.stderr).not.toContain('removed');
  expect(readFolder(out).files).toEqual(expect.arrayContaining(['web-deployment.yaml', 'web-service.yaml', 'api-deployment.yaml']));
});

test('a write that fails is a user error with the path and a hint; -o out.json is a folder, and said to be', () => {
  const dir = folder({ 'stack.ts': JOBS, 'file.yaml': 'x: 1\n' });
  for (const out of [`${join(dir, 'file.yaml')}/`, join(dir, 'file.yaml', 'k8s'), '/proc/stackfile-no.yaml']) {
    const r = runStack(['export', 'kubernetes', '-f', dir, '-o', out]);
    expect(r.code, out).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^error: cannot write ${out.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}.*: E[A-Z]+`, 'm'));
    expect(r.stderr).toContain('hint: choose a folder');
    expect(stackTraceLines(r.stderr)).toEqual([]);
  }
  const json = runStack(['export', 'kubernetes', '-f', dir, '-o', join(dir, 'out.json')]);
  expect(json.code, json.stderr).toBe(0);
  expect(json.stderr).toContain(`note: ${join(dir, 'out.json')} is written as a folder, one file per object`);
  expect(readFolder(join(dir, 'out.json')).files).toContain('api-deployment.yaml');
});
