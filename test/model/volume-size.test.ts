import { describe, expect, test } from 'vitest';
import { appliedVolume, configHash } from '../../src/model/applied';
import { toDisplay } from '../../src/model/display';
import { containerTargetNotes } from '../../src/model/target-notes';
import { issues, resolve, stack, svc } from './builders';

describe('volumes.NAME.size', () => {
  test('parses to bytes, shows back as a size, and is noted as ignored by the container engine', () => {
    const state = resolve(stack({ s: svc({ volumes: ['data:/data'] }) }, { volumes: { data: { size: '20g' }, other: {} } }));
    expect(state.volumes.data.size).toBe(20 * 1024 ** 3);
    expect('size' in state.volumes.other).toBe(false);
    expect((toDisplay(state).volumes as Record<string, { size?: string }>).data.size).toBe('20g');
    expect(containerTargetNotes(state)).toEqual([expect.stringMatching(/^volumes\.data\.size is ignored by the container engine/)]);
  });

  test('does not change the volume as the engine sees it (setting it recreates nothing)', () => {
    const without = resolve(stack({}, { volumes: { data: {} } })).volumes.data;
    const withSize = resolve(stack({}, { volumes: { data: { size: 1024 } } })).volumes.data;
    expect(configHash(appliedVolume(withSize))).toBe(configHash(appliedVolume(without)));
  });

  test.each([['lots'], [0], ['-1g'], [true]])('%j is rejected with its path and a hint', (size) => {
    expect(issues(stack({}, { volumes: { data: { size } } }))).toEqual([
      { path: 'volumes.data.size', message: `${JSON.stringify(size)} is not a volume size`, hint: "write it like '10g', '512m' or a number of bytes" },
    ]);
  });
});
