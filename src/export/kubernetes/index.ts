/**
 * `stack export kubernetes`: the resolved stack (what `stack config` shows, env overlay and profiles applied) mapped
 * to Kubernetes objects, a pure function. Each concern is a file of this folder: naming and labels, workloads and
 * their kinds, the pod and its container, probes, environment, secrets, volumes and claims, Services, dependency
 * waits (and the RBAC they need), network policies, and the warnings for keys a cluster cannot honour.
 */
import type { Issue } from '../../errors';
import type { DesiredState } from '../../model/desired';
import { buildContext, exportedServices } from './context';
import { DNS_SUBDOMAIN, stackLabels } from './labels';
import { DNS_1123_LABEL } from './naming';
import { networkPolicyObjects } from './network-policies';
import { DEFAULT_KUBECTL_IMAGE, DEFAULT_WAIT_IMAGE, withDefaults, type KubernetesExportOptions } from './options';
import { sortManifests } from './order';
import { podFor } from './pod';
import { Report } from './report';
import { serviceObjects } from './services';
import type { Manifest } from './types';
import { warnUnsupported } from './unsupported';
import { claimObjects } from './volumes';
import { workloadObject } from './workloads';

export type { KubernetesExportOptions } from './options';
export type { Manifest, KubernetesObject } from './types';

export interface KubernetesExport {
  /** In output order. */
  manifests: Manifest[];
  namespace: string;
  /** Keys the cluster cannot honour as the container engine does (errors under --strict). */
  warnings: Issue[];
  /** What cannot be exported as asked (a bind mount without --bind-mounts host-path, two names that meet). */
  errors: Issue[];
}

/**
 * The last guard against two objects of one kind and name, whatever made them (two networks that map to one
 * NetworkPolicy name, a service named like another's generated object): kubectl apply would keep the last, and a
 * folder export would write one file over the other, so one object would be lost without a word.
 */
function reportDuplicates(manifests: Manifest[], report: Report): void {
  const seen = new Set<string>();
  for (const m of manifests) {
    const key = `${m.object.kind}/${m.object.metadata?.name}`;
    if (seen.has(key)) report.error(m.object.kind === 'NetworkPolicy' ? 'networks' : 'services', `two objects would be named ${key}, and one would replace the other`, 'rename one of the services or networks they come from');
    seen.add(key);
  }
}

export function exportKubernetes(state: DesiredState, options: Partial<KubernetesExportOptions> = {}): KubernetesExport {
  const report = new Report();
  const opts = withDefaults(options);
  if (opts.namespace !== undefined && (!DNS_1123_LABEL.test(opts.namespace) || opts.namespace.length > 63)) {
    report.error('--namespace', `"${opts.namespace}" is not a valid namespace name`, 'lowercase letters, digits and "-", at most 63, starting and ending with a letter or digit');
  }
  // Checked as the API server would, so that the output it refuses is never written.
  if (opts.storageClass !== undefined && (!DNS_SUBDOMAIN.test(opts.storageClass) || opts.storageClass.length > 253)) {
    report.error('--storage-class', `"${opts.storageClass}" is not a valid storage class name`, 'lowercase letters, digits, "-" and ".", at most 253, starting and ending with a letter or digit; kubectl get storageclass lists those of the cluster');
  }
  for (const [flag, image] of [['--wait-image', opts.waitImage], ['--kubectl-image', opts.kubectlImage]] as const) {
    if (!image.trim() || /\s/.test(image)) report.error(flag, `"${image}" is not an image name`, `name an image, such as ${flag === '--wait-image' ? DEFAULT_WAIT_IMAGE : DEFAULT_KUBECTL_IMAGE} (the default)`);
  }
  const ctx = buildContext(state, opts, report);
  // The one name users type in every kubectl -n: a change is said, as a service's is.
  if (opts.namespace === undefined && ctx.namespace !== state.project) {
    report.warn('name', `the namespace is "${ctx.namespace}" ("${state.project}" is not a valid namespace name: lowercase letters, digits and "-", at most 63)`, `use kubectl -n ${ctx.namespace}, or rename the project, or pass --namespace NAME to choose an existing one`);
  }
  const services = exportedServices(ctx);
  const manifests: Manifest[] = [];
  if (opts.namespace === undefined) {
    manifests.push({
      object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ctx.namespace, labels: stackLabels(state.project) } },
      comment: `The stack's namespace (its project name; --namespace NS puts everything in an existing one instead). Deleting it deletes the volumes' claims too: data is lost.`,
    });
  }
  // Every Service name handed out so far, and whose it is: each service's own name first, so that no `-public` or
  // alias Service of another can take it.
  const serviceNamesTaken = new Map(Object.entries(ctx.serviceNames).map(([service, name]) => [name, `service ${service}`]));
  for (const s of services) {
    warnUnsupported(s, ctx);
    const pod = podFor(s, ctx);
    manifests.push(...pod.objects, workloadObject(s, pod, ctx), ...serviceObjects(s, ctx, serviceNamesTaken));
  }
  manifests.push(...claimObjects(ctx), ...networkPolicyObjects(services, ctx));
  reportDuplicates(manifests, report);
  return { manifests: sortManifests(manifests), namespace: ctx.namespace, warnings: report.warnings, errors: report.errors };
}
