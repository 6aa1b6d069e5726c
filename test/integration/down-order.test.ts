import { describe, expect, it } from 'vitest';
import { up } from '../../src/api';
import { down } from '../../src/apply/down';
import { createDockerClient } from '../../src/docker/connect';
import { projectsForFile } from '../helpers/project';
import { TEST_IMAGE } from '../helpers/test-image';

const project = projectsForFile();

describe('down against the real daemon', () => {
  it('stops dependents first, and removes each container once it has stopped rather than after the slowest stop', async () => {
    const name = project('it-downorder');
    // web ignores SIGTERM (a shell as PID 1 with the signal trapped), so it stops only when killed after the timeout.
    await up({
      name,
      services: {
        db: { image: TEST_IMAGE, init: true, command: ['sleep', '3600'] },
        web: { image: TEST_IMAGE, command: ['sh', '-c', 'trap "" TERM; while true; do sleep 1; done'], dependsOn: ['db'] },
        other: { image: TEST_IMAGE, init: true, command: ['sleep', '3600'] },
      },
    });
    const lines: string[] = [];
    const result = await down(name, { client: createDockerClient(), timeoutSeconds: 2, onProgress: (line) => lines.push(line) });
    const at = (line: string) => {
      const i = lines.indexOf(line);
      expect(i, `${line} in ${lines.join(', ')}`).toBeGreaterThanOrEqual(0);
      return i;
    };
    expect(at(`stopped ${name}-web-1`)).toBeLessThan(at(`stopped ${name}-db-1`));
    expect(at(`removed ${name}-other-1`)).toBeLessThan(at(`stopped ${name}-web-1`));
    expect(result.containers.sort()).toEqual([`${name}-db-1`, `${name}-other-1`, `${name}-web-1`]);
  });
});
