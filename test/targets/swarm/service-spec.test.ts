import { describe, expect, it } from 'vitest';
import { LABEL } from '../../../src/docker/labels';
import type { DesiredVolume } from '../../../src/model/desired';
import { fingerprint } from '../../../src/targets/swarm/spec/files';
import type { SwarmService } from '../../../src/targets/swarm/spec/input';
import { serviceSpec, type ServiceSpecContext } from '../../../src/targets/swarm/spec/service-spec';
import { swarmIgnored, swarmProblems } from '../../../src/targets/swarm/spec/unsupported';
import { desiredService } from '../../docker/desired-service';

const volumes: Record<string, DesiredVolume> = {
  data: { key: 'data', name: 'shop_data', driver: 'local', driverOpts: {}, labels: { backup: 'daily' }, external: false },
  nfs: { key: 'nfs', name: 'shop_nfs', driver: 'local', driverOpts: { type: 'nfs' }, labels: {}, external: false },
  shared: { key: 'shared', name: 'shared', driver: 'local', driverOpts: {}, labels: {}, external: true },
};

function ctx(extra: Partial<ServiceSpecContext> = {}): ServiceSpecContext {
  return { project: 'shop', image: 'reg.example/web:1@sha256:abc', volumes, clusterKey: 'cluster-id', objectIds: {}, stored: { configHash: 'h1', applied: '{}', dependsOn: '' }, ...extra };
}

function svc(extra: Partial<SwarmService> = {}): SwarmService {
  return { ...desiredService({ name: 'web', image: 'reg.example/web:1' }), restart: undefined, ...extra };
}

describe('serviceSpec: a resolved service → the swarm ServiceSpec docker stack deploy makes', () => {
  it('names and labels it as a stack service, and leaves swarm its defaults for everything stack.ts does not set', () => {
    expect(serviceSpec(svc(), ctx())).toEqual({
      Name: 'shop_web',
      Labels: {
        'com.docker.stack.namespace': 'shop',
        'com.docker.stack.image': 'reg.example/web:1',
        [LABEL.project]: 'shop',
        [LABEL.service]: 'web',
        [LABEL.configHash]: 'h1',
        [LABEL.applied]: '{}',
        [LABEL.dependsOn]: '',
      },
      TaskTemplate: { ContainerSpec: { Image: 'reg.example/web:1@sha256:abc', Labels: { 'com.docker.stack.namespace': 'shop', [LABEL.project]: 'shop', [LABEL.service]: 'web' } } },
      Mode: { Replicated: { Replicas: 1 } },
    });
  });

  it('maps the container keys with swarm\'s names and units: entrypoint is Command, command is Args, durations in ns, hosts as "ip name"', () => {
    const spec = serviceSpec(svc({
      command: ['serve', '--port', '80'],
      entrypoint: ['/entry'],
      environment: { B: 'two', A: '1' },
      healthcheck: { test: ['CMD', 'true'], intervalMs: 1500, timeoutMs: 1000, retries: 3, startPeriodMs: 500 },
      user: '1000:1000',
      workingDir: '/app',
      init: true,
      stopSignal: 'SIGINT',
      stopGracePeriodMs: 2500,
      labels: { team: 'core' },
      extraHosts: ['db.local:10.0.0.5', 'v6:fe80::1'],
      hostname: 'web-host',
      tty: true,
      stdinOpen: true,
      readOnly: true,
      capAdd: ['NET_ADMIN'],
      capDrop: ['ALL'],
      ulimits: { nproc: { soft: 10, hard: 20 }, nofile: { soft: 1024, hard: 2048 } },
      sysctls: { 'net.core.somaxconn': '1024' },
      dns: ['1.1.1.1'],
      dnsSearch: ['example.org'],
    }), ctx()).TaskTemplate.ContainerSpec;
    expect(spec).toEqual({
      Image: 'reg.example/web:1@sha256:abc',
      Labels: { team: 'core', 'com.docker.stack.namespace': 'shop', [LABEL.project]: 'shop', [LABEL.service]: 'web' },
      Command: ['/entry'],
      Args: ['serve', '--port', '80'],
      Hostname: 'web-host',
      Env: ['A=1', 'B=two'],
      Dir: '/app',
      User: '1000:1000',
      TTY: true,
      OpenStdin: true,
      ReadOnly: true,
      StopSignal: 'SIGINT',
      StopGracePeriod: 2_500_000_000,
      Healthcheck: { Test: ['CMD', 'true'], Interval: 1_500_000_000, Timeout: 1_000_000_000, Retries: 3, StartPeriod: 500_000_000 },
      Hosts: ['10.0.0.5 db.local', 'fe80::1 v6'],
      DNSConfig: { Nameservers: ['1.1.1.1'], Search: ['example.org'] },
      Init: true,
      Sysctls: { 'net.core.somaxconn': '1024' },
      CapabilityAdd: ['NET_ADMIN'],
      CapabilityDrop: ['ALL'],
      Ulimits: [{ Name: 'nofile', Soft: 1024, Hard: 2048 }, { Name: 'nproc', Soft: 10, Hard: 20 }],
    });
  });

  it('an empty entrypoint clears the image\'s, as in Compose', () => {
    expect(serviceSpec(svc({ entrypoint: [] }), ctx()).TaskTemplate.ContainerSpec.Command).toEqual(['']);
  });

  it('maps deploy: replicas, placement, resources, restart policy, update and rollback config, labels on the service', () => {
    const spec = serviceSpec(svc({
      replicas: 2,
      nanoCpus: 500_000_000,
      memoryBytes: 64 * 1024 * 1024,
      pidsLimit: 100,
      memoryReservationBytes: 16 * 1024 * 1024,
      deploy: {
        replicas: 2,
        labels: { tier: 'front' },
        placement: { constraints: ['node.role==worker'], preferences: [{ spread: 'node.id' }], maxReplicasPerNode: 1 },
        resources: { reservations: { nanoCpus: 250_000_000 } },
        restartPolicy: { condition: 'on-failure', delayMs: 5000, maxAttempts: 3, windowMs: 60_000 },
        updateConfig: { parallelism: 2, delayMs: 1000, failureAction: 'rollback', monitorMs: 5000, maxFailureRatio: 0.5, order: 'start-first' },
        rollbackConfig: { order: 'stop-first' },
      },
    }), ctx());
    expect(spec.Mode).toEqual({ Replicated: { Replicas: 2 } });
    expect(spec.Labels.tier).toBe('front');
    expect(spec.TaskTemplate.ContainerSpec.Labels.tier).toBeUndefined();
    expect(spec.TaskTemplate.Placement).toEqual({ Constraints: ['node.role==worker'], Preferences: [{ Spread: { SpreadDescriptor: 'node.id' } }], MaxReplicas: 1 });
    expect(spec.TaskTemplate.Resources).toEqual({ Limits: { NanoCPUs: 500_000_000, MemoryBytes: 64 * 1024 * 1024, Pids: 100 }, Reservations: { NanoCPUs: 250_000_000, MemoryBytes: 16 * 1024 * 1024 } });
    expect(spec.TaskTemplate.RestartPolicy).toEqual({ Condition: 'on-failure', Delay: 5e9, MaxAttempts: 3, Window: 60e9 });
    expect(spec.UpdateConfig).toEqual({ Parallelism: 2, Delay: 1e9, FailureAction: 'rollback', Monitor: 5e9, MaxFailureRatio: 0.5, Order: 'start-first' });
    // Parallelism 1 when not given, as docker stack deploy sends it.
    expect(spec.RollbackConfig).toEqual({ Parallelism: 1, Order: 'stop-first' });
  });

  it('mode global runs one task per node and sends no replica count', () => {
    expect(serviceSpec(svc({ deploy: { mode: 'global' } }), ctx()).Mode).toEqual({ Global: {} });
  });

  it('restart maps like docker stack deploy (always → any, on-failure:N → N attempts); unset is left to swarm; "no" means none', () => {
    const policy = (restart?: string) => serviceSpec(svc({ restart }), ctx()).TaskTemplate.RestartPolicy;
    expect(policy(undefined)).toBeUndefined();
    expect(policy('always')).toEqual({ Condition: 'any' });
    expect(policy('unless-stopped')).toEqual({ Condition: 'any' });
    expect(policy('on-failure')).toEqual({ Condition: 'on-failure' });
    expect(policy('on-failure:4')).toEqual({ Condition: 'on-failure', MaxAttempts: 4 });
    expect(policy('no')).toEqual({ Condition: 'none' });
  });

  it('publishes ports through the routing mesh unless mode host is asked for, sorted, with the endpoint mode', () => {
    const spec = serviceSpec(svc({
      ports: [
        { target: 8080, published: '9090', protocol: 'tcp', hostIp: '', mode: 'host' },
        { target: 53, protocol: 'udp', hostIp: '' },
        { target: 80, published: '8000', protocol: 'tcp', hostIp: '' },
      ],
      deploy: { endpointMode: 'dnsrr' },
    }), ctx());
    expect(spec.EndpointSpec).toEqual({
      Mode: 'dnsrr',
      Ports: [
        { Protocol: 'udp', TargetPort: 53, PublishMode: 'ingress' },
        { Protocol: 'tcp', TargetPort: 80, PublishedPort: 8000, PublishMode: 'ingress' },
        { Protocol: 'tcp', TargetPort: 8080, PublishedPort: 9090, PublishMode: 'host' },
      ],
    });
    expect(serviceSpec(svc(), ctx()).EndpointSpec).toBeUndefined();
  });

  it('mounts named volumes with the stack\'s labels and driver (each node makes its own), binds and tmpfs as they are', () => {
    const spec = serviceSpec(svc({
      volumes: [
        { type: 'volume', source: 'shop_data', target: '/data', readOnly: false },
        { type: 'volume', source: 'shop_nfs', target: '/nfs', readOnly: true },
        { type: 'volume', source: 'shared', target: '/shared', readOnly: false },
        { type: 'volume', source: '', target: '/cache', readOnly: false },
        { type: 'bind', source: '/srv/conf', target: '/conf', readOnly: true },
        { type: 'tmpfs', source: '', target: '/tmp', readOnly: false, tmpfsSize: 1024 },
      ],
      tmpfs: { '/run': 'size=64m,mode=1777' },
    }), ctx());
    expect(spec.TaskTemplate.ContainerSpec.Mounts).toEqual([
      { Type: 'volume', Source: 'shop_data', Target: '/data', VolumeOptions: { Labels: { backup: 'daily', 'com.docker.stack.namespace': 'shop', [LABEL.project]: 'shop', [LABEL.volume]: 'data' } } },
      { Type: 'volume', Source: 'shop_nfs', Target: '/nfs', ReadOnly: true, VolumeOptions: { Labels: { 'com.docker.stack.namespace': 'shop', [LABEL.project]: 'shop', [LABEL.volume]: 'nfs' }, DriverConfig: { Name: 'local', Options: { type: 'nfs' } } } },
      { Type: 'volume', Source: 'shared', Target: '/shared' },
      { Type: 'volume', Target: '/cache' },
      { Type: 'bind', Source: '/srv/conf', Target: '/conf', ReadOnly: true },
      { Type: 'tmpfs', Target: '/tmp', TmpfsOptions: { SizeBytes: 1024 } },
      { Type: 'tmpfs', Target: '/run', TmpfsOptions: { SizeBytes: 64 * 1024 * 1024 } },
    ]);
  });

  it('joins its networks sorted by name, with the service name as an alias', () => {
    const spec = serviceSpec(svc({ networks: { shop_front: { aliases: ['www'] }, shop_back: { aliases: [] } } }), ctx());
    expect(spec.TaskTemplate.Networks).toEqual([{ Target: 'shop_back', Aliases: ['web'] }, { Target: 'shop_front', Aliases: ['www', 'web'] }]);
  });

  it('references secrets and configs by versioned object name and ID; a secret\'s version is keyed by the cluster, a config\'s is its content hash', () => {
    const pw = `shop_db_pw.${fingerprint('secret', 'hunter2', 'cluster-id')}`;
    const conf = `shop_app_conf.${fingerprint('config', 'a=1', 'cluster-id')}`;
    const spec = serviceSpec(svc({
      secrets: [{ name: 'db_pw', target: '/run/secrets/db_pw', mode: 0o400, uid: 1000, gid: 0, value: 'hunter2' }],
      configs: [{ name: 'app_conf', target: '/etc/app.conf', mode: 0o444, uid: 0, gid: 0, content: 'a=1', source: { kind: 'content' } }],
    }), ctx({ objectIds: { [pw]: 'sid', [conf]: 'cid' } }));
    expect(spec.TaskTemplate.ContainerSpec.Secrets).toEqual([{ File: { Name: 'db_pw', UID: '1000', GID: '0', Mode: 0o400 }, SecretID: 'sid', SecretName: pw }]);
    expect(spec.TaskTemplate.ContainerSpec.Configs).toEqual([{ File: { Name: '/etc/app.conf', UID: '0', GID: '0', Mode: 0o444 }, ConfigID: 'cid', ConfigName: conf }]);
    expect(JSON.stringify(spec)).not.toContain('hunter2');
    // The secret's version is not a plain hash of the value (a short password's could be brute-forced).
    expect(fingerprint('secret', 'hunter2', 'cluster-id')).not.toBe(fingerprint('secret', 'hunter2', 'another-cluster'));
    expect(fingerprint('config', 'a=1', 'x')).toBe(fingerprint('config', 'a=1', 'y'));
  });
});

describe('what swarm cannot do', () => {
  it('notes the container-only keys it ignores, as docker stack deploy does', () => {
    expect(swarmIgnored(svc({ containerName: 'fixed', privileged: true, shmSize: 1024 }))).toEqual([
      'services.web.containerName is ignored on swarm (tasks are named by swarm (<stack>_<service>.<slot>.<task id>))',
      'services.web.privileged is ignored on swarm (swarm services cannot run privileged)',
      'services.web.shmSize is ignored on swarm (swarm services have no shm size; mount a tmpfs at /dev/shm instead)',
    ]);
    expect(swarmIgnored(svc())).toEqual([]);
  });

  it('refuses what would change exposure or the image: a host address, a host port range, a built image no node can pull', () => {
    const problems = swarmProblems(svc({
      image: 'shop-web',
      build: { context: '/src', dockerfile: 'Dockerfile', args: {} },
      ports: [{ target: 80, published: '8080', protocol: 'tcp', hostIp: '127.0.0.1' }, { target: 81, published: '9000-9010', protocol: 'tcp', hostIp: '' }],
    }));
    expect(problems.map((p) => p.path)).toEqual(['services.web.image', 'services.web.ports[0]', 'services.web.ports[1]']);
    expect(problems[0].hint).toContain('registry');
  });
});
