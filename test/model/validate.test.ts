import { describe, expect, test } from 'vitest';
import { ValidationError } from '../../src/errors';
import { issues, paths, resolve, stack, svc } from './builders';

describe('collecting every problem', () => {
  test('one run reports each mistake with its exact path, in the order they appear', () => {
    const found = issues(
      stack(
        {
          api: svc({ restat: 'always', ports: ['8080:80'], dependsOn: ['dbb'], healthcheck: { test: 'true', interval: 'soon' } }),
          web: svc({ ports: ['8080:80', '70000:1'], replicas: -1 }),
          worker: { command: ['run'] },
        },
        { volumes: { data: { drivr: 'local' } } },
      ),
    );
    expect(paths(found)).toEqual([
      'volumes.data.drivr',
      'services.api.restat',
      'services.api.healthcheck.interval',
      'services.web.replicas',
      'services.web.ports[1]',
      'services.worker',
      'services.api.dependsOn.dbb',
      'services.web.ports[0]',
    ]);
  });

  test('resolveStack throws one ValidationError listing them all', () => {
    let error: unknown;
    try {
      resolve(stack({ a: svc({ imag: 'x' }), b: svc({ dependsOn: ['zzz'] }) }), { file: '/srv/app/stack.ts' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const v = error as ValidationError;
    expect(v.issues).toHaveLength(2);
    expect(v.message).toMatch(/^2 problems in \/srv\/app\/stack\.ts:\n {2}- services\.a\.imag: unknown key "imag" \(did you mean "image"\?\)\n {2}- services\.b\.dependsOn\.zzz: /);
    expect(v.exitCode).toBe(1);
  });

  test('a wrong type at the top is reported at the default export', () => {
    expect(issues([])).toEqual([{ path: '(default export)', message: 'expected an object, got an array', hint: 'export default defineStack({ services: { ... } })' }]);
    expect(paths(issues({}))).toEqual(['services']);
  });

  test('bad names are rejected', () => {
    expect(paths(issues({ name: 'My App', services: { 'bad name': svc() } }))).toEqual(['name', 'services."bad name"']);
  });
});

describe('references between services', () => {
  test('a dependency on a missing service gets a suggestion, or the list of services', () => {
    const close = issues(stack({ db: svc(), api: svc({ dependsOn: ['dbs'] }) }));
    expect(close).toEqual([{ path: 'services.api.dependsOn.dbs', message: 'depends on "dbs", which is not a service in this stack', hint: 'did you mean "db"?' }]);
    const far = issues(stack({ api: svc({ dependsOn: ['queue'] }), web: svc() }));
    expect(far[0].hint).toBe('services are: api, web');
  });

  test('a service depending on itself is reported', () => {
    expect(issues(stack({ a: svc({ dependsOn: ['a'] }) }))).toEqual([{ path: 'services.a.dependsOn.a', message: 'service "a" depends on itself' }]);
  });

  test('a cycle is reported once, as a readable path', () => {
    const found = issues(stack({ api: svc({ dependsOn: ['worker'] }), worker: svc({ dependsOn: { api: 'healthy' } }), db: svc() }));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ path: 'services.api.dependsOn', message: 'dependency cycle: api => worker => api' });
  });
});

describe('host ports and container names', () => {
  test('a host port published twice is reported at the second use, naming the first', () => {
    expect(issues(stack({ a: svc({ ports: ['8080:80'] }), b: svc({ ports: ['8080:81'] }) }))).toEqual([
      { path: 'services.b.ports[0]', message: 'host port 8080/tcp is already published by services.a.ports[0] (8080:80/tcp)', hint: 'each host port can be published once; change one of them' },
    ]);
  });

  test('an overlapping range clashes; another protocol or another address does not', () => {
    expect(paths(issues(stack({ a: svc({ ports: ['8000-8010:80'] }), b: svc({ ports: ['8005:80'] }) })))).toEqual(['services.b.ports[0]']);
    expect(issues(stack({ a: svc({ ports: ['53:53/tcp'] }), b: svc({ ports: ['53:53/udp'] }) }))).toEqual([]);
    expect(issues(stack({ a: svc({ ports: ['127.0.0.1:80:80'] }), b: svc({ ports: ['127.0.0.2:80:80'] }) }))).toEqual([]);
    // All interfaces includes 127.0.0.1.
    expect(paths(issues(stack({ a: svc({ ports: ['127.0.0.1:80:80'] }), b: svc({ ports: ['80:80'] }) })))).toEqual(['services.b.ports[0]']);
    // Of several it clashes with, the first published is named.
    expect(issues(stack({ a: svc({ ports: ['127.0.0.1:80:80'] }), b: svc({ ports: ['127.0.0.2:80:80'] }), c: svc({ ports: ['80:80'] }) })).map((i) => i.message)).toEqual([
      'host port 80/tcp is already published by services.a.ports[0] (127.0.0.1:80:80/tcp)',
    ]);
  });

  test('a single host port with several replicas is an error that suggests a range', () => {
    const [issue] = issues(stack({ a: svc({ replicas: 3, ports: ['8080:80'] }) }));
    expect(issue).toMatchObject({ path: 'services.a.ports[0]', hint: expect.stringContaining("'8080-8082:80'") });
    expect(issues(stack({ a: svc({ replicas: 3, ports: ['8080-8082:80'] }) }))).toEqual([]);
  });

  test('containerName cannot be combined with replicas > 1, nor shared', () => {
    expect(issues(stack({ a: svc({ containerName: 'fixed', replicas: 2 }) }))).toEqual([
      { path: 'services.a.containerName', message: 'containerName "fixed" cannot be used with replicas: 2', hint: 'container names are unique; drop containerName or set replicas to 1' },
    ]);
    expect(issues(stack({ a: svc({ containerName: 'fixed', replicas: 1 }) }))).toEqual([]);
    expect(paths(issues(stack({ a: svc({ containerName: 'same' }), b: svc({ containerName: 'same' }) })))).toEqual(['services.b.containerName']);
  });

  test('a bare KEY in the list form of labels is KEY: \'\', as Compose reads a marker label (nextcloud\'s example)', () => {
    const marker = 'com.github.jrcs.letsencrypt_nginx_proxy_companion.nginx_proxy';
    const s = resolve(stack({ a: svc({ labels: [marker, 'team=core', 'empty='], build: { context: '.', labels: ['built'] }, deploy: { labels: ['swarm.marker'] } }) })).services.a;
    expect(s.labels).toEqual({ [marker]: '', team: 'core', empty: '' });
    expect(s.build?.labels).toEqual({ built: '' });
    expect(s.deploy?.labels).toEqual({ 'swarm.marker': '' });
    // A key is still needed; and sysctls keep KEY=value (a kernel parameter without a value means nothing).
    expect(issues(stack({ a: svc({ labels: ['', '=x'], sysctls: ['net.core.somaxconn'] }) }))).toEqual([
      { path: 'services.a.labels[0]', message: 'expected "KEY=value", got ""' },
      { path: 'services.a.labels[1]', message: 'expected "KEY=value", got "=x"' },
      { path: 'services.a.sysctls[0]', message: 'expected "KEY=value", got "net.core.somaxconn"' },
    ]);
  });

  test('labels under io.stackfile. are reserved', () => {
    expect(paths(issues(stack({ a: svc({ labels: { 'io.stackfile.project': 'x', ok: 'y' } }) })))).toEqual(['services.a.labels."io.stackfile.project"']);
  });
});

describe('scalar checks', () => {
  test.each([
    [{ restart: 'sometimes' }, 'services.s.restart'],
    [{ replicas: 1.5 }, 'services.s.replicas'],
    [{ init: 'yes' }, 'services.s.init'],
    [{ stopGracePeriod: '10 s' }, 'services.s.stopGracePeriod'],
    [{ shmSize: '1 zb' }, 'services.s.shmSize'],
    [{ resources: { cpus: 0 } }, 'services.s.resources.cpus'],
    [{ extraHosts: ['nohost'] }, 'services.s.extraHosts[0]'],
    [{ ulimits: { nofile: { soft: 1 } } }, 'services.s.ulimits.nofile.hard'],
  ])('%o is reported at %s', (extra, path) => {
    expect(paths(issues(stack({ s: svc(extra) })))).toEqual([path]);
  });

  test('restart accepts on-failure with a count', () => {
    expect(resolve(stack({ s: svc({ restart: 'on-failure:5' }) })).services.s.restart).toBe('on-failure:5');
  });
});

describe('messages that misled (issue 14, item 3)', () => {
  test('a misspelt build.context is one issue, the did-you-mean: no "expected a string, got undefined undefined"', () => {
    const found = issues(stack({ web: { build: { contxt: './app' } } }));
    expect(found).toEqual([{ path: 'services.web.build.contxt', message: 'unknown key "contxt"', hint: 'did you mean "context"?' }]);
  });

  test('a build without a context says the context is missing, and not that the service has no build', () => {
    const found = issues(stack({ web: { build: { dockerfile: 'Dockerfile.dev' } } }));
    expect(found).toEqual([{ path: 'services.web.build.context', message: 'a build needs a context: the folder holding the Dockerfile', hint: "write build: { context: './app' }, or build: './app'" }]);
  });

  test('a service name with "é" is refused as not ASCII (é is a letter), with a name to use instead', () => {
    const [found] = issues(stack({ 'café': svc({}) }));
    expect(found.path).toBe('services."café"');
    expect(found.message).toContain('may only hold ASCII letters and digits');
    expect(found.message).toContain('ASCII only');
    expect(found.hint).toBe('rename it, e.g. "cafe"');
  });
});

describe('caught by validation, not by the daemon at create (found by the bad-input table)', () => {
  test('an empty image name', () => {
    expect(issues(stack({ web: { image: '' } }))).toEqual([{ path: 'services.web.image', message: 'the image name is empty', hint: "name an image (image: 'nginx:1.27') or leave image out and give a build" }]);
  });

  test('an environment entry without a name', () => {
    expect(paths(issues(stack({ web: svc({ environment: ['=x', 'A=1'] }) })))).toEqual(['services.web.environment[0]']);
  });
});
