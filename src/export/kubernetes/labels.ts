/**
 * The recommended `app.kubernetes.io/*` labels, so `kubectl get all -l app.kubernetes.io/instance=shop` lists a stack
 * and `-l app.kubernetes.io/name=db` one service, as with a Helm release: `name` is the service, `instance` the
 * project (name and instance together select a service's pods), `managed-by` says who wrote the object.
 */
import { Report } from './report';

export const NAME = 'app.kubernetes.io/name';
export const INSTANCE = 'app.kubernetes.io/instance';
export const MANAGED_BY = 'app.kubernetes.io/managed-by';

/** A label value: at most 63 characters, alphanumerics at both ends, `-_.` between. */
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
/** RFC 1123 subdomain: label and annotation key prefixes, storage class names. */
export const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function labelValue(text: string): string {
  return text.slice(0, 63).replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
}

export function isLabelValue(text: string): boolean {
  return text.length <= 63 && LABEL_VALUE.test(text);
}

/** `prefix/name` or `name`, as label and annotation keys must be. */
export function isQualifiedName(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  return name.length <= 63 && LABEL_NAME.test(name) && (prefix === undefined || (prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix)));
}

/** Labels on every object of the stack. */
export function stackLabels(project: string): Record<string, string> {
  return { [INSTANCE]: labelValue(project), [MANAGED_BY]: 'stackfile' };
}

/** What a service's workload selects its pods by (never changes, since a selector is immutable). */
export function selectorLabels(project: string, service: string): Record<string, string> {
  return { [NAME]: service, [INSTANCE]: labelValue(project) };
}

/** Labels on every object that belongs to one service. */
export function serviceLabels(project: string, service: string): Record<string, string> {
  return { ...selectorLabels(project, service), [MANAGED_BY]: 'stackfile' };
}

/**
 * A service's own `labels`: those valid as Kubernetes labels become labels (never the recommended ones, which
 * stackfile owns), values labels cannot hold (spaces, `Host(\`x\`)`) become annotations, and keys neither can
 * hold are dropped with a warning.
 */
export function userLabels(labels: Record<string, string>, path: string, report: Report): { labels: Record<string, string>; annotations: Record<string, string> } {
  const out = { labels: {} as Record<string, string>, annotations: {} as Record<string, string> };
  for (const [key, value] of Object.entries(labels)) {
    if (key.startsWith('app.kubernetes.io/')) {
      report.warn(`${path}.labels`, `label "${key}" is left out: stackfile sets the app.kubernetes.io labels itself`);
    } else if (!isQualifiedName(key) || /(^|\.)(kubernetes|k8s)\.io\//.test(key)) {
      report.warn(`${path}.labels`, `label "${key}" is left out: not a valid Kubernetes label or annotation key`, 'keys are [prefix/]name: a DNS subdomain prefix and a name of at most 63 letters, digits, "-", "_", "."');
    } else if (isLabelValue(value)) out.labels[key] = value;
    else out.annotations[key] = value;
  }
  return out;
}
