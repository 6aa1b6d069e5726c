import { describe, expect, it } from 'vitest';
import { plan } from '../../src/plan/plan';
import { renderPlan } from '../../src/plan/render';
import { appliedState, desiredOf, threeTier } from './builders';

/** picocolors colours when CI's terminal says it can (FORCE_COLOR, a TTY); the wording is what is asserted. */
const plain = (text: string): string => text.replace(/\x1b\[[0-9;]*m/g, '');

/** Plan wording: what `stack plan` prints for a built image and for a changed command. */
describe('renderPlan wording', () => {
  it('says once, as a note, that up rebuilds an image that exists; it is no change', () => {
    const def = threeTier();
    def.services!.web = { ...def.services!.web, build: './web' } as never;
    const desired = desiredOf(def);
    const text = plain(renderPlan(plan(desired, appliedState(desired))));
    expect(text).toContain('No changes.');
    expect(text).not.toContain('will be built');
    expect(text.match(/web:1/g)).toHaveLength(1);
    expect(text).toMatch(/note: up rebuilds web:1 first; containers are recreated only if the image changes/);
  });

  it('shows a changed command as a word diff, not two JSON arrays', () => {
    const before = desiredOf(threeTier({ withWorker: true }));
    const def = threeTier({ withWorker: true });
    def.services!.worker = { ...def.services!.worker, command: ['worker', '--queue', 'emails', '--verbose'] } as never;
    const text = plain(renderPlan(plan(desiredOf(def), appliedState(before))));
    expect(text).toContain('~ command: worker {+--queue emails --verbose+}');
    expect(text).not.toContain('["worker"]');
  });
});
