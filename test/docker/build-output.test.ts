import { describe, expect, it } from 'vitest';
import { BuildOutput, progressLine, streamError } from '../../src/docker/build-output';

describe('BuildOutput', () => {
  it('reports progress lines, reassembled across messages', () => {
    const lines: string[] = [];
    const out = new BuildOutput((l) => lines.push(l));
    out.push({ stream: 'Step 1/2 : FROM base\n ---> abc\n' });
    out.push({ stream: 'Step 2/2 : RUN make' });
    out.push({ stream: '\nbuilding\n' });
    out.push({ status: 'Downloading', id: 'layer1', progress: '[=>  ]' });
    expect(out.end('app:1', '/ctx')).toBeUndefined();
    expect(lines).toEqual(['Step 1/2 : FROM base', ' ---> abc', 'Step 2/2 : RUN make', 'building', 'layer1: Downloading [=>  ]']);
  });

  it('fails with the failing step and its last output, without builder chatter or colours', () => {
    const out = new BuildOutput();
    out.push({ stream: 'Step 1/2 : RUN echo ok\n ---> Running in 1\nok\nRemoving intermediate container 1\n' });
    out.push({ stream: 'Step 2/2 : RUN make\n ---> Running in 2\n' });
    for (let i = 1; i <= 30; i++) out.push({ stream: `line ${i}\n` });
    out.push({ stream: '\x1b[91mmake: *** [all] Error 2\n\x1b[0m' });
    out.push({ errorDetail: { code: 2, message: "The command '/bin/sh -c make' returned a non-zero code: 2" }, error: 'ignored, errorDetail wins' });
    const err = out.end('app:1', '/ctx');
    expect(err?.kind).toBe('build-failed');
    expect(err?.message.split('\n')).toEqual([
      "building app:1 from /ctx failed: The command '/bin/sh -c make' returned a non-zero code: 2",
      '  Step 2/2 : RUN make',
      ...Array.from({ length: 19 }, (_, i) => `  line ${i + 12}`),
      '  make: *** [all] Error 2',
    ]);
  });
});

describe('stream messages', () => {
  it('finds in-band errors', () => {
    expect(streamError({ error: 'boom' })).toBe('boom');
    expect(streamError({ errorDetail: { message: 'detail' }, error: 'boom' })).toBe('detail');
    expect(streamError({ status: 'Pull complete' })).toBeUndefined();
  });

  it('formats progress', () => {
    expect(progressLine({ status: 'Pulling from library/redis', id: '7' })).toBe('7: Pulling from library/redis');
    expect(progressLine({ status: 'Digest: sha256:abc' })).toBe('Digest: sha256:abc');
  });
});
