/** The warnings `stack import` prints: one per untranslated path, one line for the same key in many services. */
import { describe, expect, test } from 'vitest';
import { warningLines } from '../../src/import/warning-lines';

describe('warningLines', () => {
  test('the same key and message in three services or more is one line naming them; the rest one line each', () => {
    const services = ['web', 'worker', 'cron', 'events', 'ingest', 'cleanup'];
    const lines = warningLines([
      { path: 'services.db.volumes_from', message: 'stackfile has no volumes_from' },
      ...services.map((s) => ({ path: `services.${s}.pull_policy`, message: 'stackfile has no pull_policy' })),
      { path: 'services.a.group_add', message: 'stackfile has no group_add' },
      { path: 'services.b.group_add', message: 'stackfile has no group_add' },
      { path: 'volume', message: 'not a Compose top-level key' },
    ]);
    expect(lines).toEqual([
      'warning: services.db.volumes_from: stackfile has no volumes_from; written as a // TODO comment',
      'warning: services.*.pull_policy in web, worker, cron, events, ingest, ... (6 services): stackfile has no pull_policy; written as a // TODO comment in each',
      'warning: services.a.group_add: stackfile has no group_add; written as a // TODO comment',
      'warning: services.b.group_add: stackfile has no group_add; written as a // TODO comment',
      'warning: volume: not a Compose top-level key; written as a // TODO comment',
    ]);
  });
});
