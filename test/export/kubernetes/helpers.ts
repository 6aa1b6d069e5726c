import { exportKubernetes, type KubernetesExport } from '../../../src/export/kubernetes/index';
import type { KubernetesExportOptions } from '../../../src/export/kubernetes/options';
import { resolveStack, type ResolveOptions } from '../../../src/model/normalize';

export const IMAGE = 'registry.example.com/app:1.0';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Any = any;

export interface Exported extends KubernetesExport {
  /** The object of that kind and name (throws when there is none, listing what there is). */
  get(kind: string, name: string): Any;
  has(kind: string, name: string): boolean;
  kinds(): string[];
  /** The pod template's spec of a workload. */
  pod(name: string): Any;
  container(name: string): Any;
  warningPaths(): string[];
}

/** Resolves `stack` (a stack.ts definition, project `app` unless it names one) and exports it. */
export function exported(stack: Record<string, unknown>, options: Partial<KubernetesExportOptions> = {}, resolve: Partial<ResolveOptions> = {}): Exported {
  // Resolved as `stack export kubernetes` resolves it: by a cluster's rules, not one Docker engine's.
  const state = resolveStack({ name: 'app', ...stack }, { dir: '/srv/app', exportTo: 'kubernetes', ...resolve });
  const result = exportKubernetes(state, options);
  const objects = result.manifests.map((m) => m.object as Any);
  const find = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);
  const get = (kind: string, name: string) => {
    const o = find(kind, name);
    if (!o) throw new Error(`no ${kind}/${name}; there are ${objects.map((x) => `${x.kind}/${x.metadata.name}`).join(', ')}`);
    return o;
  };
  const workload = (name: string) => objects.find((o) => ['Deployment', 'StatefulSet', 'Job', 'DaemonSet'].includes(o.kind) && o.metadata.name === name) ?? get('Deployment', name);
  return {
    ...result,
    get,
    has: (kind, name) => find(kind, name) !== undefined,
    kinds: () => objects.map((o) => `${o.kind}/${o.metadata.name}`),
    pod: (name) => workload(name).spec.template.spec,
    container: (name) => workload(name).spec.template.spec.containers[0],
    warningPaths: () => result.warnings.map((w) => w.path),
  };
}
