import { describe, expect, it } from 'vitest';
import { LABEL } from '../../src/docker/labels';
import { healthFromStatus, mapContainer, mapContainerDetails, mapNetwork, mapVolume, type ContainerListItem } from '../../src/docker/map-inspect';

function listItem(overrides: Partial<ContainerListItem> = {}): ContainerListItem {
  return {
    Id: 'abc123',
    Names: ['/proj-web-1'],
    Image: 'nginx:1',
    ImageID: 'sha256:feed',
    Created: 1700000000,
    Labels: {
      [LABEL.project]: 'proj',
      [LABEL.service]: 'web',
      [LABEL.number]: '2',
      [LABEL.configHash]: 'h1',
      [LABEL.applied]: '{"image":"nginx:1"}',
      [LABEL.dependsOn]: 'db, cache',
      [LABEL.env]: 'prod',
    },
    Command: 'httpd -f',
    State: 'running',
    Status: 'Up 3 seconds (healthy)',
    Ports: [],
    NetworkSettings: { Networks: { proj_default: {}, proj_back: {} } },
    ...overrides,
  };
}

describe('mapContainer', () => {
  it('reads our labels, state, health and networks', () => {
    expect(mapContainer(listItem())).toEqual({
      id: 'abc123',
      name: 'proj-web-1',
      service: 'web',
      number: 2,
      state: 'running',
      health: 'healthy',
      imageId: 'sha256:feed',
      image: 'nginx:1',
      configHash: 'h1',
      applied: { image: 'nginx:1' },
      dependsOn: ['db', 'cache'],
      ports: [],
      networks: ['proj_default', 'proj_back'],
      created: 1700000000,
      command: 'httpd -f',
      status: 'Up 3 seconds (healthy)',
      env: 'prod',
    });
  });

  it('tolerates garbage and missing labels', () => {
    const c = mapContainer(listItem({ Labels: { [LABEL.applied]: '{not json', [LABEL.number]: 'x' }, Status: 'Exited (0) 2 minutes ago', State: 'exited' }));
    expect(c.applied).toBeUndefined();
    expect(c.number).toBe(0);
    expect(c.service).toBe('');
    expect(c.dependsOn).toEqual([]);
    expect(c.health).toBeUndefined();
    expect(c.state).toBe('exited');
    expect(c.exitCode).toBe(0);
    expect(mapContainer(listItem({ Status: 'Exited (137) 5 seconds ago', State: 'exited' })).exitCode).toBe(137);
  });

  it('keeps the container whose network a container joined, and only that network mode', () => {
    expect(mapContainer(listItem({ HostConfig: { NetworkMode: 'container:0123abcd' } })).networkMode).toBe('container:0123abcd');
    expect(mapContainer(listItem({ HostConfig: { NetworkMode: 'proj_default' } }))).not.toHaveProperty('networkMode');
    expect(mapContainer(listItem({ Status: 'Up 3 seconds', State: 'running' })).exitCode).toBeUndefined();
    expect(mapContainer(listItem({ Labels: null })).applied).toBeUndefined();
    expect(mapContainer(listItem({ Labels: { [LABEL.applied]: '[1,2]' } })).applied).toBeUndefined();
  });


  it('collapses the IPv4 and IPv6 "all interfaces" bindings into one port', () => {
    const c = mapContainer(listItem({
      Ports: [
        { IP: '0.0.0.0', PrivatePort: 80, PublicPort: 49153, Type: 'tcp' },
        { IP: '::', PrivatePort: 80, PublicPort: 49153, Type: 'tcp' },
        { IP: '127.0.0.1', PrivatePort: 53, PublicPort: 5353, Type: 'udp' },
        { PrivatePort: 9000, Type: 'tcp' },
      ],
    }));
    expect(c.ports).toEqual([
      { target: 53, published: 5353, protocol: 'udp', hostIp: '127.0.0.1' },
      { target: 80, published: 49153, protocol: 'tcp', hostIp: '' },
      { target: 9000, protocol: 'tcp', hostIp: '' },
    ]);
  });

  it('keeps one port when the daemon picked a different host port for the IPv6 twin (Docker 20.10)', () => {
    const c = mapContainer(listItem({
      Ports: [
        { IP: '0.0.0.0', PrivatePort: 8080, PublicPort: 32782, Type: 'tcp' },
        { IP: '::', PrivatePort: 8080, PublicPort: 32781, Type: 'tcp' },
        { IP: '::', PrivatePort: 9090, PublicPort: 9090, Type: 'tcp' },
      ],
    }));
    expect(c.ports).toEqual([
      { target: 8080, published: 32782, protocol: 'tcp', hostIp: '' },
      { target: 9090, published: 9090, protocol: 'tcp', hostIp: '' },
    ]);
    const d = mapContainerDetails({
      Id: 'abc',
      Name: '/proj-web-1',
      State: { Status: 'running', ExitCode: 0 },
      NetworkSettings: { Ports: { '8080/tcp': [{ HostIp: '0.0.0.0', HostPort: '32782' }, { HostIp: '::', HostPort: '32781' }] } },
    } as Parameters<typeof mapContainerDetails>[0]);
    expect(d.ports).toEqual([{ target: 8080, published: 32782, protocol: 'tcp', hostIp: '' }]);
  });

  it('picks the own name, not a legacy link alias', () => {
    expect(mapContainer(listItem({ Names: ['/other/alias', '/proj-web-1'] })).name).toBe('proj-web-1');
  });
});

describe('healthFromStatus', () => {
  it.each([
    ['Up 3 seconds (healthy)', 'healthy'],
    ['Up 2 seconds (health: starting)', 'starting'],
    ['Up 5 minutes (unhealthy)', 'unhealthy'],
    ['Up 5 minutes', undefined],
    ['Exited (1) 3 seconds ago', undefined],
  ])('%s → %s', (status, health) => {
    expect(healthFromStatus(status)).toBe(health);
  });
});

describe('mapContainerDetails', () => {
  it('maps state, health log and bound ports', () => {
    const d = mapContainerDetails({
      Id: 'abc',
      Name: '/proj-web-1',
      State: { Status: 'running', ExitCode: 0, OOMKilled: false, Error: '', Health: { Status: 'unhealthy', Log: [{ ExitCode: 1, Output: 'boom\n' }] } },
      NetworkSettings: { Ports: { '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '49153' }, { HostIp: '::', HostPort: '49153' }], '443/tcp': null } },
      Mounts: [
        { Type: 'volume', Name: 'a'.repeat(64), Destination: '/cache' },
        { Type: 'volume', Name: 'proj_data', Destination: '/data' },
        { Type: 'bind', Destination: '/src' },
      ],
      Config: { Env: ['PATH=/bin', 'PW=x=y'] },
    });
    expect(d).toEqual({
      id: 'abc',
      name: 'proj-web-1',
      state: 'running',
      exitCode: 0,
      health: 'unhealthy',
      healthLog: [{ exitCode: 1, output: 'boom\n' }],
      ports: [{ target: 80, protocol: 'tcp', hostIp: '', published: 49153 }],
      oomKilled: false,
      error: '',
      env: ['PATH=/bin', 'PW=x=y'],
      anonymousVolumes: [{ name: 'a'.repeat(64), target: '/cache' }],
    });
  });

  it('has no health without a healthcheck', () => {
    const d = mapContainerDetails({ Id: 'a', Name: '/x', State: { Status: 'exited', ExitCode: 137, OOMKilled: true } });
    expect(d.health).toBeUndefined();
    expect(d.healthLog).toEqual([]);
    expect(d.exitCode).toBe(137);
    expect(d.oomKilled).toBe(true);
  });
});

describe('mapNetwork / mapVolume', () => {
  it('reads keys, hashes and applied specs, and tolerates foreign objects', () => {
    expect(mapNetwork({ Id: 'n1', Name: 'proj_back', Labels: { [LABEL.network]: 'back', [LABEL.configHash]: 'h', [LABEL.applied]: '{"driver":"bridge"}' } }))
      .toEqual({ id: 'n1', name: 'proj_back', key: 'back', configHash: 'h', applied: { driver: 'bridge' } });
    expect(mapNetwork({ Id: 'n2', Name: 'bridge', Labels: {} })).toEqual({ id: 'n2', name: 'bridge' });
    expect(mapVolume({ Name: 'proj_data', Labels: { [LABEL.volume]: 'data', [LABEL.configHash]: 'h' } })).toEqual({ name: 'proj_data', key: 'data', configHash: 'h' });
    expect(mapVolume({ Name: 'foreign', Labels: null })).toEqual({ name: 'foreign' });
  });
});
