/**
 * Validation of exported objects, offline, in two layers:
 * 1. the Kubernetes OpenAPI schema of each kind, through kubernetes-models (`validate()` checks types, required
 *    fields, enums and formats such as quantities);
 * 2. the rules the API server checks on top of the schema (apimachinery's name and label validation, pod-spec
 *    validation) and that the schema cannot express: DNS names, label syntax, unique container and volume names,
 *    mounts that name a volume, port names, a selector that matches its template, references between objects
 *    (a ConfigMap, Secret, claim or ServiceAccount a pod uses is in the output), and a StatefulSet's governing
 *    Service (headless, selecting its pods: the API accepts any name, but the pods then get no DNS names).
 * Returns every problem as `Kind/name: what`, so a failing test lists them all.
 */
import { DaemonSet, Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { Role, RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { ConfigMap, Namespace, PersistentVolumeClaim, Secret, Service, ServiceAccount } from 'kubernetes-models/v1';
import type { KubernetesObject } from '../../../src/export/kubernetes/types';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'apps/v1/DaemonSet': DaemonSet,
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'batch/v1/Job': Job,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'rbac.authorization.k8s.io/v1/Role': Role,
  'rbac.authorization.k8s.io/v1/RoleBinding': RoleBinding,
  'v1/ConfigMap': ConfigMap,
  'v1/Namespace': Namespace,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
};

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DATA_KEY = /^[-._a-zA-Z0-9]+$/;

const label = (s: string) => s.length <= 63 && DNS_1123_LABEL.test(s);
const subdomain = (s: string) => s.length <= 253 && DNS_1123_SUBDOMAIN.test(s);
const qualified = (key: string) => {
  const i = key.lastIndexOf('/');
  const name = key.slice(i + 1);
  return name.length <= 63 && QUALIFIED_NAME.test(name) && (i < 0 || subdomain(key.slice(0, i)));
};
/** IANA_SVC_NAME: what a port name must be. */
const portName = (s: string) => s.length <= 15 && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(s) && /[a-z]/.test(s) && !s.includes('--');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

/** `existingClaims`: claims the output may use without defining them (external volumes). */
export function validateObjects(objects: KubernetesObject[], { existingClaims = [] }: { existingClaims?: string[] } = {}): string[] {
  const problems: string[] = [];
  const byKind = (kind: string) => new Set(objects.filter((o) => o.kind === kind).map((o) => o.metadata?.name));
  const seen = new Set<string>();
  for (const o of objects as Any[]) {
    const id = `${o.kind}/${o.metadata?.name}`;
    const fail = (what: string) => problems.push(`${id}: ${what}`);
    const Model = MODELS[`${o.apiVersion}/${o.kind}`];
    if (!Model) fail(`no schema for ${o.apiVersion} ${o.kind}`);
    else {
      try {
        new Model(o).validate();
      } catch (err) {
        fail(`schema: ${(err as Error).message}`);
      }
    }
    if (seen.has(id)) fail('defined twice');
    seen.add(id);
    metaProblems(o, fail);
    if (o.kind === 'Service') serviceProblems(o, fail);
    const template = ['Job', 'Deployment', 'StatefulSet', 'DaemonSet'].includes(o.kind) ? o.spec.template : undefined;
    if (template) {
      metaProblems({ ...template.metadata, name: 'template' }, (w) => fail(`template ${w}`));
      if (o.spec.selector) {
        for (const [k, v] of Object.entries(o.spec.selector.matchLabels ?? {})) if (template.metadata?.labels?.[k] !== v) fail(`selector ${k}=${v} does not match the template's labels`);
      }
      if (o.kind === 'Job' && !['Never', 'OnFailure'].includes(template.spec.restartPolicy)) fail('a Job needs restartPolicy Never or OnFailure');
      const claimTemplates = new Set<string>((o.spec.volumeClaimTemplates ?? []).map((t: Any) => t.metadata.name));
      podProblems(template.spec, claimTemplates, fail, { configMaps: byKind('ConfigMap'), secrets: byKind('Secret'), claims: new Set([...byKind('PersistentVolumeClaim'), ...existingClaims]), accounts: byKind('ServiceAccount') });
      if (o.kind === 'StatefulSet') statefulSetProblems(o, objects.find((x) => x.kind === 'Service' && x.metadata?.name === o.spec.serviceName), fail);
    }
    if (o.kind === 'Secret') for (const [k, v] of Object.entries(o.data ?? {})) if (!DATA_KEY.test(k) || !/^[A-Za-z0-9+/]*={0,2}$/.test(String(v))) fail(`data ${k} is not a valid key with a base64 value`);
    if (o.kind === 'ConfigMap') for (const k of Object.keys(o.data ?? {})) if (!DATA_KEY.test(k)) fail(`data key ${k} is not valid`);
    if (o.kind === 'RoleBinding' && !byKind('Role').has(o.roleRef.name)) fail(`roleRef ${o.roleRef.name} is not a Role of the output`);
    if (o.kind === 'RoleBinding') for (const s of o.subjects) if (s.kind === 'ServiceAccount' && (!s.namespace || !byKind('ServiceAccount').has(s.name))) fail(`subject ${s.name} is not a ServiceAccount of the output with a namespace`);
  }
  return problems;
}

/** The governing Service Kubernetes documents for a StatefulSet: headless, selecting its pods. */
function statefulSetProblems(o: Any, service: Any, fail: (what: string) => void): void {
  if (!service) return fail(`serviceName ${o.spec.serviceName} is not a Service of the output`);
  if (service.spec.clusterIP !== 'None') fail(`serviceName ${o.spec.serviceName} is not a headless Service (clusterIP: None)`);
  const selector = Object.entries(service.spec.selector ?? {});
  if (selector.length === 0 || selector.some(([k, v]) => o.spec.template.metadata?.labels?.[k] !== v)) fail(`serviceName ${o.spec.serviceName} does not select the StatefulSet's pods`);
}

function metaProblems(o: Any, fail: (what: string) => void): void {
  const name: string = o.metadata?.name ?? o.name;
  if (o.kind === 'Service' || o.kind === 'Namespace') {
    if (!(name.length <= 63 && (o.kind === 'Service' ? DNS_1035_LABEL : DNS_1123_LABEL).test(name))) fail(`name "${name}" is not a valid ${o.kind} name`);
  } else if (o.kind && !subdomain(name)) fail(`name "${name}" is not a DNS-1123 subdomain`);
  if (o.kind && o.kind !== 'Namespace' && !o.metadata?.namespace) fail('has no namespace');
  const meta = o.metadata ?? o;
  for (const [k, v] of Object.entries(meta.labels ?? {})) if (!qualified(k) || !(String(v).length <= 63 && LABEL_VALUE.test(String(v)))) fail(`label ${k}=${v} is not valid`);
  for (const k of Object.keys(meta.annotations ?? {})) if (!qualified(k)) fail(`annotation key ${k} is not valid`);
}

function serviceProblems(o: Any, fail: (what: string) => void): void {
  const ports: Any[] = o.spec.ports ?? [];
  if (ports.length === 0 && o.spec.clusterIP !== 'None') fail('a Service needs ports (unless headless)');
  if (ports.length > 1 && ports.some((p) => !p.name)) fail('every port needs a name when there are several');
  const names = ports.map((p) => p.name).filter(Boolean);
  if (new Set(names).size !== names.length) fail('port names repeat');
  for (const n of names) if (!portName(n)) fail(`port name ${n} is not an IANA service name`);
  const keys = ports.map((p) => `${p.port}/${p.protocol}`);
  if (new Set(keys).size !== keys.length) fail('a port and protocol repeat');
  for (const p of ports) if (p.nodePort !== undefined && (o.spec.type === undefined || o.spec.type === 'ClusterIP')) fail('nodePort on a ClusterIP Service');
}

function podProblems(spec: Any, claimTemplates: Set<string>, fail: (what: string) => void, refs: Record<'configMaps' | 'secrets' | 'claims' | 'accounts', Set<string | undefined>>): void {
  const containers: Any[] = [...(spec.initContainers ?? []), ...spec.containers];
  const names = containers.map((c) => c.name);
  if (new Set(names).size !== names.length) fail(`container names repeat: ${names.join(', ')}`);
  const volumes = new Map<string, Any>((spec.volumes ?? []).map((v: Any) => [v.name, v]));
  if (volumes.size !== (spec.volumes ?? []).length) fail('volume names repeat');
  for (const v of volumes.keys()) if (!label(v)) fail(`volume name ${v} is not a DNS label`);
  for (const t of claimTemplates) if (volumes.has(t)) fail(`volume ${t} is also a claim template`);
  for (const v of volumes.values()) {
    if (v.configMap && !refs.configMaps.has(v.configMap.name)) fail(`volume ${v.name} uses ConfigMap ${v.configMap.name}, not in the output`);
    if (v.secret && !refs.secrets.has(v.secret.secretName)) fail(`volume ${v.name} uses Secret ${v.secret.secretName}, not in the output`);
    if (v.persistentVolumeClaim && !refs.claims.has(v.persistentVolumeClaim.claimName)) fail(`volume ${v.name} uses claim ${v.persistentVolumeClaim.claimName}, not in the output`);
  }
  if (spec.serviceAccountName && !refs.accounts.has(spec.serviceAccountName)) fail(`ServiceAccount ${spec.serviceAccountName} is not in the output`);
  for (const c of containers) {
    if (!label(c.name)) fail(`container name ${c.name} is not a DNS label`);
    if (!c.image) fail(`container ${c.name} has no image`);
    const mountPaths = new Set<string>();
    for (const m of c.volumeMounts ?? []) {
      if (!volumes.has(m.name) && !claimTemplates.has(m.name)) fail(`container ${c.name} mounts ${m.name}, which is no volume of the pod`);
      if (mountPaths.has(m.mountPath)) fail(`container ${c.name} mounts ${m.mountPath} twice`);
      mountPaths.add(m.mountPath);
    }
    const portNames = (c.ports ?? []).map((p: Any) => p.name).filter(Boolean);
    for (const n of portNames) if (!portName(n)) fail(`container port name ${n} is not an IANA service name`);
    if (new Set(portNames).size !== portNames.length) fail(`container ${c.name} port names repeat`);
    for (const e of c.env ?? []) {
      const ref = e.valueFrom?.secretKeyRef;
      if (ref && !refs.secrets.has(ref.name)) fail(`env ${e.name} reads Secret ${ref.name}, not in the output`);
    }
    for (const f of c.envFrom ?? []) {
      if (f.configMapRef && !refs.configMaps.has(f.configMapRef.name)) fail(`envFrom ConfigMap ${f.configMapRef.name} is not in the output`);
      if (f.secretRef && !refs.secrets.has(f.secretRef.name)) fail(`envFrom Secret ${f.secretRef.name} is not in the output`);
    }
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
      if (c[probe] && !(c[probe].exec?.command?.length > 0)) fail(`container ${c.name} ${probe} has no command`);
    }
  }
}
