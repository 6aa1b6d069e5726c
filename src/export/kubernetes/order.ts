/**
 * A stable order for the output, so that exporting twice gives the same text and a diff in git shows only what
 * changed: kinds in the order Helm installs them (what an object refers to comes before it), then names.
 */
import type { Manifest } from './types';

const KIND_ORDER = ['Namespace', 'NetworkPolicy', 'ServiceAccount', 'Secret', 'ConfigMap', 'PersistentVolumeClaim', 'Role', 'RoleBinding', 'Service', 'DaemonSet', 'Deployment', 'StatefulSet', 'Job'];

export function sortManifests(manifests: Manifest[]): Manifest[] {
  // Each object's rank and name worked out once, not in each of the sort's thousands of comparisons.
  const keyed = manifests.map((m) => ({ m, rank: KIND_ORDER.indexOf(m.object.kind ?? ''), name: m.object.metadata?.name ?? '' }));
  keyed.sort((a, b) => a.rank - b.rank || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return keyed.map((k) => k.m);
}

/**
 * One file per object in a folder: `db-statefulset.yaml`, `db-service.yaml` (kompose's names). The Namespace is
 * `00-namespace.yaml`, because `kubectl apply -f DIR` reads files in name order and it must exist first.
 */
export function fileName(m: Manifest): string {
  if (m.object.kind === 'Namespace') return '00-namespace.yaml';
  return `${m.object.metadata?.name}-${(m.object.kind ?? 'object').toLowerCase()}.yaml`;
}
