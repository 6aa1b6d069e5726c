import { describe, expect, test } from 'vitest';
import { formatPort, hostPorts, parsePortString } from '../../src/model/ports';
import type { DesiredPort } from '../../src/model/desired';

describe('ports', () => {
  test('formatPort shows what parsePortString read', () => {
    for (const text of ['80/tcp', '8080:80/tcp', '127.0.0.1:8080:80/tcp', '[::1]:9000:90/tcp', '53:53/udp', '8000-8002:80/tcp']) {
      expect(formatPort(parsePortString(text) as DesiredPort)).toBe(text);
    }
  });

  test('an address with no host port publishes a random one', () => {
    expect(parsePortString('127.0.0.1::80')).toEqual({ target: 80, published: undefined, protocol: 'tcp', hostIp: '127.0.0.1' });
  });

  test('hostPorts lists every port a range occupies', () => {
    expect(hostPorts(parsePortString('8000-8002:80') as DesiredPort)).toEqual([8000, 8001, 8002]);
    expect(hostPorts(parsePortString('80') as DesiredPort)).toEqual([]);
  });

  test('two host addresses are an error', () => {
    expect(parsePortString('[::1]:1.2.3.4:80:80')).toMatch(/two host addresses|too many/);
  });
});
