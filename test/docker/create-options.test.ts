import { describe, expect, it } from 'vitest';
import { additionalNetworks, containerCreateBody, namespaceOwners, networkCreateBody, volumeCreateBody } from '../../src/docker/create-options';
import { LABEL } from '../../src/docker/labels';
import { appliedNetwork, appliedService, appliedVolume, configHash } from '../../src/model/applied';
import type { DesiredNetwork, DesiredVolume } from '../../src/model/desired';
import { desiredService } from './desired-service';

describe('containerCreateBody', () => {
  it('maps every field of a full service to the Engine API body', () => {
    const s = desiredService({
      name: 'api',
      image: 'app:1',
      command: ['serve', '--port', '80'],
      entrypoint: ['/entry'],
      environment: { A: '1', B: 'two' },
      ports: [
        { target: 80, published: '8080', protocol: 'tcp', hostIp: '' },
        { target: 80, published: '8081', protocol: 'tcp', hostIp: '127.0.0.1' },
        { target: 53, protocol: 'udp', hostIp: '' },
      ],
      volumes: [
        { type: 'volume', source: 'proj_data', target: '/data', readOnly: false },
        { type: 'volume', source: '', target: '/cache', readOnly: false },
        { type: 'bind', source: '/srv/conf', target: '/conf', readOnly: true },
        { type: 'tmpfs', source: '', target: '/tmp', readOnly: false, tmpfsSize: 1024 },
      ],
      networks: { proj_front: { aliases: ['api-alias'] }, proj_back: { aliases: [] } },
      dependsOn: { db: 'healthy', cache: 'started' },
      healthcheck: { test: ['CMD', 'true'], intervalMs: 1500, timeoutMs: 1000, retries: 3, startPeriodMs: 500 },
      restart: 'on-failure:5',
      user: '1000:1000',
      workingDir: '/app',
      init: true,
      stopSignal: 'SIGINT',
      stopGracePeriodMs: 2500,
      labels: { team: 'core' },
      extraHosts: ['host.docker.internal:host-gateway'],
      hostname: 'api-host',
      tty: true,
      stdinOpen: true,
      capAdd: ['NET_ADMIN'],
      capDrop: ['MKNOD'],
      privileged: true,
      readOnly: true,
      shmSize: 64 * 1024 * 1024,
      ulimits: { nofile: { soft: 1024, hard: 2048 } },
      sysctls: { 'net.core.somaxconn': '1024' },
      nanoCpus: 500_000_000,
      memoryBytes: 256 * 1024 * 1024,
    });
    const body = containerCreateBody(s, 'proj', 2, { version: '0.1.0' });

    expect(body.name).toBe('proj-api-2');
    expect(body).toMatchObject({
      Image: 'app:1',
      Cmd: ['serve', '--port', '80'],
      Entrypoint: ['/entry'],
      Env: ['A=1', 'B=two'],
      ExposedPorts: { '80/tcp': {}, '53/udp': {} },
      Hostname: 'api-host',
      User: '1000:1000',
      WorkingDir: '/app',
      Tty: true,
      OpenStdin: true,
      StopSignal: 'SIGINT',
      StopTimeout: 3,
      Healthcheck: { Test: ['CMD', 'true'], Interval: 1_500_000_000, Timeout: 1_000_000_000, Retries: 3, StartPeriod: 500_000_000 },
    });
    expect(body.HostConfig).toEqual({
      PortBindings: {
        '80/tcp': [{ HostIp: '', HostPort: '8080' }, { HostIp: '127.0.0.1', HostPort: '8081' }],
        '53/udp': [{ HostIp: '', HostPort: '' }],
      },
      Binds: ['/srv/conf:/conf:ro'],
      Mounts: [
        { Type: 'volume', Source: 'proj_data', Target: '/data', ReadOnly: false },
        { Type: 'volume', Target: '/cache', ReadOnly: false },
        { Type: 'tmpfs', Target: '/tmp', ReadOnly: false, TmpfsOptions: { SizeBytes: 1024 } },
      ],
      RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 5 },
      Init: true,
      CapAdd: ['NET_ADMIN'],
      CapDrop: ['MKNOD'],
      Privileged: true,
      ReadonlyRootfs: true,
      ShmSize: 64 * 1024 * 1024,
      Ulimits: [{ Name: 'nofile', Soft: 1024, Hard: 2048 }],
      Sysctls: { 'net.core.somaxconn': '1024' },
      NanoCpus: 500_000_000,
      Memory: 256 * 1024 * 1024,
      ExtraHosts: ['host.docker.internal:host-gateway'],
      NetworkMode: 'proj_front',
    });
    expect(body.NetworkingConfig).toEqual({ EndpointsConfig: { proj_front: { Aliases: ['api', 'api-alias'] } } });
    expect(additionalNetworks(s)).toEqual([{ name: 'proj_back', aliases: ['api'] }]);
  });

  it('labels the container with project, service, number, hash and the applied spec', () => {
    const s = desiredService({ name: 'api', labels: { team: 'core' }, dependsOn: { db: 'healthy', cache: 'started' }, environment: { PASSWORD: 'hunter2' }, secretEnv: ['PASSWORD'] });
    const body = containerCreateBody(s, 'proj', 1, { version: '1.2.3', name: 'proj-api-1-tmp', env: 'prod' });
    const applied = appliedService(s);
    expect(body.name).toBe('proj-api-1-tmp');
    expect(body.Labels).toEqual({
      team: 'core',
      [LABEL.project]: 'proj',
      [LABEL.service]: 'api',
      [LABEL.number]: '1',
      [LABEL.configHash]: configHash(applied),
      [LABEL.applied]: JSON.stringify(applied),
      [LABEL.dependsOn]: 'db,cache',
      [LABEL.version]: '1.2.3',
      [LABEL.env]: 'prod',
    });
    // The secret reaches the container's environment but never its labels.
    expect(body.Env).toEqual(['PASSWORD=hunter2']);
    expect(body.Labels[LABEL.applied]).not.toContain('hunter2');
  });

  it('leaves image defaults alone for a minimal service', () => {
    const body = containerCreateBody(desiredService(), 'proj', 1);
    expect(body.name).toBe('proj-web-1');
    for (const key of ['Cmd', 'Entrypoint', 'ExposedPorts', 'Healthcheck', 'StopTimeout', 'User', 'NetworkingConfig']) expect(body).not.toHaveProperty(key);
    expect(body.HostConfig).toEqual({ RestartPolicy: { Name: 'no' }, Init: false, Privileged: false, ReadonlyRootfs: false });
    expect(body.Labels).not.toHaveProperty(LABEL.version);
  });

  it('honours containerName, clears the entrypoint with [""], and maps restart policies', () => {
    expect(containerCreateBody(desiredService({ containerName: 'fixed' }), 'p', 1).name).toBe('fixed');
    expect(containerCreateBody(desiredService({ entrypoint: [] }), 'p', 1).Entrypoint).toEqual(['']);
    const policy = (restart: string) => (containerCreateBody(desiredService({ restart }), 'p', 1).HostConfig as { RestartPolicy: unknown }).RestartPolicy;
    expect(policy('always')).toEqual({ Name: 'always' });
    expect(policy('unless-stopped')).toEqual({ Name: 'unless-stopped' });
    expect(policy('on-failure')).toEqual({ Name: 'on-failure', MaximumRetryCount: 0 });
  });

  it('maps the Compose container settings: exposed ports, runtime, DNS, namespaces, devices, tmpfs, logging, limits', () => {
    const s = desiredService({
      ports: [{ target: 80, protocol: 'tcp', hostIp: '' }],
      expose: ['8080/tcp', '9000/udp'],
      platform: 'linux/arm64',
      runtime: 'runsc',
      dns: ['1.1.1.1'],
      dnsSearch: ['example.com'],
      dnsOpt: ['ndots:1'],
      pid: 'host',
      ipc: 'shareable',
      devices: [{ source: '/dev/fuse', target: '/dev/fuse', permissions: 'rwm' }],
      securityOpt: ['no-new-privileges:true'],
      tmpfs: { '/run': 'size=64m' },
      logging: { driver: 'json-file', options: { 'max-size': '10m' } },
      pidsLimit: 100,
      memoryReservationBytes: 1024,
      networks: { proj_front: { aliases: [], ipv4Address: '10.5.0.7', linkLocalIps: ['169.254.1.1'] }, proj_back: { aliases: ['b'], ipv6Address: 'fd00::7' } },
    });
    const body = containerCreateBody(s, 'proj', 1);
    expect(body.platform).toBe('linux/arm64');
    expect(body.ExposedPorts).toEqual({ '80/tcp': {}, '8080/tcp': {}, '9000/udp': {} });
    expect(body.HostConfig).toMatchObject({
      Runtime: 'runsc',
      Dns: ['1.1.1.1'],
      DnsSearch: ['example.com'],
      DnsOptions: ['ndots:1'],
      PidMode: 'host',
      IpcMode: 'shareable',
      Devices: [{ PathOnHost: '/dev/fuse', PathInContainer: '/dev/fuse', CgroupPermissions: 'rwm' }],
      SecurityOpt: ['no-new-privileges:true'],
      Tmpfs: { '/run': 'size=64m' },
      LogConfig: { Type: 'json-file', Config: { 'max-size': '10m' } },
      PidsLimit: 100,
      MemoryReservation: 1024,
      NetworkMode: 'proj_front',
    });
    expect(body.NetworkingConfig).toEqual({ EndpointsConfig: { proj_front: { Aliases: ['web'], IPAMConfig: { IPv4Address: '10.5.0.7', LinkLocalIPs: ['169.254.1.1'] } } } });
    expect(additionalNetworks(s)).toEqual([{ name: 'proj_back', aliases: ['web', 'b'], ipam: { IPv6Address: 'fd00::7' } }]);
  });

  it('joins another service\'s namespaces through its first container, by name', () => {
    const vpn = desiredService({ name: 'vpn' });
    const named = desiredService({ name: 'db', containerName: 'the-db' });
    const app = desiredService({ name: 'app', networkMode: 'service:vpn', pid: 'service:db', ipc: 'container:other' });
    const owners = namespaceOwners(app, { vpn, db: named, app }, 'proj');
    expect(owners).toEqual({ vpn: 'proj-vpn-1', db: 'the-db' });
    const body = containerCreateBody(app, 'proj', 1, { namespaceOwners: owners });
    expect(body.HostConfig).toMatchObject({ NetworkMode: 'container:proj-vpn-1', PidMode: 'container:the-db', IpcMode: 'container:other' });
    expect(body).not.toHaveProperty('NetworkingConfig');
    expect(() => containerCreateBody(app, 'proj', 1)).toThrow(/no container known for service:vpn/);
  });

  it('changes the config hash when a field changes, but not for replicas or dependsOn', () => {
    const hash = (s: ReturnType<typeof desiredService>) => containerCreateBody(s, 'p', 1).Labels[LABEL.configHash];
    const base = hash(desiredService());
    expect(hash(desiredService({ replicas: 3, dependsOn: { db: 'started' } }))).toBe(base);
    expect(hash(desiredService({ environment: { A: '1' } }))).not.toBe(base);
  });
});

describe('networkCreateBody / volumeCreateBody', () => {
  it('maps a network with IPAM and our labels', () => {
    const n: DesiredNetwork = { key: 'back', name: 'proj_back', driver: 'bridge', driverOpts: { 'com.docker.network.bridge.enable_icc': 'true' }, internal: true, attachable: false, labels: { tier: 'db' }, external: false, ipam: { config: [{ subnet: '10.99.0.0/24', gateway: '10.99.0.1' }] } };
    expect(networkCreateBody(n, 'proj')).toEqual({
      Name: 'proj_back',
      CheckDuplicate: true,
      Driver: 'bridge',
      Options: { 'com.docker.network.bridge.enable_icc': 'true' },
      Internal: true,
      Attachable: false,
      Labels: { tier: 'db', [LABEL.project]: 'proj', [LABEL.network]: 'back', [LABEL.configHash]: configHash(appliedNetwork(n)), [LABEL.applied]: JSON.stringify(appliedNetwork(n)) },
      IPAM: { Driver: 'default', Config: [{ Subnet: '10.99.0.0/24', Gateway: '10.99.0.1' }] },
    });
  });

  it('maps a volume with our labels', () => {
    const v: DesiredVolume = { key: 'data', name: 'proj_data', driver: 'local', driverOpts: {}, labels: {}, external: false };
    expect(volumeCreateBody(v, 'proj')).toEqual({
      Name: 'proj_data',
      Driver: 'local',
      DriverOpts: {},
      Labels: { [LABEL.project]: 'proj', [LABEL.volume]: 'data', [LABEL.configHash]: configHash(appliedVolume(v)), [LABEL.applied]: JSON.stringify(appliedVolume(v)) },
    });
  });

  it('mounts the replaced container\'s anonymous volumes again, unless stack.ts mounts something else there', () => {
    const s = desiredService({ volumes: [{ type: 'volume', source: '', target: '/declared', readOnly: false }, { type: 'volume', source: 'proj_data', target: '/data', readOnly: false }] });
    const kept = [{ name: 'v1', target: '/declared' }, { name: 'v2', target: '/from-image' }, { name: 'v3', target: '/data' }];
    expect(containerCreateBody(s, 'proj', 1, { anonymousVolumes: kept }).HostConfig).toMatchObject({
      Mounts: [
        { Type: 'volume', Source: 'v1', Target: '/declared', ReadOnly: false },
        { Type: 'volume', Source: 'proj_data', Target: '/data', ReadOnly: false },
        { Type: 'volume', Source: 'v2', Target: '/from-image' },
      ],
    });
  });
});
