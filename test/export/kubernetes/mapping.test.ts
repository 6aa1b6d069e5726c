/** The mapping, concern by concern: what each stack.ts key becomes, and what is warned or refused. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { validateObjects } from './validate-objects';
import { secret } from '../../../src/model/secret';
import { escapeExpansion } from '../../../src/export/kubernetes/expansion';
import { exported, IMAGE } from './helpers';

/** How a wait completes a name with the pod's own search domain (NS.svc.CLUSTER-DOMAIN), whatever the cluster domain. */
const SEARCH_DOMAIN = "`sed -n 's/^search \\([^ ]*\\).*/\\1/p' /etc/resolv.conf`";

describe('workloads', () => {
  test("one Docker engine's rules do not stop an export: replicas behind one published port, files in a read-only container", () => {
    const stack = { services: { api: { image: IMAGE, replicas: 3, ports: ['8000:8000'], readOnly: true, configs: ['conf'] } }, configs: { conf: { content: 'a = 1\n' } } };
    const out = exported(stack);
    expect(out.errors).toEqual([]);
    expect(out.get('Deployment', 'api').spec.replicas).toBe(3);
    expect(out.get('Service', 'api').spec).toMatchObject({ type: 'LoadBalancer', ports: [{ port: 8000, targetPort: 8000 }] });
    expect(out.container('api').securityContext).toEqual({ readOnlyRootFilesystem: true });
    // The same stack, checked for Docker, is two problems.
    expect(() => exported(stack, {}, { exportTo: undefined })).toThrow(/^2 problems:(?=[\s\S]*host port 8000 cannot be published by 3 replicas)(?=[\s\S]*config files cannot be copied into a container with readOnly: true)/);
  });

  test('restart: on-failure on a Deployment is warned (its pods would rerun a one-shot for ever); a Job\'s restart warning says what is written', () => {
    const out = exported({ services: { report: { image: IMAGE, restart: 'on-failure:2' }, seed: { image: IMAGE, restart: 'always' }, app: { image: IMAGE, dependsOn: { seed: 'completed' } } } });
    const warning = (path: string) => out.warnings.find((w) => w.path === path);
    expect(warning('services.report.restart')).toMatchObject({ message: expect.stringContaining('becomes a Deployment, whose pods are restarted whenever they exit, even with status 0'), hint: expect.stringContaining("dependsOn: { report: 'completed' }, or set deploy.restartPolicy.condition: 'none'") });
    expect(warning('services.seed.restart')?.message).toContain('"always" becomes restartPolicy OnFailure with backoffLimit 6');
    expect(out.get('Job', 'seed').spec).toMatchObject({ backoffLimit: 6, template: { spec: { restartPolicy: 'OnFailure' } } });
    expect(exported({ services: { api: { image: IMAGE }, web: { image: IMAGE, restart: 'always' } } }).warnings).toEqual([]);
  });

  test("restart: 'no' written on a service nothing waits for → a Job run once (Never, backoffLimit 0), with no Service; the default 'no' stays a Deployment", () => {
    const out = exported({ services: { seed: { image: IMAGE, command: ['./seed'], restart: 'no' }, worker: { image: IMAGE, command: ['./work'] } } });
    expect(out.kinds()).toEqual(['Namespace/app', 'Service/worker', 'Deployment/worker', 'Job/seed']);
    const job = out.get('Job', 'seed');
    expect(job.spec.backoffLimit).toBe(0);
    expect(job.spec.completions).toBeUndefined();
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
    expect(out.manifests.find((m) => m.object.kind === 'Job')?.comment).toMatch(/^seed runs to completion: restart: 'no' runs it once, and it has no ports, no healthcheck and no dependant that waits for it to start\./);
    expect(out.warnings).toEqual([]);
    expect(validateObjects(out.manifests.map((m) => m.object))).toEqual([]);
  });

  test("restart: 'no' with replicas runs each replica once: a Job with that many completions at once; replicas 0 suspends it", () => {
    const job = exported({ services: { load: { image: IMAGE, restart: 'no', replicas: 3 } } }).get('Job', 'load');
    expect(job.spec).toMatchObject({ backoffLimit: 0, completions: 3, parallelism: 3, template: { spec: { restartPolicy: 'Never' } } });
    expect(exported({ services: { load: { image: IMAGE, restart: 'no', replicas: 0 } } }).get('Job', 'load').spec.suspend).toBe(true);
  });

  test("restart: 'no' set by an env overlay makes the Job; an overlay that removes it (null) leaves the Deployment", () => {
    const stack = { services: { seed: { image: IMAGE } }, envs: { prod: { services: { seed: { restart: 'no' } } } } };
    expect(exported(stack).has('Deployment', 'seed')).toBe(true);
    expect(exported(stack, {}, { env: 'prod' }).has('Job', 'seed')).toBe(true);
    const removed = { services: { seed: { image: IMAGE, restart: 'no' } }, envs: { dev: { services: { seed: { restart: null } } } } };
    expect(exported(removed).has('Job', 'seed')).toBe(true);
    expect(exported(removed, {}, { env: 'dev' }).has('Deployment', 'seed')).toBe(true);
  });

  test("restart: 'no' on a service that looks long-running stays a Deployment (or DaemonSet), warned with why and how to choose", () => {
    const out = exported({
      services: {
        dev: { image: IMAGE, restart: 'no', ports: ['3000:3000'] },
        checked: { image: IMAGE, restart: 'no', healthcheck: { test: ['CMD', 'true'] } },
        server: { image: IMAGE, restart: 'no' },
        cache: { image: IMAGE, restart: 'no' },
        agent: { image: IMAGE, restart: 'no', deploy: { mode: 'global' } },
        app: { image: IMAGE, dependsOn: { server: 'started', cache: 'healthy' } },
      },
    });
    expect(['dev', 'checked', 'server', 'cache', 'app'].every((n) => out.has('Deployment', n))).toBe(true);
    expect(out.has('DaemonSet', 'agent')).toBe(true);
    expect(out.kinds().some((k) => k.startsWith('Job/'))).toBe(false);
    // The wait on server is kept: a Deployment can be waited for, a Job could not.
    expect(out.pod('app').initContainers.map((c: { name: string }) => c.name)).toEqual(['wait-for-server', 'wait-for-cache']);
    const warning = (name: string) => out.warnings.find((w) => w.path === `services.${name}.restart`);
    expect(warning('dev')).toEqual({ path: 'services.dev.restart', message: '"no" cannot be kept: dev is not made a Job, since it has ports, so something connects to it, and Kubernetes restarts its pods whenever they exit, even with status 0', hint: "if dev runs once, drop its ports to make it a Job; if it runs until stopped, drop restart: 'no'" });
    expect(warning('checked')?.message).toContain('since it has a healthcheck, so it runs long enough to be checked');
    expect(warning('server')).toMatchObject({ message: expect.stringContaining('since app waits for it to be started, which cannot be waited for on a Job'), hint: expect.stringContaining("have app wait for it with dependsOn: { server: 'completed' }") });
    expect(warning('cache')?.message).toContain('since app waits for it to be healthy');
    expect(warning('agent')).toMatchObject({ message: expect.stringContaining('since deploy.mode: global runs it on every node'), hint: expect.stringContaining('drop deploy.mode: global') });
    expect(validateObjects(out.manifests.map((m) => m.object))).toEqual([]);
  });

  test("a Job made by deploy.restartPolicy.condition: none says so where a started wait on it is dropped", () => {
    const out = exported({ services: { once: { image: IMAGE, deploy: { restartPolicy: { condition: 'none' } } }, app: { image: IMAGE, dependsOn: ['once'] } } });
    expect(out.warnings).toEqual([expect.objectContaining({ path: 'services.app.dependsOn.once', message: '"started" cannot be waited for on a Job (once is one, since Swarm would not restart it (deploy.restartPolicy.condition: none)): app starts without waiting' })]);
  });

  test('a service is a Deployment with its replicas, selected by the recommended labels', () => {
    const out = exported({ services: { api: { image: IMAGE, replicas: 3 } } });
    const d = out.get('Deployment', 'api');
    expect(d.metadata.namespace).toBe('app');
    expect(d.spec.replicas).toBe(3);
    expect(d.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'app' });
    expect(d.spec.template.metadata.labels).toEqual({ 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'app', 'app.kubernetes.io/managed-by': 'stackfile' });
    expect(out.get('Namespace', 'app').metadata.labels['app.kubernetes.io/instance']).toBe('app');
  });

  test('--namespace puts everything in an existing namespace, and writes no Namespace', () => {
    const out = exported({ services: { api: { image: IMAGE } } }, { namespace: 'team-a' });
    expect(out.kinds()).toEqual(['Service/api', 'Deployment/api']);
    expect(out.get('Deployment', 'api').metadata.namespace).toBe('team-a');
    expect(exported({ services: { api: { image: IMAGE } } }, { namespace: 'Team_A' }).errors).toEqual([expect.objectContaining({ path: '--namespace' })]);
  });

  test('entrypoint → command, command → args, with $( and $$ kept literal as Docker keeps them', () => {
    const c = exported({ services: { s: { image: IMAGE, entrypoint: ['tini', '--'], command: ['sh', '-c', 'echo $(date) $$ $(HOME)'] } } }).container('s');
    expect(c.command).toEqual(['tini', '--']);
    expect(c.args).toEqual(['sh', '-c', 'echo $$(date) $$$ $$(HOME)']);
    expect(escapeExpansion('a $b $$ $(c)')).toBe('a $b $$$ $$(c)');
  });

  test('resources → limits; user → runAsUser/runAsGroup; readOnly, capabilities, privileged → securityContext', () => {
    const c = exported({ services: { s: { image: IMAGE, resources: { cpus: 1.5, memory: '512m' }, user: '1000:2000', readOnly: true, capAdd: ['CAP_NET_ADMIN'], capDrop: ['all'] } } }).container('s');
    expect(c.resources).toEqual({ limits: { cpu: '1500m', memory: '512Mi' } });
    expect(c.securityContext).toEqual({ runAsUser: 1000, runAsGroup: 2000, readOnlyRootFilesystem: true, capabilities: { add: ['NET_ADMIN'], drop: ['ALL'] } });
    const named = exported({ services: { s: { image: IMAGE, user: 'node', privileged: true } } });
    expect(named.container('s').securityContext).toEqual({ privileged: true });
    expect(named.warningPaths()).toEqual(['services.s.privileged', 'services.s.user']);
  });

  test('pod-level keys: init → shared process namespace, stop grace period, hostname, extraHosts, sysctls; no service links, no API token', () => {
    const pod = exported({ services: { s: { image: IMAGE, init: true, stopGracePeriod: '45s', hostname: 'box', extraHosts: ['a:10.0.0.1', 'b:10.0.0.1'], sysctls: { 'net.ipv4.tcp_syncookies': 1 } } } }).pod('s');
    expect(pod).toMatchObject({ shareProcessNamespace: true, terminationGracePeriodSeconds: 45, hostname: 'box', hostAliases: [{ ip: '10.0.0.1', hostnames: ['a', 'b'] }], securityContext: { sysctls: [{ name: 'net.ipv4.tcp_syncookies', value: '1' }] } });
    expect(pod.enableServiceLinks).toBe(false);
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  test('Compose links and dependsOn restart are warned; a dependency with required: false is not waited for', () => {
    const out = exported({ services: { db: { image: IMAGE, ports: ['5432:5432'] }, cache: { image: IMAGE, ports: ['6379:6379'] }, api: { image: IMAGE, links: ['db:database', 'cache'], dependsOn: { db: { condition: 'started', restart: true }, cache: { condition: 'started', required: false } } } } });
    expect(out.warningPaths().sort()).toEqual(['services.api.dependsOn.cache', 'services.api.dependsOn.db.restart', 'services.api.links[0]']);
    expect(out.warnings.find((w) => w.path === 'services.api.links[0]')?.message).toMatch(/alias "database" is dropped.*by its Service name, db/);
    expect((out.pod('api').initContainers ?? []).map((c: { name: string }) => c.name)).toEqual(['wait-for-db']);
  });

  test('keys with no Kubernetes meaning are warned with their path', () => {
    const out = exported({ services: { s: { image: IMAGE, containerName: 'x', ulimits: { nofile: 1024 }, stopSignal: 'SIGINT', sysctls: { 'net.core.somaxconn': 1 }, extraHosts: ['h:host-gateway'] } } });
    expect(out.warningPaths().sort()).toEqual(['services.s.containerName', 'services.s.extraHosts[0]', 'services.s.stopSignal', 'services.s.sysctls.net.core.somaxconn', 'services.s.ulimits']);
    expect(out.pod('s').hostAliases).toBeUndefined();
  });

  test('a built image is warned: no node can pull the local tag', () => {
    const out = exported({ services: { api: { build: './api' } } });
    expect(out.container('api').image).toBe('app-api');
    expect(out.warnings).toEqual([expect.objectContaining({ path: 'services.api.build', message: expect.stringContaining('cannot build images') })]);
    expect(exported({ services: { api: { build: './api', image: 'ghcr.io/acme/api:1' } } }).warnings).toEqual([]);
  });

  test('user labels: valid ones are labels, values labels cannot hold are annotations, bad keys are dropped with a warning', () => {
    const out = exported({ services: { s: { image: IMAGE, labels: { team: 'a', rule: 'Host(`x`)', 'no good': 'v', 'app.kubernetes.io/name': 'mine' } } } });
    const d = out.get('Deployment', 's');
    expect(d.metadata.labels.team).toBe('a');
    expect(d.metadata.labels['app.kubernetes.io/name']).toBe('s');
    expect(d.spec.template.metadata.annotations).toEqual({ rule: 'Host(`x`)' });
    expect(out.warnings.map((w) => w.message)).toEqual([expect.stringContaining('"no good"'), expect.stringContaining('"app.kubernetes.io/name"')]);
  });
});

describe('names', () => {
  test('a project name that had to change to be the namespace is warned, as a service name is', () => {
    expect(exported({ name: 'blog_app', services: { a: { image: IMAGE } } }).warnings).toEqual([expect.objectContaining({ path: 'name', message: expect.stringContaining('the namespace is "blog-app"') })]);
    expect(exported({ name: 'blog_app', services: { a: { image: IMAGE } } }, { namespace: 'blog' }).warnings).toEqual([]);
  });

  test('--storage-class and --wait-image are checked as --namespace is', () => {
    const out = exported({ services: { a: { image: IMAGE } } }, { storageClass: 'Fast_SSD', waitImage: '', kubectlImage: 'kubectl 1.33' });
    expect(out.errors.map((e) => `${e.path}: ${e.message}`)).toEqual(['--storage-class: "Fast_SSD" is not a valid storage class name', '--wait-image: "" is not an image name', '--kubectl-image: "kubectl 1.33" is not an image name']);
    expect(exported({ services: { a: { image: IMAGE } } }, { storageClass: 'fast-ssd.example.com' }).errors).toEqual([]);
  });

  test('a generated name that is another object\'s is an error, or, for an alias, left out with a warning: never lost silently', () => {
    const out = exported({ services: { api: { image: IMAGE, ports: ['80:8080'] }, 'api-public': { image: IMAGE, ports: ['8081:8081'] } } });
    expect(out.errors).toEqual([expect.objectContaining({ path: 'services.api.ports', message: expect.stringContaining('needs a Service named "api-public" for its published ports, and that is the name of service api-public') })]);
    const aliased = exported({ services: { db: { image: IMAGE }, worker: { image: IMAGE, networks: { default: { aliases: ['db', 'jobs'] } } } } });
    expect(aliased.errors).toEqual([]);
    expect(aliased.warnings).toEqual([expect.objectContaining({ path: 'services.worker.networks', message: expect.stringContaining('alias "db" is left out: "db" is the name of service db') })]);
    expect(aliased.get('Service', 'jobs').spec.selector['app.kubernetes.io/name']).toBe('worker');
    const nets = exported({ services: { a: { image: IMAGE, networks: ['my_net', 'my-net'] } }, networks: { my_net: {}, 'my-net': {} } }, { networkPolicies: true });
    expect(nets.errors).toEqual([expect.objectContaining({ path: 'networks', message: 'two objects would be named NetworkPolicy/network-my-net, and one would replace the other' })]);
  });

  test('services keep their names as DNS names; a name that must change is a warning; two that meet are an error', () => {
    const out = exported({ services: { my_db: { image: IMAGE, ports: ['5432'] }, API: { image: IMAGE } } });
    expect(out.has('Service', 'my-db')).toBe(true);
    expect(out.has('Deployment', 'api')).toBe(true);
    expect(out.warnings).toEqual([expect.objectContaining({ path: 'services.my_db', message: 'is named "my-db" on Kubernetes ("my_db" is not a valid Service name there)' })]);
    expect(exported({ services: { 'a.b': { image: IMAGE }, a_b: { image: IMAGE } } }).errors).toEqual([expect.objectContaining({ path: 'services.a_b', message: 'is named "a-b" on Kubernetes, as is service "a.b"' })]);
  });
});

describe('probes', () => {
  test('healthcheck → readiness and liveness exec probes with its timing; startPeriod → a startup probe', () => {
    const c = exported({ services: { db: { image: IMAGE, healthcheck: { test: ['CMD', 'pg_isready'], interval: '2s', timeout: '1500ms', retries: 5, startPeriod: '9s' } } } }).container('db');
    const probe = { exec: { command: ['pg_isready'] }, periodSeconds: 2, timeoutSeconds: 2, failureThreshold: 5 };
    expect(c.readinessProbe).toEqual(probe);
    expect(c.livenessProbe).toEqual(probe);
    expect(c.startupProbe).toEqual({ ...probe, failureThreshold: 10 });
  });

  test('CMD-SHELL runs in /bin/sh; Docker defaults are written out; a disabled healthcheck makes no probe', () => {
    const c = exported({ services: { s: { image: IMAGE, healthcheck: { test: 'curl -f localhost || exit 1' } }, off: { image: IMAGE, healthcheck: { disable: true } } } });
    expect(c.container('s').readinessProbe).toEqual({ exec: { command: ['/bin/sh', '-c', 'curl -f localhost || exit 1'] }, periodSeconds: 30, timeoutSeconds: 30, failureThreshold: 3 });
    expect(c.container('s').startupProbe).toBeUndefined();
    expect(c.container('off').readinessProbe).toBeUndefined();
  });
});

describe('services and ports', () => {
  test('no ports: a headless Service, so the name resolves to the pods and any port is reachable, as on Docker', () => {
    const out = exported({ services: { cache: { image: IMAGE, networks: { default: { aliases: ['redis'] } } }, db: { image: IMAGE, ports: ['127.0.0.1:5432:5432'] } } });
    expect(out.get('Service', 'cache').spec).toEqual({ clusterIP: 'None', selector: { 'app.kubernetes.io/name': 'cache', 'app.kubernetes.io/instance': 'app' } });
    expect(out.get('Service', 'redis').spec.clusterIP).toBe('None');
    expect(out.get('Service', 'db').spec).toEqual({ selector: expect.any(Object), ports: [{ name: 'tcp-5432', port: 5432, targetPort: 5432, protocol: 'TCP' }] });
  });

  test('published ports that keep their number: one Service, LoadBalancer by default or NodePort by flag', () => {
    const lb = exported({ services: { web: { image: IMAGE, ports: ['80:80', '53:53/udp'] } } }).get('Service', 'web');
    expect(lb.spec.type).toBe('LoadBalancer');
    expect(lb.spec.ports).toEqual([{ name: 'tcp-80', port: 80, targetPort: 80, protocol: 'TCP' }, { name: 'udp-53', port: 53, targetPort: 53, protocol: 'UDP' }]);
    const np = exported({ services: { web: { image: IMAGE, ports: ['30080:80', '8080:81'] } } }, { serviceType: 'NodePort' });
    expect(np.get('Service', 'web').spec).toMatchObject({ type: 'NodePort', ports: [{ port: 80, targetPort: 80, nodePort: 30080 }, { port: 81, targetPort: 81 }] });
    expect(np.get('Service', 'web').spec.ports[1].nodePort).toBeUndefined();
    expect(np.warningPaths()).toEqual(['services.web.ports[1]']);
  });

  test('a port published under another number: `name` keeps the container port inside, `name-public` the published one', () => {
    const out = exported({ services: { api: { image: IMAGE, ports: ['8080:3000'] } } });
    expect(out.get('Service', 'api').spec).toEqual({ selector: expect.any(Object), ports: [{ name: 'tcp-3000', port: 3000, targetPort: 3000, protocol: 'TCP' }] });
    expect(out.get('Service', 'api-public').spec).toMatchObject({ type: 'LoadBalancer', ports: [{ port: 8080, targetPort: 3000 }] });
  });

  test('a port published on 127.0.0.1 stays inside the cluster, with a warning saying how to reach it', () => {
    const out = exported({ services: { db: { image: IMAGE, ports: ['127.0.0.1:5432:5432'] } } });
    expect(out.get('Service', 'db').spec.type).toBeUndefined();
    expect(out.warnings).toEqual([expect.objectContaining({ path: 'services.db.ports[0]', hint: 'reach it from this machine with kubectl -n app port-forward service/db 5432:5432' })]);
  });

  test('network aliases are more Services for the same pods', () => {
    const out = exported({ services: { db: { image: IMAGE, ports: ['5432'], networks: { default: { aliases: ['postgres'] } } } } });
    expect(out.get('Service', 'postgres').spec.selector).toEqual(out.get('Service', 'db').spec.selector);
  });
});

describe('volumes', () => {
  test('a single-replica Deployment that mounts a claim is replaced with Recreate, not a rolling update', () => {
    const out = exported({ services: { gitea: { image: IMAGE, volumes: ['data:/data'] }, web: { image: IMAGE, replicas: 2, volumes: ['shared:/s'] }, cron: { image: IMAGE, volumes: ['shared:/s'] } }, volumes: { data: { external: true, name: 'gitea-pvc' }, shared: {} } });
    expect(out.get('Deployment', 'gitea').spec.strategy).toEqual({ type: 'Recreate' });
    expect(out.manifests.find((m) => m.object.kind === 'Deployment' && m.object.metadata?.name === 'gitea')?.comment).toContain('Multi-Attach');
    expect(out.get('Deployment', 'cron').spec.strategy).toEqual({ type: 'Recreate' });
    expect(out.get('Deployment', 'web').spec.strategy).toBeUndefined();
  });

  test('a named volume of one single-replica service → a StatefulSet claim template, sized by `size` (default 1Gi)', () => {
    const out = exported({ services: { db: { image: IMAGE, volumes: ['data:/var/lib/data', 'logs:/logs'] } }, volumes: { data: { size: '20g' }, logs: {} } });
    const sts = out.get('StatefulSet', 'db');
    expect(sts.spec.serviceName).toBe('db');
    expect(sts.spec.volumeClaimTemplates.map((t: { metadata: { name: string }; spec: unknown }) => [t.metadata.name, t.spec])).toEqual([
      ['data', { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } } }],
      ['logs', { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } }],
    ]);
    expect(out.container('db').volumeMounts).toEqual([{ name: 'data', mountPath: '/var/lib/data' }, { name: 'logs', mountPath: '/logs' }]);
    expect(out.pod('db').volumes).toBeUndefined();
    expect(out.kinds().some((k) => k.startsWith('PersistentVolumeClaim/'))).toBe(false);
  });

  describe("a StatefulSet's serviceName names a headless Service that selects its pod (its governing Service)", () => {
    const selector = { 'app.kubernetes.io/name': 'db', 'app.kubernetes.io/instance': 'app' };
    const tcp5432 = [{ name: 'tcp-5432', port: 5432, targetPort: 5432, protocol: 'TCP' }];
    const db = (extra: Record<string, unknown>) => ({ services: { db: { image: IMAGE, volumes: ['data:/data'], ...extra } }, volumes: { data: {} } });

    test('inside the cluster, its own Service is made headless: db:5432 still resolves, to the pod, which is listed only while Ready', () => {
      for (const ports of [{ expose: [5432] }, { ports: ['127.0.0.1:5432:5432'] }]) {
        const out = exported(db({ ...ports, networks: { default: { aliases: ['postgres'] } } }));
        expect(out.get('StatefulSet', 'db').spec.serviceName).toBe('db');
        // No publishNotReadyAddresses: a name that resolves before the pod is Ready would end a dependant's wait early.
        expect(out.get('Service', 'db').spec).toEqual({ clusterIP: 'None', selector, ports: tcp5432 });
        expect(out.get('Service', 'postgres').spec).toEqual({ clusterIP: 'None', selector, ports: tcp5432 });
        expect(out.has('Service', 'db-headless')).toBe(false);
        expect(out.manifests.find((m) => m.object.kind === 'Service' && m.object.metadata?.name === 'db')?.comment).toContain('kubectl -n app delete service db');
      }
      // A Deployment's Service keeps its cluster IP.
      expect(exported({ services: { db: { image: IMAGE, ports: ['5432'] } } }).get('Service', 'db').spec.clusterIP).toBeUndefined();
    });

    test('published on its own Service (LoadBalancer, NodePort): that one stays, and db-headless governs the StatefulSet', () => {
      for (const serviceType of ['LoadBalancer', 'NodePort'] as const) {
        const out = exported(db({ ports: ['5432:5432'] }), { serviceType });
        expect(out.errors).toEqual([]);
        expect(out.get('Service', 'db').spec).toMatchObject({ type: serviceType, selector });
        expect(out.get('Service', 'db').spec.clusterIP).toBeUndefined();
        expect(out.get('Service', 'db-headless').spec).toEqual({ clusterIP: 'None', selector, ports: tcp5432 });
        expect(out.get('StatefulSet', 'db').spec.serviceName).toBe('db-headless');
      }
    });

    test('a port published under another number: db (headless) governs it, db-public is the LoadBalancer', () => {
      const out = exported(db({ ports: ['15432:5432'] }));
      expect(out.get('Service', 'db').spec).toEqual({ clusterIP: 'None', selector, ports: tcp5432 });
      expect(out.get('Service', 'db-public').spec).toMatchObject({ type: 'LoadBalancer', ports: [{ port: 15432, targetPort: 5432 }] });
      expect(out.get('StatefulSet', 'db').spec.serviceName).toBe('db');
      expect(out.has('Service', 'db-headless')).toBe(false);
    });

    test('a service already named db-headless is an error saying whose name it is, not a second object', () => {
      const out = exported({ ...db({ ports: ['5432:5432'] }), services: { db: { image: IMAGE, ports: ['5432:5432'], volumes: ['data:/data'] }, 'db-headless': { image: IMAGE } } });
      expect(out.errors).toEqual([{ path: 'services.db.ports', message: 'needs a Service named "db-headless" to govern its StatefulSet (db is its LoadBalancer), and that is the name of service db-headless', hint: 'rename one of them (Kubernetes names are unique per kind)' }]);
    });

    test('a wait for one with UDP ports only looks its governing Service up: no -ready Service', () => {
      const udp = (ports: Record<string, unknown>) => ({ services: { stats: { image: IMAGE, volumes: ['data:/data'], ...ports }, app: { image: IMAGE, dependsOn: { stats: 'started' } } }, volumes: { data: {} } });
      for (const [ports, lookup] of [[{ expose: ['8125/udp'] }, 'stats'], [{ ports: ['8125:8125/udp'] }, 'stats-headless']] as const) {
        const out = exported(udp(ports));
        expect(out.errors).toEqual([]);
        expect(out.get('StatefulSet', 'stats').spec.serviceName).toBe(lookup);
        expect(out.get('Service', lookup).spec.clusterIP).toBe('None');
        expect(out.has('Service', 'stats-ready')).toBe(false);
        expect(out.pod('app').initContainers[0].command[2]).toBe(`until nslookup ${lookup}.${SEARCH_DOMAIN} > /dev/null 2>&1; do echo "waiting for stats"; sleep 2; done`);
      }
    });
  });

  test('a volume shared by services or replicas → one ReadWriteMany claim, warned; --storage-class sets its class', () => {
    const out = exported({ services: { a: { image: IMAGE, volumes: ['files:/f'] }, b: { image: IMAGE, volumes: ['files:/f:ro'] } }, volumes: { files: {} } }, { storageClass: 'nfs' });
    expect(out.get('PersistentVolumeClaim', 'files').spec).toEqual({ accessModes: ['ReadWriteMany'], storageClassName: 'nfs', resources: { requests: { storage: '1Gi' } } });
    expect(out.pod('b').volumes).toEqual([{ name: 'files', persistentVolumeClaim: { claimName: 'files' } }]);
    expect(out.container('b').volumeMounts).toEqual([{ name: 'files', mountPath: '/f', readOnly: true }]);
    expect(out.warningPaths()).toEqual(['volumes.files']);
    expect(exported({ services: { a: { image: IMAGE, replicas: 2, volumes: ['files:/f'] } }, volumes: { files: {} } }).get('PersistentVolumeClaim', 'files').spec.accessModes).toEqual(['ReadWriteMany']);
  });

  test('anonymous volumes and tmpfs → emptyDir; shmSize → a memory emptyDir on /dev/shm', () => {
    const pod = exported({ services: { s: { image: IMAGE, shmSize: '1g', volumes: ['/cache', { type: 'tmpfs', target: '/tmp', tmpfsSize: '64m' }] } } }).pod('s');
    expect(pod.volumes).toEqual([{ name: 'anonymous-cache', emptyDir: {} }, { name: 'tmpfs-tmp', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } }, { name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: '1Gi' } }]);
  });

  test('a bind mount is an error with a hint, unless --bind-mounts host-path asks for a hostPath', () => {
    const stack = { services: { web: { image: IMAGE, volumes: ['./conf:/etc/conf:ro'] } } };
    const refused = exported(stack);
    expect(refused.errors).toEqual([{ path: 'services.web.volumes[0]', message: 'bind mount of /srv/app/conf has no meaning on a cluster: the file or folder is on this machine, not on the nodes', hint: expect.stringContaining('--bind-mounts host-path') }]);
    const pod = exported(stack, { bindMounts: 'host-path' }).pod('web');
    expect(pod.volumes).toEqual([{ name: 'host-conf', hostPath: { path: '/srv/app/conf' } }]);
    expect(pod.containers[0].volumeMounts).toEqual([{ name: 'host-conf', mountPath: '/etc/conf', readOnly: true }]);
  });

  test('an external volume is a claim that exists: used by name, not written', () => {
    const out = exported({ services: { s: { image: IMAGE, volumes: ['old:/old'] } }, volumes: { old: { external: true, name: 'old-claim' } } });
    expect(out.pod('s').volumes).toEqual([{ name: 'old-claim', persistentVolumeClaim: { claimName: 'old-claim' } }]);
    expect(out.kinds()).toEqual(['Namespace/app', 'Service/s', 'Deployment/s']);
  });
});

describe('environment and secrets', () => {
  const stack = { services: { api: { image: IMAGE, environment: { LOG: 'info', TOKEN: secret('TOKEN') }, secrets: { db_pw: secret('DB_PW'), key: { source: secret.value('k'), target: '/etc/key.pem', mode: 0o400 } } } } };
  const vars = { TOKEN: 't0k3n', DB_PW: 'hunter2' };

  test('plain variables → a ConfigMap read whole; secret ones → a Secret read by key; the pods roll when the ConfigMap changes', () => {
    const out = exported(stack, {}, { vars });
    expect(out.get('ConfigMap', 'api-env').data).toEqual({ LOG: 'info' });
    expect(out.container('api').envFrom).toEqual([{ configMapRef: { name: 'api-env' } }]);
    expect(out.container('api').env).toEqual([{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'api-env', key: 'TOKEN' } } }]);
    const checksum = out.get('Deployment', 'api').spec.template.metadata.annotations['checksum/config'];
    const changed = exported({ services: { api: { ...stack.services.api, environment: { LOG: 'debug', TOKEN: secret('TOKEN') } } } }, {}, { vars });
    expect(changed.get('Deployment', 'api').spec.template.metadata.annotations['checksum/config']).not.toBe(checksum);
  });

  test('secret files → a Secret mounted key by key at their paths, with their modes', () => {
    const out = exported(stack, {}, { vars });
    expect(out.pod('api').volumes).toEqual([{ name: 'secrets', secret: { secretName: 'api-secrets', items: [{ key: 'db_pw', path: 'db_pw', mode: 0o444 }, { key: 'key', path: 'key', mode: 0o400 }] } }]);
    expect(out.container('api').volumeMounts).toEqual([
      { name: 'secrets', mountPath: '/run/secrets/db_pw', subPath: 'db_pw', readOnly: true },
      { name: 'secrets', mountPath: '/etc/key.pem', subPath: 'key', readOnly: true },
    ]);
  });

  test('by default no Secret holds a value, and the output holds none anywhere; the comment says how to fill it in', () => {
    const out = exported(stack, {}, { vars });
    expect(out.get('Secret', 'api-secrets').data).toBeUndefined();
    expect(out.get('Secret', 'api-env').data).toBeUndefined();
    const text = JSON.stringify(out.manifests);
    for (const value of ['t0k3n', 'hunter2', Buffer.from('t0k3n').toString('base64'), Buffer.from('hunter2').toString('base64')]) expect(text).not.toContain(value);
    // From the variable stack.ts reads it from, when there is one.
    expect(out.manifests.find((m) => m.object.metadata?.name === 'api-secrets')?.comment).toContain('kubectl -n app create secret generic api-secrets --from-literal=db_pw="$DB_PW" --from-literal=key=... --dry-run=client -o yaml | kubectl replace -f -');
  });

  test('--with-secret-values embeds them, base64', () => {
    const out = exported(stack, { withSecretValues: true }, { vars });
    expect(out.get('Secret', 'api-secrets').data).toEqual({ db_pw: Buffer.from('hunter2').toString('base64'), key: Buffer.from('k').toString('base64') });
    expect(out.get('Secret', 'api-env').data).toEqual({ TOKEN: Buffer.from('t0k3n').toString('base64') });
  });

  test('checksum/config never hashes Secret values (the view role reads it); the Secret says to roll the pods by hand', () => {
    const checksum = (v: Record<string, string>) => exported(stack, { withSecretValues: true }, { vars: v }).get('Deployment', 'api').spec.template.metadata.annotations['checksum/config'];
    expect(checksum({ TOKEN: 'a', DB_PW: 'b' })).toBe(checksum({ TOKEN: 'zq7k', DB_PW: 'other' }));
    const onlySecrets = exported({ services: { api: { image: IMAGE, environment: { TOKEN: secret('TOKEN') } } } }, { withSecretValues: true }, { vars });
    expect(onlySecrets.get('Deployment', 'api').spec.template.metadata.annotations).toBeUndefined();
    expect(onlySecrets.manifests.find((m) => m.object.kind === 'Secret')?.comment).toContain('kubectl -n app rollout restart deployment/api');
  });
});

describe('plain variables that look like credentials', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stackfile-k8s-credentials-'));
  writeFileSync(join(dir, 'app.env'), 'DB_PASSWORD=from-the-file\nLOG=debug\nPASSWORD_MIN_LENGTH=12\n');
  const stack = { services: { api: { image: IMAGE, envFile: './app.env', environment: { jwtSecret: 'inline-s3cret', DATABASE_URL: 'postgres://app:url-pw@db/app', TOKEN_TTL: '3600', SORT_KEY: 'id', CACHE_URL: 'redis://cache:6379' } } } };

  test('go to the Secret without their values, each named in a warning with its path; the ConfigMap keeps the rest, in clear', () => {
    const out = exported(stack, {}, { dir });
    expect(out.get('ConfigMap', 'api-env').data).toEqual({ LOG: 'debug', PASSWORD_MIN_LENGTH: '12', TOKEN_TTL: '3600', SORT_KEY: 'id', CACHE_URL: 'redis://cache:6379' });
    expect(out.get('Secret', 'api-env').data).toBeUndefined();
    expect(out.container('api').env).toEqual(['DATABASE_URL', 'DB_PASSWORD', 'jwtSecret'].map((k) => ({ name: k, valueFrom: { secretKeyRef: { name: 'api-env', key: k } } })));
    const text = JSON.stringify(out.manifests);
    for (const value of ['from-the-file', 'inline-s3cret', 'url-pw']) expect(text).not.toContain(value);
    expect(out.warningPaths().sort()).toEqual(['services.api.envFile', 'services.api.environment.DATABASE_URL', 'services.api.environment.jwtSecret']);
    const fromFile = out.warnings.find((w) => w.path === 'services.api.envFile')!;
    expect(fromFile.message).toBe('DB_PASSWORD (from app.env) looks like a credential, so it goes to the Secret api-env, not the ConfigMap (which would hold it in clear); its value is not exported, and the pods wait until the Secret holds it');
    expect(fromFile.hint).toContain("DB_PASSWORD: secret('VAR')");
    expect(out.manifests.find((m) => m.object.kind === 'Secret')?.comment).toContain('--from-literal=DATABASE_URL=... --from-literal=DB_PASSWORD=... --from-literal=jwtSecret=...');
    expect(validateObjects(out.manifests.map((m) => m.object))).toEqual([]);
  });

  test('--with-secret-values embeds them like secret() values; one declared with secret() is not warned about', () => {
    const out = exported(stack, { withSecretValues: true }, { dir });
    expect(out.get('Secret', 'api-env').data).toEqual({ DATABASE_URL: Buffer.from('postgres://app:url-pw@db/app').toString('base64'), DB_PASSWORD: Buffer.from('from-the-file').toString('base64'), jwtSecret: Buffer.from('inline-s3cret').toString('base64') });
    expect(out.warnings.find((w) => w.path === 'services.api.environment.jwtSecret')?.message).toBe('looks like a credential, so it goes to the Secret api-env, not the ConfigMap (which would hold it in clear); its value is embedded (--with-secret-values)');
    const declared = exported({ services: { api: { image: IMAGE, environment: { jwtSecret: secret('JWT') } } } }, {}, { vars: { JWT: 'x' } });
    expect(declared.warnings).toEqual([]);
  });
});

describe('dependencies', () => {
  const stack = {
    services: {
      db: { image: IMAGE, ports: ['5432'], healthcheck: { test: ['CMD', 'pg_isready'] } },
      migrate: { image: IMAGE, dependsOn: { db: 'healthy' } },
      api: { image: IMAGE, dependsOn: { db: 'healthy', migrate: 'completed' } },
    },
  };

  test('a dependency with UDP ports only is waited for on a -ready headless Service, whose name resolves only while it is Ready', () => {
    const out = exported({ services: { syslog: { image: IMAGE, expose: ['514/udp'], healthcheck: { test: ['CMD', 'check'] } }, statsd: { image: IMAGE, ports: ['8125:8125/udp'] }, app: { image: IMAGE, dependsOn: { statsd: 'started', syslog: 'healthy' } } } });
    expect(out.errors).toEqual([]);
    for (const dep of ['statsd', 'syslog']) {
      expect(out.get('Service', `${dep}-ready`).spec).toEqual({ clusterIP: 'None', selector: { 'app.kubernetes.io/name': dep, 'app.kubernetes.io/instance': 'app' } });
      expect(out.get('Service', dep).spec.clusterIP).toBeUndefined();
    }
    expect(out.pod('app').initContainers.map((c: { command: string[] }) => c.command[2])).toEqual([
      `until nslookup statsd-ready.${SEARCH_DOMAIN} > /dev/null 2>&1; do echo "waiting for statsd"; sleep 2; done`,
      `until nslookup syslog-ready.${SEARCH_DOMAIN} > /dev/null 2>&1; do echo "waiting for syslog"; sleep 2; done`,
    ]);
    // Nothing waits: no extra Service.
    expect(exported({ services: { statsd: { image: IMAGE, ports: ['8125:8125/udp'] } } }).has('Service', 'statsd-ready')).toBe(false);
  });

  test('healthy/started → an init container that waits until the Service accepts connections (image by flag)', () => {
    const init = exported(stack, { waitImage: 'mirror.local/busybox:1.36' }).pod('migrate').initContainers;
    expect(init).toEqual([{ name: 'wait-for-db', image: 'mirror.local/busybox:1.36', command: ['sh', '-c', 'until nc -z -w 2 db 5432; do echo "waiting for db:5432"; sleep 2; done'] }]);
  });

  test('completed → the dependency is a Job run once, and the dependant waits for it with kubectl, as a ServiceAccount that may only read that Job', () => {
    const out = exported(stack);
    const job = out.get('Job', 'migrate');
    expect(job.spec.backoffLimit).toBe(0);
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
    const pod = out.pod('api');
    expect(pod.initContainers.map((c: { name: string }) => c.name)).toEqual(['wait-for-db', 'wait-for-migrate']);
    // Retried: a Job that does not exist yet, or a Role not bound yet, must not fail the pod for good.
    expect(pod.initContainers[1].command).toEqual(['sh', '-c', 'until kubectl wait --namespace app --for=condition=complete job/migrate --timeout=60s; do echo "waiting for job migrate"; sleep 5; done']);
    expect(pod.serviceAccountName).toBe('api');
    expect(pod.automountServiceAccountToken).toBeUndefined();
    expect(out.get('Role', 'api-wait-for-jobs').rules).toEqual([{ apiGroups: ['batch'], resources: ['jobs'], resourceNames: ['migrate'], verbs: ['get', 'list', 'watch'] }]);
    expect(out.get('RoleBinding', 'api-wait-for-jobs').subjects).toEqual([{ kind: 'ServiceAccount', name: 'api', namespace: 'app' }]);
    expect(out.warnings).toEqual([]);
  });

  test('on-failure:N retries N times; a dependency without ports is waited for by name; healthy without a healthcheck is warned', () => {
    const out = exported({ services: { job: { image: IMAGE, restart: 'on-failure:4' }, app: { image: IMAGE, dependsOn: { job: 'completed', cache: 'healthy' } }, cache: { image: IMAGE } } });
    expect(out.get('Job', 'job').spec).toMatchObject({ backoffLimit: 4, template: { spec: { restartPolicy: 'OnFailure' } } });
    expect(out.has('Service', 'job')).toBe(false);
    expect(out.pod('app').initContainers[1].command).toEqual(['sh', '-c', `until nslookup cache.${SEARCH_DOMAIN} > /dev/null 2>&1; do echo "waiting for cache"; sleep 2; done`]);
    expect(out.warnings).toEqual([expect.objectContaining({ path: 'services.app.dependsOn.cache', message: expect.stringContaining('has no healthcheck') })]);
  });
});

describe('networks', () => {
  test('--network-policies: a service on internal networks only that waits for a Job is warned, with the egress rule to add', () => {
    const stack = { services: { migrate: { image: IMAGE, networks: ['back'] }, worker: { image: IMAGE, networks: ['back'], dependsOn: { migrate: 'completed' } }, web: { image: IMAGE, networks: ['back', 'front'], dependsOn: { migrate: 'completed' } } }, networks: { back: { internal: true }, front: {} } };
    const out = exported(stack, { networkPolicies: true });
    expect(out.warnings).toEqual([expect.objectContaining({ path: 'services.worker.dependsOn.migrate', message: expect.stringContaining('must reach the API server, and its networks (back) are internal'), hint: expect.stringContaining('kubectl get endpointslices -n default') })]);
    expect(exported(stack).warningPaths()).not.toContain('services.worker.dependsOn.migrate');
  });

  const stack = { services: { web: { image: IMAGE, ports: ['80:80'], networks: ['front'] }, db: { image: IMAGE, networks: ['back'] }, api: { image: IMAGE, networks: ['front', 'back'] } }, networks: { front: {}, back: { internal: true } } };

  test('without --network-policies nothing is written, and separated networks are a warning', () => {
    const out = exported(stack);
    expect(out.kinds().some((k) => k.startsWith('NetworkPolicy'))).toBe(false);
    expect(out.warningPaths()).toEqual(['networks']);
  });

  test('with it, one policy per network lets its members in; published ports are open; internal networks limit egress', () => {
    const out = exported(stack, { networkPolicies: true });
    expect(out.warnings).toEqual([]);
    expect(out.get('Deployment', 'api').spec.template.metadata.labels).toMatchObject({ 'network.stackfile.io/front': 'true', 'network.stackfile.io/back': 'true' });
    expect(out.get('Deployment', 'db').spec.template.metadata.labels['network.stackfile.io/front']).toBeUndefined();
    const back = out.get('NetworkPolicy', 'network-back').spec;
    expect(back.podSelector.matchLabels['network.stackfile.io/back']).toBe('true');
    expect(back.ingress).toEqual([{ from: [{ podSelector: back.podSelector }] }]);
    expect(back.egress[0]).toEqual({ to: [{ podSelector: back.podSelector }] });
    expect(out.get('NetworkPolicy', 'network-front').spec.egress).toEqual([{}]);
    expect(out.get('NetworkPolicy', 'web-published').spec.ingress).toEqual([{ ports: [{ protocol: 'TCP', port: 80 }] }]);
  });
});

test('profiles and env overlays are resolved first, as stack config resolves them', () => {
  const stack = { services: { api: { image: IMAGE }, debug: { image: IMAGE, profiles: ['debug'] } }, envs: { prod: { services: { api: { replicas: 4 } } } } };
  expect(exported(stack, {}, { env: 'prod' }).kinds()).toEqual(['Namespace/app', 'Service/api', 'Deployment/api']);
  expect(exported(stack, {}, { env: 'prod' }).get('Deployment', 'api').spec.replicas).toBe(4);
  expect(exported(stack, {}, { profiles: ['debug'] }).has('Deployment', 'debug')).toBe(true);
});

describe('Compose and Swarm keys', () => {
  test('expose → container ports on the ClusterIP Service, the published ones apart', () => {
    const out = exported({ services: { web: { image: IMAGE, ports: ['443:443'], expose: [9113] }, api: { image: IMAGE, expose: ['3000', '9000/udp'] } } });
    expect(out.get('Service', 'api').spec).toEqual({ selector: expect.any(Object), ports: [{ name: 'tcp-3000', port: 3000, targetPort: 3000, protocol: 'TCP' }, { name: 'udp-9000', port: 9000, targetPort: 9000, protocol: 'UDP' }] });
    expect(out.get('Service', 'web').spec.ports.map((p: { port: number }) => p.port)).toEqual([443, 9113]);
    expect(out.get('Service', 'web-public').spec).toMatchObject({ type: 'LoadBalancer', ports: [{ port: 443 }] });
  });

  test('deploy: replicas, limits and reservations → requests, labels, start-first updates, global → DaemonSet, dnsrr → headless', () => {
    const out = exported({ services: { api: { image: IMAGE, expose: [80], deploy: { replicas: 3, endpointMode: 'dnsrr', labels: { team: 'a' }, resources: { limits: { cpus: '2', memory: '1g' }, reservations: { cpus: '0.5', memory: '256m' } }, updateConfig: { order: 'start-first' } } }, agent: { image: IMAGE, deploy: { mode: 'global' } } } });
    const d = out.get('Deployment', 'api');
    expect(d.spec.replicas).toBe(3);
    expect(d.metadata.labels.team).toBe('a');
    expect(d.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
    expect(out.container('api').resources).toEqual({ requests: { cpu: '500m', memory: '256Mi' }, limits: { cpu: '2', memory: '1Gi' } });
    expect(out.get('Service', 'api').spec.clusterIP).toBe('None');
    expect(out.get('DaemonSet', 'agent').spec.template.spec.containers[0].image).toBe(IMAGE);
  });

  test('networkMode host, pid host, devices and privileged are warned with their paths', () => {
    const out = exported({ services: { agent: { image: IMAGE, networkMode: 'host', pid: 'host', devices: ['/dev/fuse'], privileged: true } } });
    expect(out.pod('agent')).toMatchObject({ hostNetwork: true, hostPID: true });
    expect(out.warningPaths().sort()).toEqual(['services.agent.devices[0]', 'services.agent.networkMode', 'services.agent.pid', 'services.agent.privileged']);
  });

  test('configs → a ConfigMap mounted at each target; tmpfs, dns, platform, no-new-privileges map to their pod fields', () => {
    const out = exported({
      services: { web: { image: IMAGE, configs: ['conf'], tmpfs: ['/run:size=8m'], dns: ['10.0.0.53'], dnsOpt: ['ndots:2'], platform: 'linux/x86_64', securityOpt: ['no-new-privileges'] } },
      configs: { conf: { content: 'a = 1\n' } },
    });
    expect(out.get('ConfigMap', 'web-configs').data).toEqual({ conf: 'a = 1\n' });
    expect(out.container('web').volumeMounts).toEqual([{ name: 'tmpfs-run', mountPath: '/run' }, { name: 'configs', mountPath: '/conf', subPath: 'conf', readOnly: true }]);
    expect(out.pod('web')).toMatchObject({ dnsConfig: { nameservers: ['10.0.0.53'], options: [{ name: 'ndots', value: '2' }] }, nodeSelector: { 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64' } });
    expect(out.container('web').securityContext).toEqual({ allowPrivilegeEscalation: false });
    expect(out.warnings).toEqual([]);
  });

  test('a config or secret file that is not text keeps its exact bytes: binaryData, and the base64 of the bytes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stackfile-k8s-binary-'));
    const bytes = Buffer.from([0x30, 0x82, 0xff, 0xfe, 0x80, 0x00, 0x41]);
    writeFileSync(join(dir, 'blob.bin'), bytes);
    writeFileSync(join(dir, 'app.conf'), 'a = 1\n');
    const stack = { services: { web: { image: IMAGE, configs: ['blob', 'conf'], secrets: { keystore: secret.file('./blob.bin') } } }, configs: { blob: { file: './blob.bin' }, conf: { file: './app.conf' } } };
    const out = exported(stack, { withSecretValues: true }, { dir });
    expect(out.get('ConfigMap', 'web-configs')).toMatchObject({ data: { conf: 'a = 1\n' }, binaryData: { blob: bytes.toString('base64') } });
    expect(out.get('Secret', 'web-secrets').data).toEqual({ keystore: bytes.toString('base64') });
    expect(validateObjects([out.get('ConfigMap', 'web-configs'), out.get('Secret', 'web-secrets')])).toEqual([]);
  });
});
