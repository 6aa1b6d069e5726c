import { expect, it } from 'vitest';
import { plan } from '../../src/plan/plan';
import { appliedState, desiredOf } from './builders';

// Not a timing test (timings live in bench/plan-500.mjs): this checks that a large stack plans correctly, which is
// the input the benchmark measures.
it('plans a 500-service stack with one change among 500 no-ops', () => {
  const services = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`s${i}`, { image: 'busybox', environment: { N: String(i) }, dependsOn: i > 0 ? [`s${i - 1}`] : [] }]));
  const before = desiredOf({ name: 'big', services });
  const after = desiredOf({ name: 'big', services: { ...services, s250: { image: 'busybox', environment: { N: 'changed' }, dependsOn: ['s249'] } } });
  const p = plan(after, appliedState(before));
  expect(p.summary).toEqual({ create: 0, recreate: 1, start: 0, remove: 0 });
  expect(p.containers.find((c) => c.action === 'recreate')?.changes).toEqual([{ field: 'environment.N', from: '250', to: 'changed' }]);
});
