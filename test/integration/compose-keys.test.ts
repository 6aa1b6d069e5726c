/**
 * The Compose keys of issue 16 against the real daemon: each one reaches the container (inspect, and a look from
 * inside), `plan` right after `up` has nothing to do, and a change is a recreate with the field shown. The keys are
 * grouped into a few stacks so the suite stays fast.
 */
import Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { runStack } from '../helpers/run-stack.mjs';
import { foldersForFile } from '../helpers/folders';
import { inContainer } from '../helpers/in-container';
import { projectContainers, projectsForFile } from '../helpers/project';
import { TEST_IMAGE } from '../helpers/test-image';

const docker = new Docker();
const project = projectsForFile();
const folder = foldersForFile('stackfile-it-compose');

// Subnets of their own, so parallel runs and other stacks on this daemon do not overlap.
const octet = () => 16 + Math.floor(Math.random() * 224);
const [back, front] = [`10.213.${octet()}`, `10.214.${octet()}`];
const v6 = `fd00:5f:${octet().toString(16)}`;

const keysStack = (name: string, dns: string) => `import { defineStack, secret } from 'stackfile';
export default defineStack({
  name: '${name}',
  'x-defaults': { note: 'extension keys are ignored' },
  secrets: { pw: secret('PW') },
  configs: { motd: { file: './motd.txt' }, app: { content: 'mode=fast\\n' } },
  services: {
    a: {
      'x-owner': 'team',
      image: '${TEST_IMAGE}',
      init: true,
      command: ['sleep', '3600'],
      expose: ['8080', '9000/udp'],
      platform: 'linux/amd64',
      runtime: 'io.containerd.runc.v2',
      dns: '${dns}',
      dnsSearch: ['example.test'],
      dnsOpt: ['ndots:1'],
      ipc: 'shareable',
      devices: ['/dev/null:/dev/mynull:rw'],
      securityOpt: ['no-new-privileges:true'],
      tmpfs: ['/scratch:size=1m'],
      logging: { driver: 'json-file', options: { 'max-size': '1m', 'max-file': '2' } },
      labels: ['team=core', 'tier=backend', 'com.example.marker'],
      extraHosts: ['myhost:10.1.2.3'],
      deploy: {
        resources: { limits: { cpus: 0.5, memory: '64m', pids: 64 }, reservations: { memory: '32m' } },
        restartPolicy: { condition: 'on-failure', maxAttempts: 3 },
        placement: { constraints: ['node.role == manager'] },
      },
      secrets: ['pw'],
      configs: ['motd', { source: 'app', target: '/etc/app.conf', mode: 0o400 }],
      networks: { back: { ipv4Address: '${back}.10', aliases: ['alpha'], linkLocalIps: ['169.254.9.9'] }, front: { priority: 10 }, v6: { ipv6Address: '${v6}::10' } },
    },
    b: { image: '${TEST_IMAGE}', init: true, command: ['sleep', '3600'], networkMode: 'service:a', pid: 'service:a' },
    c: { image: '${TEST_IMAGE}', init: true, command: ['sleep', '3600'], networkMode: 'none', pid: 'host' },
    f: { image: '${TEST_IMAGE}', init: true, command: ['sleep', '3600'], networkMode: 'bridge' },
    d: { image: '${TEST_IMAGE}', init: true, command: ['sleep', '3600'], networkMode: 'host', ipc: 'service:a' },
    e: { image: '${TEST_IMAGE}', init: true, command: ['sleep', '3600'], deploy: { replicas: 2, restartPolicy: { condition: 'any' } } },
  },
  networks: {
    back: { ipam: { config: [{ subnet: '${back}.0/24' }] } },
    front: { ipam: { config: [{ subnet: '${front}.0/24' }] } },
    v6: { enableIpv6: true, ipam: { config: [{ subnet: '${v6}::/64' }] } },
  },
});
`;

describe('Compose keys on the real daemon', () => {
  it('reach the containers, plan nothing right after up, and recreate a shared-network service with its owner', async () => {
    const name = project('it-keys');
    const dir = folder({ 'stack.ts': keysStack(name, '1.1.1.1'), 'motd.txt': 'hello from a config\n' });
    const env = { PW: 'pw-value-42' };
    const up = runStack(['up'], { cwd: dir, env });
    expect(up.code, up.stdout + up.stderr).toBe(0);

    const a = await docker.getContainer(`${name}-a-1`).inspect();
    expect(Object.keys(a.Config.ExposedPorts ?? {}).sort()).toEqual(['8080/tcp', '9000/udp']);
    expect(a.Config.Labels).toMatchObject({ team: 'core', tier: 'backend', 'com.example.marker': '' });
    expect(a.Config.Labels).not.toHaveProperty('x-owner');
    const h = a.HostConfig as Record<string, unknown>;
    expect(h).toMatchObject({
      Runtime: 'io.containerd.runc.v2',
      Dns: ['1.1.1.1'],
      DnsSearch: ['example.test'],
      DnsOptions: ['ndots:1'],
      IpcMode: 'shareable',
      Devices: [{ PathOnHost: '/dev/null', PathInContainer: '/dev/mynull', CgroupPermissions: 'rw' }],
      SecurityOpt: ['no-new-privileges:true'],
      Tmpfs: { '/scratch': 'size=1m' },
      LogConfig: { Type: 'json-file', Config: { 'max-size': '1m', 'max-file': '2' } },
      ExtraHosts: ['myhost:10.1.2.3'],
      NanoCpus: 500_000_000,
      Memory: 64 * 1024 ** 2,
      MemoryReservation: 32 * 1024 ** 2,
      PidsLimit: 64,
      RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 3 },
      // The highest-priority network is the one the container is created on.
      NetworkMode: `${name}_front`,
    });
    expect(a.NetworkSettings.Networks[`${name}_back`]).toMatchObject({ IPAddress: `${back}.10`, IPAMConfig: { IPv4Address: `${back}.10`, LinkLocalIPs: ['169.254.9.9'] } });
    expect(a.NetworkSettings.Networks[`${name}_back`].Aliases).toEqual(expect.arrayContaining(['a', 'alpha']));
    expect(a.NetworkSettings.Networks[`${name}_v6`]).toMatchObject({ GlobalIPv6Address: `${v6}::10` });
    expect((await docker.getNetwork(`${name}_v6`).inspect()).EnableIPv6).toBe(true);

    const inside = await inContainer(`${name}-a-1`, ['sh', '-c', 'cat /run/secrets/pw; echo; cat /motd; stat -c %a /etc/app.conf; cat /etc/app.conf; cat /etc/resolv.conf; grep NoNewPrivs /proc/self/status; test -c /dev/mynull && echo device; mount | grep " /scratch "']);
    expect(inside).toContain('pw-value-42');
    expect(inside).toContain('hello from a config');
    expect(inside).toMatch(/^400$/m);
    expect(inside).toContain('mode=fast');
    expect(inside).toMatch(/search example\.test/);
    expect(inside).toMatch(/options ndots:1/);
    expect(inside).toMatch(/NoNewPrivs:\s+1/);
    expect(inside).toMatch(/^device$/m);
    expect(inside).toMatch(/tmpfs on \/scratch .*size=1024k/);

    // b runs in a's network and PID namespaces; c has no network and the host's PIDs; d the host's network and a's
    // IPC namespace; f is on Docker's default bridge.
    const b = await docker.getContainer(`${name}-b-1`).inspect();
    expect(b.HostConfig.NetworkMode).toBe(`container:${a.Id}`);
    expect((b.HostConfig as { PidMode?: string }).PidMode).toBe(`container:${a.Id}`);
    expect(await inContainer(`${name}-b-1`, ['ip', 'addr'])).toContain(`${back}.10/24`);
    expect(await inContainer(`${name}-b-1`, ['ps'])).toMatch(/sleep 3600[\s\S]*sleep 3600/);
    const c = await docker.getContainer(`${name}-c-1`).inspect();
    expect(c.HostConfig.NetworkMode).toBe('none');
    expect((c.HostConfig as { PidMode?: string }).PidMode).toBe('host');
    expect((await docker.getContainer(`${name}-f-1`).inspect()).NetworkSettings.Networks).toHaveProperty('bridge');
    expect(await inContainer(`${name}-c-1`, ['ip', 'addr'])).not.toMatch(/eth0/);
    const d = await docker.getContainer(`${name}-d-1`).inspect();
    expect(d.HostConfig.NetworkMode).toBe('host');
    expect((d.HostConfig as { IpcMode?: string }).IpcMode).toBe(`container:${a.Id}`);
    const e = (await projectContainers(name)).filter((x) => x.Labels['io.stackfile.service'] === 'e');
    expect(e).toHaveLength(2);
    expect((await docker.getContainer(e[0].Id).inspect()).HostConfig.RestartPolicy?.Name).toBe('always');

    const noChanges = runStack(['plan'], { cwd: dir, env });
    expect(noChanges.code, noChanges.stdout).toBe(0);
    const config = runStack(['config'], { cwd: dir, env });
    expect(config.code, config.stderr).toBe(0);
    expect(config.stderr).toContain('note: services.a.deploy.placement is ignored on a single host (applies on Swarm)');
    expect(config.stdout).not.toContain('pw-value-42');

    // A changed key is a recreate that names the field, and b follows its network's owner.
    const changed = folder({ 'stack.ts': keysStack(name, '9.9.9.9'), 'motd.txt': 'hello from a config\n' });
    const p = runStack(['plan', '-f', changed, '-p', name], { env });
    expect(p.code).toBe(2);
    expect(p.stdout).toMatch(/recreate\s+container .*-a-1\s+\(config changed\)/);
    expect(p.stdout).toMatch(/dns: \["1\.1\.1\.1"\] .*→.* \["9\.9\.9\.9"\]/);
    expect(p.stdout).toMatch(/recreate\s+container .*-b-1\s+\(shares the namespace of .*-a-1, which is recreated\)/);
    expect(p.stdout).toMatch(/recreate\s+container .*-d-1\s+\(shares the namespace/);
    const again = runStack(['up', '-f', changed, '-p', name], { env });
    expect(again.code, again.stdout + again.stderr).toBe(0);
    const a2 = await docker.getContainer(`${name}-a-1`).inspect();
    expect((await docker.getContainer(`${name}-b-1`).inspect()).HostConfig.NetworkMode).toBe(`container:${a2.Id}`);
    expect(await inContainer(`${name}-b-1`, ['ip', 'addr'])).toContain(`${back}.10/24`);
    expect(runStack(['plan', '-f', changed, '-p', name], { env }).code).toBe(0);
  });

  it('builds with list-form args, labels, extra hosts, a build network and cache sources', async () => {
    const name = project('it-build');
    const dir = folder({
      'stack.ts': `import { defineStack } from 'stackfile';
export default defineStack({
  name: '${name}',
  services: {
    app: {
      build: { context: './app', args: ['GREETING=hello', 'FROM_VARS'], labels: ['org.example.team=core'], extraHosts: ['buildhost:10.9.8.7'], network: 'host', cacheFrom: ['${TEST_IMAGE}'] },
      init: true,
      command: ['sleep', '3600'],
    },
  },
});
`,
      'app/Dockerfile': `FROM ${TEST_IMAGE}\nARG GREETING\nARG FROM_VARS\nRUN echo "$GREETING $FROM_VARS" > /args && (grep buildhost /etc/hosts || true) > /hosts\n`,
    });
    const up = runStack(['up'], { cwd: dir, env: { FROM_VARS: 'world' } });
    expect(up.code, up.stdout + up.stderr).toBe(0);
    expect(await inContainer(`${name}-app-1`, ['cat', '/args'])).toBe('hello world\n');
    expect(await inContainer(`${name}-app-1`, ['cat', '/hosts'])).toMatch(/10\.9\.8\.7\s+buildhost/);
    const image = await docker.getImage(`${name}-app`).inspect();
    expect(image.Config.Labels).toMatchObject({ 'org.example.team': 'core' });
    await docker.getImage(`${name}-app`).remove({ force: true }).catch(() => undefined);
  });

  it('sends the platform: an image of another platform is refused with the daemon\'s reason', () => {
    const name = project('it-platform');
    const dir = folder({ 'stack.ts': `import { defineStack } from 'stackfile';\nexport default defineStack({ name: '${name}', services: { a: { image: '${TEST_IMAGE}', platform: 'linux/arm64', command: ['true'] } } });\n` });
    const up = runStack(['up'], { cwd: dir });
    expect(up.code).toBe(1);
    expect(up.stdout + up.stderr).toMatch(/does not match the specified platform: wanted linux\/arm64/);
  });
});
