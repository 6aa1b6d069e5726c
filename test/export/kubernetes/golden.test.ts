/**
 * Three representative stacks, exported in full and compared with files reviewed by eye
 * (test/fixtures/kubernetes/golden/*.yaml): a database with its app, a migration Job gating an API, and networks
 * turned into NetworkPolicies. After an intended change: UPDATE_GOLDEN=1 npx vitest run test/export/kubernetes/golden.test.ts,
 * then read the diff as a Kubernetes engineer would.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { exportKubernetes } from '../../../src/export/kubernetes/index';
import { renderStream } from '../../../src/export/kubernetes/render';
import { resolveStack } from '../../../src/model/normalize';
import { CORPUS } from '../../fixtures/kubernetes/corpus';

const GOLDEN = join(__dirname, '..', '..', 'fixtures', 'kubernetes', 'golden');

test.each(['stateful-db', 'migrate-job', 'network-policies'])('%s matches its golden file', (name) => {
  const c = CORPUS.find((x) => x.name === name)!;
  const state = resolveStack(c.stack, { dir: '/srv/app', env: c.env, profiles: c.profiles, vars: c.vars ?? {} });
  const result = exportKubernetes(state, c.options);
  const text = `${renderStream(result.manifests, `Project ${state.project}, namespace ${result.namespace}.`)}${result.warnings.map((w) => `# warning: ${w.path}: ${w.message}\n`).join('')}`;
  const file = join(GOLDEN, `${name}.yaml`);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) writeFileSync(file, text);
  expect(text).toBe(readFileSync(file, 'utf8'));
});
