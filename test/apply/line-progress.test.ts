import { describe, expect, it } from 'vitest';
import { LineProgress } from '../../src/apply/line-progress';

function recorder(mode: 'plain' | 'json' | 'quiet') {
  const out: string[] = [];
  return { out, progress: new LineProgress(['db', 'api'], mode, (text) => out.push(text)) };
}

describe('LineProgress (--progress plain|json|quiet)', () => {
  it('prints one line per real event, in order, and drops repeats', async () => {
    const { out, progress } = recorder('plain');
    progress.note('network shop_default created');
    progress.update('db', 'creating shop-db-1');
    progress.update('api', 'waiting for db (healthy)');
    progress.update('db', 'waiting until healthy');
    progress.update('db', 'waiting until healthy');
    progress.done('db', 'healthy');
    progress.update('db', 'late update after done');
    progress.fail('api', 'exited with code 1');
    expect(await progress.close()).toEqual([]);
    expect(out.join('')).toBe([
      'network shop_default created',
      'db: creating shop-db-1',
      'api: waiting for db (healthy)',
      'db: waiting until healthy',
      'db: healthy',
      'api: failed: exited with code 1',
      '',
    ].join('\n'));
  });

  it('says once that a service reported done has failed after all (a one-shot seen running, then exited)', async () => {
    const { out, progress } = recorder('plain');
    progress.done('db', 'running');
    progress.fail('db', 'exited with code 3');
    progress.fail('db', 'exited with code 3, said again');
    progress.done('db', 'running again');
    expect(out.join('')).toBe('db: running\ndb: failed: exited with code 3\n');
  });

  it('json: one parseable object per event; quiet: nothing', async () => {
    const json = recorder('json');
    json.progress.note('volume shop_data created');
    json.progress.done('db', 'healthy');
    const events = json.out.map((l) => JSON.parse(l));
    expect(events).toMatchObject([{ status: 'note', message: 'volume shop_data created' }, { service: 'db', status: 'done', message: 'healthy' }]);
    expect(Number.isNaN(Date.parse(events[0].time))).toBe(false);
    const quiet = recorder('quiet');
    quiet.progress.update('db', 'creating');
    quiet.progress.note('x');
    await quiet.progress.close();
    expect(quiet.out).toEqual([]);
  });
});
