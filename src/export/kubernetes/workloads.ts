/** A service's pod wrapped in its controller (the kind workload-kind.ts and claims.ts chose): Deployment, StatefulSet or Job. */
import type { DesiredService } from '../../model/desired';
import type { ExportContext } from './context';
import { selectorLabels } from './labels';
import type { Pod } from './pod';
import type { IPersistentVolumeClaim, Manifest, ObjectMeta } from './types';

export function workloadObject(s: DesiredService, pod: Pod, ctx: ExportContext): Manifest {
  const name = ctx.serviceNames[s.name];
  const metadata: ObjectMeta = { name, namespace: ctx.namespace, labels: pod.workloadMeta.labels, ...(Object.keys(pod.workloadMeta.annotations).length ? { annotations: pod.workloadMeta.annotations } : {}) };
  const template = { metadata: pod.metadata, spec: pod.spec };
  const selector = { matchLabels: selectorLabels(ctx.state.project, name) };
  const kind = ctx.kinds[s.name];
  if (kind === 'Job') {
    const retries = /^on-failure:(\d+)$/.exec(s.restart);
    return {
      object: {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata,
        spec: {
          // restart 'no' runs it once, as the container engine does; on-failure:N retries N times.
          backoffLimit: retries ? Number(retries[1]) : s.restart.startsWith('on-failure') ? 6 : 0,
          ...(s.replicas > 1 ? { completions: s.replicas, parallelism: s.replicas } : {}),
          ...(s.replicas === 0 ? { suspend: true } : {}),
          template,
        },
      },
      comment: `${s.name} runs to completion: ${dependants(s, ctx).join(', ')} wait${dependants(s, ctx).length > 1 ? '' : 's'} for it (dependsOn: completed). A Job's pod template cannot change: delete the Job (kubectl -n ${ctx.namespace} delete job ${name}) before applying a changed one.`,
    };
  }
  if (kind === 'StatefulSet') {
    const claims = pod.templates.map((t) => `${t.metadata?.name}-${name}-0`);
    return {
      object: { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata, spec: { serviceName: name, replicas: s.replicas, selector, template, volumeClaimTemplates: pod.templates as IPersistentVolumeClaim[] } },
      comment: `A StatefulSet rather than a Deployment: ${s.name} keeps its data in ${claims.length > 1 ? 'the claims' : 'the claim'} ${claims.join(', ')}, and a StatefulSet runs at most one pod on it, where a Deployment's rolling update would start a second one while the first still holds it. The claim outlives the StatefulSet, as a named volume outlives stack down.`,
    };
  }
  return { object: { apiVersion: 'apps/v1', kind: 'Deployment', metadata, spec: { replicas: s.replicas, selector, template } } };
}

function dependants(s: DesiredService, ctx: ExportContext): string[] {
  return Object.values(ctx.state.services).filter((o) => o.dependsOn[s.name] === 'completed').map((o) => o.name);
}
