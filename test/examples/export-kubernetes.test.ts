/**
 * `stack export kubernetes --env prod -o DIR` on each example, as a user runs it: every object written validates
 * (schema and API-server rules, test/export/kubernetes/validate-objects.ts). The monorepo example, which needs an
 * install first, is exported in examples.test.ts.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import { foldersForFile } from '../helpers/folders';
import { EXAMPLES, ensureBuilt, runStack } from '../helpers/run-stack.mjs';
import { readFolder } from '../export/kubernetes/read-output';
import { validateObjects } from '../export/kubernetes/validate-objects';

beforeAll(ensureBuilt);
const folder = foldersForFile('stackfile-k8s-examples');

/** Bind mounts need the opt-in (web-api-db-cache mounts its nginx config); prod's secret is set, to check it is never written. */
function exportExample(name: string, env: string | undefined, vars: Record<string, string | undefined> = { POSTGRES_PASSWORD: 'prod-s3cret' }) {
  const out = join(folder(), 'k8s');
  const r = runStack(['export', 'kubernetes', '-f', join(EXAMPLES, name), ...(env ? ['--env', env] : []), '-o', out, '--bind-mounts', 'host-path'], { env: vars });
  expect(r.code, r.stderr).toBe(0);
  return { ...readFolder(out), stderr: r.stderr };
}

const CASES: [string, string | undefined][] = [
  ['hello', undefined],
  ['dev-sync', undefined],
  ...(['three-tier', 'web-api-db-cache', 'env-layers'].flatMap((name) => [[name, undefined], [name, 'dev'], [name, 'prod']]) as [string, string | undefined][]),
];

test.each(CASES)('examples/%s, --env %s: every object validates', (name, env) => {
  const { objects } = exportExample(name, env);
  expect(objects.length).toBeGreaterThan(1);
  expect(validateObjects(objects)).toEqual([]);
});

test('the web example (prod): a Deployment with probes, a Service with its port, a claim for its volume, Secrets without values', () => {
  const { objects, files, stderr } = exportExample('web-api-db-cache', 'prod');
  const get = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata?.name === name) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const api = get('Deployment', 'api');
  expect(api.spec.replicas).toBe(2);
  expect(api.spec.template.spec.containers[0].readinessProbe.exec.command).toEqual(['wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:3000/health']);
  expect(get('Service', 'web').spec).toMatchObject({ type: 'LoadBalancer', ports: [{ port: 80, targetPort: 80 }] });
  expect(get('StatefulSet', 'db').spec.volumeClaimTemplates[0]).toMatchObject({ metadata: { name: 'pgdata' }, spec: { resources: { requests: { storage: '1Gi' } } } });
  for (const secret of objects.filter((o) => o.kind === 'Secret')) expect('data' in secret).toBe(false);
  expect(JSON.stringify(objects)).not.toContain(Buffer.from('prod-s3cret').toString('base64'));
  expect(JSON.stringify(objects)).not.toContain('prod-s3cret');
  expect(get('Job', 'migrate').spec.template.spec.restartPolicy).toBe('Never');
  expect(files).toContain('00-namespace.yaml');
  expect(files).toContain('db-statefulset.yaml');
  expect(stderr).toMatch(/^wrote \d+ files to .*k8s; apply with kubectl apply -f /m);
});

test('the web example exports without its secret set: the files are the same, as no value is written', () => {
  const withSecret = exportExample('web-api-db-cache', 'prod');
  const without = exportExample('web-api-db-cache', 'prod', { POSTGRES_PASSWORD: undefined });
  expect(without.files).toEqual(withSecret.files);
  expect(without.objects).toEqual(withSecret.objects);
  // Embedding the values needs them: the missing variable is an error at each place that reads it, and nothing is written.
  const out = join(folder(), 'k8s');
  const r = runStack(['export', 'kubernetes', '-f', join(EXAMPLES, 'web-api-db-cache'), '--env', 'prod', '-o', out, '--bind-mounts', 'host-path', '--with-secret-values'], { env: { POSTGRES_PASSWORD: undefined } });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('services.db.environment.POSTGRES_PASSWORD: secret variable POSTGRES_PASSWORD is not set');
  expect(existsSync(out)).toBe(false);
});
