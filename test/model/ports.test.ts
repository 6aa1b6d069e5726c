import { describe, expect, test } from 'vitest';
import { formatPort, hostPorts, parsePortString } from '../../src/model/ports';
import type { DesiredPort } from '../../src/model/desired';
import { only, svc } from './builders';

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

  test('a range of container ports is one port each, as Docker and Compose expand it; the two ranges must be as long', () => {
    expect(parsePortString('127.0.0.1:9090-9091:8080-8081/udp')).toEqual([
      { target: 8080, published: '9090', protocol: 'udp', hostIp: '127.0.0.1' },
      { target: 8081, published: '9091', protocol: 'udp', hostIp: '127.0.0.1' },
    ]);
    expect(parsePortString('8080-8081')).toEqual([
      { target: 8080, published: undefined, protocol: 'tcp', hostIp: '' },
      { target: 8081, published: undefined, protocol: 'tcp', hostIp: '' },
    ]);
    expect(parsePortString('9090-9092:8080-8081')).toBe('"9090-9092:8080-8081" maps 2 container ports to 3 host ports: the two ranges must be as long');
    expect(parsePortString('8081-8080')).toMatch(/not a range of port numbers/);
  });

  test('in a stack, the range is read into its ports, which stack config shows one by one', () => {
    expect(only(svc({ ports: ['9090-9091:8080-8081', '53:53/udp'] })).ports.map(formatPort)).toEqual(['9090:8080/tcp', '9091:8081/tcp', '53:53/udp']);
  });
});
