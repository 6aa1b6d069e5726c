/**
 * The least a pod needs to wait for Jobs (dependencies.ts): a ServiceAccount named after its service, and a Role that
 * may read those Jobs only (get, list and watch, by name), bound to it. Other pods keep the namespace's default
 * ServiceAccount and get no API token at all (automountServiceAccountToken: false in pod.ts).
 */
import type { ExportContext } from './context';
import { serviceLabels } from './labels';
import type { Manifest } from './types';

export function jobReaderObjects(service: string, jobs: string[], ctx: ExportContext): Manifest[] {
  const name = ctx.serviceNames[service];
  const roleName = `${name}-wait-for-jobs`;
  const metadata = (n: string) => ({ name: n, namespace: ctx.namespace, labels: serviceLabels(ctx.state.project, name) });
  return [
    { object: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: metadata(name) }, comment: `${service} waits for Job${jobs.length > 1 ? 's' : ''} ${jobs.join(', ')} with kubectl wait, as this account.` },
    { object: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: metadata(roleName), rules: [{ apiGroups: ['batch'], resources: ['jobs'], resourceNames: jobs, verbs: ['get', 'list', 'watch'] }] } },
    {
      object: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: metadata(roleName),
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: roleName },
        subjects: [{ kind: 'ServiceAccount', name, namespace: ctx.namespace }],
      },
    },
  ];
}
