/**
 * A service's pod wrapped in its controller (the kind workload-kind.ts and claims.ts chose): Deployment, StatefulSet,
 * Job or DaemonSet. `deploy.labels` (Swarm's labels of the service, not of its containers) label the controller;
 * `deploy.updateConfig.order` and `parallelism` shape a Deployment's rolling update.
 */
import type { DesiredService } from '../../model/desired';
import type { ExportContext } from './context';
import { governingServiceName } from './governing-service';
import { isLabelValue, isQualifiedName, selectorLabels } from './labels';
import type { Pod } from './pod';
import { servicePath } from './report';
import { JOB_RETRIES, jobReason } from './workload-kind';
import type { IPersistentVolumeClaim, Manifest, ObjectMeta } from './types';

export function workloadObject(s: DesiredService, pod: Pod, ctx: ExportContext): Manifest {
  const name = ctx.serviceNames[s.name];
  const deployLabels = Object.fromEntries(Object.entries(s.deploy?.labels ?? {}).filter(([k, v]) => isQualifiedName(k) && isLabelValue(v) && !k.startsWith('app.kubernetes.io/')));
  const metadata: ObjectMeta = { name, namespace: ctx.namespace, labels: { ...pod.workloadMeta.labels, ...deployLabels }, ...(Object.keys(pod.workloadMeta.annotations).length ? { annotations: pod.workloadMeta.annotations } : {}) };
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
          // restart 'no' runs it once, as the container engine does, which does not run a failed one again either;
          // on-failure:N retries N times; on-failure, always and unless-stopped, which retry without end on the engine,
          // JOB_RETRIES times (with OnFailure, pod.ts).
          backoffLimit: retries ? Number(retries[1]) : /^(on-failure|always|unless-stopped)/.test(s.restart) ? JOB_RETRIES : 0,
          // Each replica is a container of its own on the engine: that many pods at once, each to succeed once.
          // backoffLimit counts the failures of them all: with 0, one failed pod fails the Job and stops the others,
          // where the engine would let them run (backoffLimitPerIndex would not, but is stable only since Kubernetes 1.33).
          ...(s.replicas > 1 ? { completions: s.replicas, parallelism: s.replicas } : {}),
          ...(s.replicas === 0 ? { suspend: true } : {}),
          template,
        },
      },
      comment: `${s.name} runs to completion: ${jobReason(ctx.state, s.name)}. A Job's pod template cannot change: delete the Job (kubectl -n ${ctx.namespace} delete job ${name}) before applying a changed one.`,
    };
  }
  if (kind === 'StatefulSet') {
    const claims = pod.templates.map((t) => `${t.metadata?.name}-${name}-0`);
    return {
      object: { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata, spec: { serviceName: governingServiceName(s, ctx) ?? name, replicas: s.replicas, selector, template, volumeClaimTemplates: pod.templates as IPersistentVolumeClaim[] } },
      comment: `A StatefulSet rather than a Deployment: ${s.name} keeps its data in ${claims.length > 1 ? 'the claims' : 'the claim'} ${claims.join(', ')}, and a StatefulSet runs at most one pod on it, where a Deployment's rolling update would start a second one while the first still holds it. The claim outlives the StatefulSet, as a named volume outlives stack down.`,
    };
  }
  if (kind === 'DaemonSet') {
    return { object: { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata, spec: { selector, template } }, comment: `${s.name} runs one pod on every node (deploy.mode: global).` };
  }
  const claims = (pod.spec.volumes ?? []).flatMap((v) => (v.persistentVolumeClaim ? [v.persistentVolumeClaim.claimName] : []));
  if (s.replicas === 1 && claims.length) {
    if (s.deploy?.updateConfig?.order === 'start-first') ctx.report.warn(servicePath(s.name, 'deploy.updateConfig.order'), `start-first is dropped: ${s.name} has one replica and mounts a claim (${claims.join(', ')}), so its pod is replaced by stopping the old one first (strategy Recreate)`, 'give it more replicas on a ReadWriteMany claim if it must stay up during an update');
    return {
      object: { apiVersion: 'apps/v1', kind: 'Deployment', metadata, spec: { replicas: s.replicas, strategy: { type: 'Recreate' }, selector, template } },
      comment: `strategy Recreate: ${s.name} has one replica and mounts the claim${claims.length > 1 ? 's' : ''} ${claims.join(', ')}. A rolling update would start the new pod while the old one still holds ${claims.length > 1 ? 'them' : 'it'}: a ReadWriteOnce claim refuses it (Multi-Attach error, the rollout stalls), and on one node two processes would share the data. So the old pod stops first, as stack up stops a container before recreating it.`,
    };
  }
  return { object: { apiVersion: 'apps/v1', kind: 'Deployment', metadata, spec: { replicas: s.replicas, ...strategy(s), selector, template } } };
}

/** Swarm's update order: start-first adds new pods before removing old ones (maxSurge), stop-first the reverse. */
function strategy(s: DesiredService): { strategy?: { type: 'RollingUpdate'; rollingUpdate: { maxSurge: number; maxUnavailable: number } } } {
  const u = s.deploy?.updateConfig;
  if (!u || (u.order === undefined && u.parallelism === undefined)) return {};
  const step = u.parallelism || 1;
  return { strategy: { type: 'RollingUpdate', rollingUpdate: u.order === 'start-first' ? { maxSurge: step, maxUnavailable: 0 } : { maxSurge: 0, maxUnavailable: step } } };
}
