/**
 * ports → Services. A service's Service bears its name and its container ports, so `db:5432` reaches it inside the
 * cluster exactly as on a Docker network. Published ports make that Service a LoadBalancer (or NodePort, by flag).
 * When being public would change what the name offers inside the cluster (a published port that differs from its
 * container port, on a LoadBalancer; or ports the service does not publish), the published ports get a Service of
 * their own, `<name>-public`, and `<name>` stays a ClusterIP. Ports published on 127.0.0.1 stay inside the cluster.
 * A service that declares no ports gets a headless Service (no cluster IP, no ports): its name then resolves to its
 * Ready pods' own addresses, so every port it listens on is reachable by name, as on a Docker network, where Compose
 * files rarely list the ports services use among themselves. (One-shot Jobs get none: nothing connects to them.)
 * Network aliases are more DNS names for the same pods: a Service each, shaped like the service's own.
 * A StatefulSet's Services inside the cluster are headless, and one of them governs it (governing-service.ts).
 */
import type { DesiredPort, DesiredService } from '../../model/desired';
import type { ExportContext } from './context';
import { readyServiceName, waitedForWithoutTcp } from './dependencies';
import { governingServiceName } from './governing-service';
import { selectorLabels, serviceLabels } from './labels';
import { serviceName } from './naming';
import { containerPorts, isLoopback, ownServiceIsPublic, type ContainerPort } from './ports';
import { servicePath } from './report';
import type { IService, IServicePort, Manifest } from './types';

const NODE_PORTS = { min: 30000, max: 32767 };

export function serviceObjects(s: DesiredService, ctx: ExportContext, taken: Map<string, string>): Manifest[] {
  const ports = containerPorts(s);
  const name = ctx.serviceNames[s.name];
  if (ports.length === 0) return ctx.kinds[s.name] === 'Job' ? [] : headless(s, ctx, taken);
  const type = ctx.options.serviceType;
  const published: { port: DesiredPort; index: number }[] = [];
  s.ports.forEach((port, index) => {
    if (!isLoopback(port.hostIp)) published.push({ port, index });
    else ctx.report.warn(servicePath(s.name, `ports[${index}]`), `is published on ${port.hostIp} only, so it stays inside the cluster (no ${type})`, `reach it from this machine with kubectl -n ${ctx.namespace} port-forward service/${name} ${port.published?.split('-')[0] ?? port.target}:${port.target}`);
  });
  const out: Manifest[] = [];
  const governing = governingServiceName(s, ctx);
  // deploy.endpointMode: dnsrr: the name resolves to the pods themselves, as a headless Service does. A StatefulSet's
  // names inside the cluster do the same, so that its own one can govern it (governing-service.ts) and its aliases
  // stay shaped like it.
  const headlessInside = s.deploy?.endpointMode === 'dnsrr' || governing !== undefined;
  const make = (objectName: string, serviceType: 'ClusterIP' | 'LoadBalancer' | 'NodePort', servicePorts: IServicePort[], comment?: string): void => {
    taken.set(objectName, `service ${s.name}'s ${objectName === name ? 'Service' : `Service ${objectName}`}`);
    const object: IService = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: objectName, namespace: ctx.namespace, labels: serviceLabels(ctx.state.project, name) },
      spec: { ...(serviceType === 'ClusterIP' ? (headlessInside ? { clusterIP: 'None' } : {}) : { type: serviceType }), selector: selectorLabels(ctx.state.project, name), ports: servicePorts },
    };
    out.push({ object, ...(comment ? { comment } : {}) });
  };
  const internal = (p: ContainerPort): IServicePort => ({ name: p.name, port: p.port, targetPort: p.port, protocol: p.protocol });
  const ownComment = governing === name ? governedComment(s, ctx) : undefined;
  if (published.length === 0) make(name, 'ClusterIP', ports.map(internal), ownComment);
  else {
    const publicPorts = published.map(({ port, index }) => publicPort(s, port, index, ctx));
    if (ownServiceIsPublic(s, type)) make(name, type, dedupe(publicPorts));
    else {
      make(name, 'ClusterIP', ports.map(internal), ownComment);
      const publicName = `${name}-public`;
      // Another name would break nothing inside the cluster, but users look the public Service up by this one.
      if (isFree(ctx, taken, servicePath(s.name, 'ports'), publicName, 'for its published ports')) make(publicName, type, dedupe(publicPorts), `The ports ${s.name} publishes; ${name} itself keeps its container ports inside the cluster, as on a Docker network.`);
    }
  }
  if (governing !== undefined && governing !== name && isFree(ctx, taken, servicePath(s.name, 'ports'), governing, `to govern its StatefulSet (${name} is its ${type})`)) {
    make(governing, 'ClusterIP', ports.map(internal), `The governing Service of StatefulSet ${name} (its serviceName): headless, so its pod has a DNS name of its own, ${name}-0.${governing}. ${name} itself is the ${type} of its published ports, which a headless Service cannot be. Where an earlier export named ${name} as its serviceName, which cannot change, kubectl apply refuses the StatefulSet: run kubectl -n ${ctx.namespace} delete statefulset ${name} --cascade=orphan (its pod and claim stay), and apply again.`);
  }
  for (const alias of freeAliases(s, ctx, taken)) make(alias.name, 'ClusterIP', ports.map(internal), `Network alias ${alias.alias} of ${s.name}: one more DNS name for the same pods.`);
  const waiting = waitedForWithoutTcp(s, ctx);
  if (waiting.length) {
    const ready = readyServiceName(name);
    if (isFree(ctx, taken, servicePath(s.name), ready, `(${waiting.join(', ')} wait for it, and it has no TCP port to try)`)) {
      taken.set(ready, `service ${s.name}'s Service ${ready}`);
      out.push({
        object: { apiVersion: 'v1', kind: 'Service', metadata: { name: ready, namespace: ctx.namespace, labels: serviceLabels(ctx.state.project, name) }, spec: { clusterIP: 'None', selector: selectorLabels(ctx.state.project, name) } },
        comment: `${waiting.join(', ')} wait${waiting.length > 1 ? '' : 's'} for ${s.name}, whose ports are not TCP, so no connection can tell that it is up. This headless Service's name resolves only while a pod of ${s.name} is Ready (its healthcheck passes): the wait looks it up.`,
      });
    }
  }
  return out;
}

/** Why a StatefulSet's own Service is headless: it governs the StatefulSet (governing-service.ts). */
function governedComment(s: DesiredService, ctx: ExportContext): string {
  const name = ctx.serviceNames[s.name];
  return `Headless, as the governing Service of StatefulSet ${name} (its serviceName): ${name} resolves to its one pod's address while it is Ready, as on a Docker network, and the pod has a name of its own, ${name}-0.${name}. Where an earlier export made ${name} with a cluster IP, which cannot be removed, kubectl apply refuses this one: run kubectl -n ${ctx.namespace} delete service ${name}, and apply again.`;
}

/** Whether a Service `s` needs (`purpose`) may be called `wanted`; if another holds the name, an error says whose. */
function isFree(ctx: ExportContext, taken: Map<string, string>, path: string, wanted: string, purpose: string): boolean {
  const owner = taken.get(wanted);
  if (owner !== undefined) ctx.report.error(path, `needs a Service named "${wanted}" ${purpose}, and that is the name of ${owner}`, 'rename one of them (Kubernetes names are unique per kind)');
  return owner === undefined;
}

/**
 * The aliases that can have a Service: one whose name is taken (another service's name, or a Service made already)
 * is left out with a warning, since the name already reaches other pods and two Services cannot share it.
 */
function freeAliases(s: DesiredService, ctx: ExportContext, taken: Map<string, string>): { alias: string; name: string }[] {
  const out: { alias: string; name: string }[] = [];
  for (const alias of aliases(s)) {
    const aliasName = serviceName(alias);
    const owner = taken.get(aliasName);
    if (owner !== undefined) {
      ctx.report.warn(servicePath(s.name, 'networks'), `alias "${alias}" is left out: "${aliasName}" is the name of ${owner}, and Kubernetes names are unique per kind`, `on the cluster "${alias}" reaches ${owner}: rename the alias if it must reach ${s.name}`);
      continue;
    }
    if (aliasName !== alias.toLowerCase()) ctx.report.warn(servicePath(s.name, 'networks'), `alias "${alias}" is named "${aliasName}" on Kubernetes`, `references to "${alias}" do not resolve on the cluster`);
    taken.set(aliasName, `service ${s.name}'s alias Service ${aliasName}`);
    out.push({ alias, name: aliasName });
  }
  return out;
}

function headless(s: DesiredService, ctx: ExportContext, taken: Map<string, string>): Manifest[] {
  const name = ctx.serviceNames[s.name];
  const make = (objectName: string, comment: string): Manifest => {
    taken.set(objectName, `service ${s.name}'s Service ${objectName}`);
    return {
      object: { apiVersion: 'v1', kind: 'Service', metadata: { name: objectName, namespace: ctx.namespace, labels: serviceLabels(ctx.state.project, name) }, spec: { clusterIP: 'None', selector: selectorLabels(ctx.state.project, name) } },
      comment,
    };
  };
  const out = [make(name, `${s.name} declares no ports: a headless Service, so ${name} resolves to its pods' addresses and any port it listens on is reachable, as on a Docker network.`)];
  for (const alias of freeAliases(s, ctx, taken)) out.push(make(alias.name, `Network alias ${alias.alias} of ${s.name}: one more DNS name for the same pods.`));
  return out;
}

/** A published port on the public Service: the published number outside, the container port inside. */
function publicPort(s: DesiredService, p: DesiredPort, index: number, ctx: ExportContext): IServicePort {
  const [from, to] = (p.published ?? String(p.target)).split('-').map(Number);
  const path = servicePath(s.name, `ports[${index}]`);
  if (to !== undefined && to !== from) ctx.report.warn(path, `host port range ${p.published} becomes port ${from}: a Service spreads connections over the replicas itself`);
  const protocol = p.protocol === 'udp' ? 'UDP' : 'TCP';
  const name = `${p.protocol}-${from}`;
  if (ctx.options.serviceType === 'LoadBalancer') return { name, port: from, targetPort: p.target, protocol };
  if (p.published !== undefined && (from < NODE_PORTS.min || from > NODE_PORTS.max)) {
    ctx.report.warn(path, `host port ${from} cannot be a NodePort (${NODE_PORTS.min}-${NODE_PORTS.max}): the cluster picks one`, `kubectl -n ${ctx.namespace} get service shows it; or publish a port in that range`);
  }
  const nodePort = p.published !== undefined && from >= NODE_PORTS.min && from <= NODE_PORTS.max ? { nodePort: from } : {};
  return { name: `${p.protocol}-${p.target}`, port: p.target, targetPort: p.target, protocol, ...nodePort };
}

function dedupe(ports: IServicePort[]): IServicePort[] {
  return ports.filter((p, i) => ports.findIndex((q) => q.port === p.port && q.protocol === p.protocol) === i);
}

function aliases(s: DesiredService): string[] {
  return [...new Set(Object.values(s.networks).flatMap((n) => n.aliases))].filter((a) => a !== s.name);
}
