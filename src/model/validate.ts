import { findCycle, formatCycle } from '../graph/dag';
import type { DesiredPort, DesiredService } from './desired';
import { formatPort, hostPorts } from './ports';
import { Reader, join } from './reader';
import { didYouMean } from './suggest';
import { serviceOf } from './normalize-container';

/**
 * `networkMode`/`pid`/`ipc: 'service:NAME'` share another service's namespace, so NAME must exist and run, and it
 * starts first: the reference becomes a `started` dependency (unless dependsOn already waits for more).
 */
export function linkNamespaces(r: Reader, services: Record<string, DesiredService>, inactive: Record<string, string[]> = {}): void {
  const names = Object.keys(services);
  for (const s of Object.values(services)) {
    for (const key of ['networkMode', 'pid', 'ipc'] as const) {
      const other = serviceOf(s[key]);
      if (other === undefined) continue;
      const path = join(join('services', s.name), key);
      if (other === s.name) r.issue(path, `service "${s.name}" cannot share its own ${key === 'networkMode' ? 'network' : key} namespace`);
      else if (inactive[other]) r.issue(path, `shares the namespace of "${other}", which is disabled (profiles: ${inactive[other].join(', ')})`, `enable it with --profile ${inactive[other][0]}`);
      else if (!services[other]) r.issue(path, `"${other}" is not a service in this stack`, didYouMean(other, names) ?? `services are: ${names.join(', ')}; for a container outside the stack write container:NAME`);
      else if (services[other].replicas === 0) r.issue(path, `"${other}" has replicas: 0, so there is no container whose namespace to share`);
      else s.dependsOn[other] ??= 'started';
    }
  }
}

/**
 * dependsOn `required: false`, as Compose reads it: a dependency that is not in the stack, or whose profile is off,
 * is dropped instead of reported. One that is there is waited for like any other (apply only warns if it fails).
 */
export function dropAbsentOptional(services: Record<string, DesiredService>, inactive: Record<string, string[]>): void {
  for (const s of Object.values(services)) {
    const absent = (s.optionalDeps ?? []).filter((dep) => !services[dep] || inactive[dep]);
    if (!absent.length) continue;
    for (const dep of absent) delete s.dependsOn[dep];
    const keep = (list: string[] | undefined) => list?.filter((d) => !absent.includes(d));
    s.optionalDeps = keep(s.optionalDeps);
    s.restartWith = keep(s.restartWith);
    if (!s.optionalDeps?.length) delete s.optionalDeps;
    if (!s.restartWith?.length) delete s.restartWith;
  }
}

/**
 * Compose's `links`: the linked service must exist, run, and be on the network the link is made on (this service's
 * first); it starts first, as a `started` dependency unless dependsOn already waits for more.
 */
export function checkLinks(r: Reader, services: Record<string, DesiredService>, inactive: Record<string, string[]>): void {
  const names = Object.keys(services);
  for (const s of Object.values(services)) {
    // With a networkMode the service's links were already reported: there is no network to make them on.
    if (s.networkMode !== undefined) continue;
    (s.links ?? []).forEach((link, i) => {
      const path = `${join(join('services', s.name), 'links')}[${i}]`;
      const other = services[link.service];
      const first = Object.keys(s.networks)[0];
      if (link.service === s.name) r.issue(path, `service "${s.name}" cannot link to itself`);
      else if (inactive[link.service]) r.issue(path, `links to "${link.service}", which is disabled (profiles: ${inactive[link.service].join(', ')})`, `enable it with --profile ${inactive[link.service][0]}`);
      else if (!other) r.issue(path, `links to "${link.service}", which is not a service in this stack`, didYouMean(link.service, names) ?? `services are: ${names.join(', ')}`);
      else if (other.replicas === 0) r.issue(path, `"${link.service}" has replicas: 0, so there is no container to link to`);
      else if (first === undefined || !(first in other.networks)) r.issue(path, `"${link.service}" is not on ${first ?? 'any network'}, the network ${s.name}'s links are made on (its first)`, `put both services on one network, listed first in ${s.name}'s networks`);
      else s.dependsOn[link.service] ??= 'started';
    });
  }
}

/** Checks that need the whole stack: references between services, cycles, host-port and name clashes. */
export function crossCheck(r: Reader, services: Record<string, DesiredService>, inactive: Record<string, string[]> = {}, oneEngine = true): void {
  const names = Object.keys(services);
  for (const s of Object.values(services)) {
    for (const dep of Object.keys(s.dependsOn)) {
      const path = join(join(join('services', s.name), 'dependsOn'), dep);
      if (dep === s.name) r.issue(path, `service "${s.name}" depends on itself`);
      else if (inactive[dep]) {
        const profiles = inactive[dep];
        r.issue(path, `depends on "${dep}", which is disabled (profiles: ${profiles.join(', ')})`, `enable it with --profile ${profiles[0]}, or name it on the command line (stack up ${s.name} ${dep})`);
      }
      else if (!services[dep]) r.issue(path, `depends on "${dep}", which is not a service in this stack`, didYouMean(dep, names) ?? `services are: ${names.join(', ')}`);
    }
    if (s.containerName !== undefined && s.replicas > 1) {
      r.issue(join(join('services', s.name), 'containerName'), `containerName "${s.containerName}" cannot be used with replicas: ${s.replicas}`, 'container names are unique; drop containerName or set replicas to 1');
    }
  }
  const edges = Object.fromEntries(Object.values(services).map((s) => [s.name, Object.keys(s.dependsOn).filter((d) => d !== s.name)]));
  const cycle = findCycle(edges);
  if (cycle) r.issue(join(join('services', cycle[0]), 'dependsOn'), `dependency cycle: ${formatCycle(cycle)}`, 'break the cycle by removing one of these dependsOn entries');

  checkHostPorts(r, services, oneEngine);
  checkContainerNames(r, services);
}

/**
 * Host ports published twice. Off one engine, replicas share a published port: a swarm's routing mesh (or each on its
 * own node, mode host), a cluster's Service in front of the pods.
 */
function checkHostPorts(r: Reader, services: Record<string, DesiredService>, oneEngine: boolean): void {
  // By protocol and port number, the addresses publishing it in the order they were met: a stack of many services
  // would otherwise compare every port with every one before it.
  const taken = new Map<string, { hostIp: string; path: string; port: DesiredPort }[]>();
  for (const s of Object.values(services)) {
    s.ports.forEach((port, i) => {
      const path = `${join(join('services', s.name), 'ports')}[${i}]`;
      const ports = hostPorts(port);
      if (s.replicas > 1 && ports.length === 1 && oneEngine) {
        r.issue(path, `host port ${ports[0]} cannot be published by ${s.replicas} replicas`, `publish a range ('${ports[0]}-${ports[0] + s.replicas - 1}:${port.target}') or let Docker pick ('${port.target}')`);
      }
      for (const hp of ports) {
        const key = `${port.protocol}|${hp}`;
        const before = taken.get(key);
        // An empty host address binds every interface, so it clashes with any address on the same port.
        const clash = before?.find((t) => t.hostIp === port.hostIp || t.hostIp === '' || port.hostIp === '');
        if (clash) {
          r.issue(path, `host port ${hp}/${port.protocol} is already published by ${clash.path} (${formatPort(clash.port)})`, 'each host port can be published once; change one of them');
          break;
        }
        if (before) before.push({ hostIp: port.hostIp, path, port });
        else taken.set(key, [{ hostIp: port.hostIp, path, port }]);
      }
    });
  }
}

function checkContainerNames(r: Reader, services: Record<string, DesiredService>): void {
  const seen = new Map<string, string>();
  for (const s of Object.values(services)) {
    if (s.containerName === undefined) continue;
    const other = seen.get(s.containerName);
    if (other) r.issue(join(join('services', s.name), 'containerName'), `containerName "${s.containerName}" is also used by service "${other}"`);
    seen.set(s.containerName, s.name);
  }
}
