/**
 * Kubernetes names. A stack's service name is also its DNS name (`db:5432`), so each service keeps its name as the
 * Service's name whenever Kubernetes allows it; when it does not (`my_service`, `API.v2`), the name is made valid and
 * the change is a warning, because a reference to the old name in an environment value or a command would no longer
 * resolve.
 */
import { Report, servicePath } from './report';
import type { DesiredState } from '../../model/desired';

/** RFC 1035 label: what a Service name must be, and so, to keep one name per service, every object named after it. */
export const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** RFC 1123 label: names of containers, pod volumes, namespaces. */
export const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/**
 * Longest service name kept: a StatefulSet's pods carry a `controller-revision-hash` label of the name plus 11
 * characters, which must fit in a label's 63.
 */
export const MAX_SERVICE_NAME = 52;

/** Lowercase, every other character a '-', no '-' at either end, at most `max` characters; '' when nothing is left. */
export function dnsLabel(name: string, max = 63): string {
  return name.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, max).replace(/^-+|-+$/g, '');
}

/** A Service-valid name for a stack service (a letter first: `1st` → `svc-1st`). */
export function serviceName(name: string): string {
  const label = dnsLabel(name, MAX_SERVICE_NAME);
  return DNS_1035_LABEL.test(label) ? label : dnsLabel(`svc-${label || 'unnamed'}`, MAX_SERVICE_NAME);
}

/** Names every service and volume of the stack; a changed service name is a warning, two that meet an error. */
export function nameResources(state: DesiredState, report: Report): { services: Record<string, string>; volumes: Record<string, string> } {
  const services: Record<string, string> = {};
  const taken = new Map<string, string>();
  for (const name of Object.keys(state.services)) {
    const k8s = serviceName(name);
    const other = taken.get(k8s);
    if (other !== undefined) {
      report.error(servicePath(name), `is named "${k8s}" on Kubernetes, as is service "${other}"`, 'Kubernetes names are lowercase letters, digits and "-"; rename one of them');
      continue;
    }
    taken.set(k8s, name);
    services[name] = k8s;
    // DNS is case-insensitive, so `API` → `api` breaks no reference.
    if (k8s !== name.toLowerCase()) {
      const why = dnsLabel(name, 1000).length > MAX_SERVICE_NAME ? `longer than ${MAX_SERVICE_NAME} characters` : 'not a valid Service name there';
      report.warn(servicePath(name), `is named "${k8s}" on Kubernetes ("${name}" is ${why})`, `references to "${name}" (in environment values, commands, config files) do not resolve on the cluster: rename the service to "${k8s}" or update them`);
    }
  }
  const volumes: Record<string, string> = {};
  const claimed = new Map<string, string>();
  for (const v of Object.values(state.volumes)) {
    // An external volume is a claim that exists already: keep its name exactly (made valid, if it must be).
    const base = dnsLabel(v.external ? v.name : v.key) || 'volume';
    let k8s = base;
    for (let i = 2; claimed.has(k8s); i++) k8s = `${base.slice(0, 60)}-${i}`;
    claimed.set(k8s, v.key);
    volumes[v.key] = k8s;
  }
  return { services, volumes };
}

/** Hands out names unique within one pod (volumes, containers), suffixing `-2`, `-3` on a clash. */
export class UniqueNames {
  private readonly used = new Set<string>();

  take(wanted: string): string {
    const base = dnsLabel(wanted) || 'x';
    let name = base;
    for (let i = 2; this.used.has(name); i++) name = `${base.slice(0, 60)}-${i}`;
    this.used.add(name);
    return name;
  }
}
