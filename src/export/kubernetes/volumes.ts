/**
 * Mounts → pod volumes: named volumes → claims (see claims.ts), anonymous volumes → emptyDir (both live as long as
 * the container's pod, as an anonymous volume lives as long as its container), tmpfs and shmSize → memory-backed
 * emptyDir, bind mounts → an error, or a hostPath on the node when the user opts in.
 */
import { basename } from 'node:path';
import type { DesiredService, DesiredVolume } from '../../model/desired';
import { parseByteSize } from '../../model/duration';
import { join } from '../../model/reader';
import type { ExportContext } from './context';
import { isLabelValue, isQualifiedName, stackLabels } from './labels';
import { UniqueNames } from './naming';
import { DEFAULT_VOLUME_SIZE } from './options';
import { byteQuantity } from './quantity';
import { servicePath } from './report';
import type { IPersistentVolumeClaim, IPersistentVolumeClaimSpec, IVolume, IVolumeMount, Manifest } from './types';

export interface PodStorage {
  volumes: IVolume[];
  mounts: IVolumeMount[];
  /** The StatefulSet's claim templates (empty for other workloads). */
  templates: ClaimTemplate[];
}

/**
 * A claim template as people write them, without apiVersion and kind (the API needs neither there, though
 * kubernetes-models' type asks for them).
 */
export type ClaimTemplate = Omit<IPersistentVolumeClaim, 'apiVersion' | 'kind'>;

export function podStorage(s: DesiredService, ctx: ExportContext, names: UniqueNames): PodStorage {
  const out: PodStorage = { volumes: [], mounts: [], templates: [] };
  const byKey = new Map<string, string>();
  // Claim templates first: their pod volume names are the template names, fixed.
  for (const key of ctx.claims.templateOwners[s.name] ?? []) {
    const name = names.take(ctx.volumeNames[key]);
    byKey.set(key, name);
    out.templates.push({ metadata: { name, labels: stackLabels(ctx.state.project) }, spec: claimSpec(ctx.state.volumes[key], 'ReadWriteOnce', ctx) });
  }
  s.volumes.forEach((m, i) => {
    const path = servicePath(s.name, `volumes[${i}]`);
    const mount = (name: string): void => void out.mounts.push({ name, mountPath: m.target, ...(m.readOnly ? { readOnly: true } : {}) });
    // nocopy needs no word: a claim or emptyDir is never filled from the image, which is what nocopy asks for.
    if (m.selinux) ctx.report.warn(path, `the SELinux option ${m.selinux} is dropped: Kubernetes has no per-mount relabel; on SELinux nodes the runtime labels a pod's volumes (not hostPath ones) with the pod's context`, 'to choose that context, set the pod\'s securityContext.seLinuxOptions by hand');
    if (m.type === 'volume' && m.source) {
      const key = ctx.volumeKeys[m.source];
      let name = byKey.get(key);
      if (name === undefined) {
        name = names.take(ctx.volumeNames[key]);
        byKey.set(key, name);
        out.volumes.push({ name, persistentVolumeClaim: { claimName: ctx.volumeNames[key] } });
      }
      mount(name);
    } else if (m.type === 'volume') {
      const name = names.take(`anonymous-${basename(m.target)}`);
      out.volumes.push({ name, emptyDir: {} });
      mount(name);
    } else if (m.type === 'tmpfs') {
      const name = names.take(`tmpfs-${basename(m.target)}`);
      out.volumes.push({ name, emptyDir: { medium: 'Memory', ...(m.tmpfsSize ? { sizeLimit: byteQuantity(m.tmpfsSize) } : {}) } });
      mount(name);
    } else if (ctx.options.bindMounts === 'host-path') {
      const name = names.take(`host-${basename(m.source)}`);
      out.volumes.push({ name, hostPath: { path: m.source } });
      mount(name);
    } else {
      ctx.report.error(path, `bind mount of ${m.source} has no meaning on a cluster: the file or folder is on this machine, not on the nodes`, `use a named volume, build the files into the image, or pass --bind-mounts host-path to mount the node's ${m.source} (single-node clusters such as kind or minikube with that folder shared)`);
    }
  });
  for (const [target, options] of Object.entries(s.tmpfs ?? {})) {
    const size = /(?:^|,)size=([^,]+)/.exec(options)?.[1];
    const bytes = size === undefined ? undefined : parseByteSize(size);
    const name = names.take(`tmpfs-${basename(target)}`);
    out.volumes.push({ name, emptyDir: { medium: 'Memory', ...(bytes ? { sizeLimit: byteQuantity(bytes) } : {}) } });
    out.mounts.push({ name, mountPath: target });
  }
  if (s.shmSize !== undefined) {
    const name = names.take('dshm');
    out.volumes.push({ name, emptyDir: { medium: 'Memory', sizeLimit: byteQuantity(s.shmSize) } });
    out.mounts.push({ name, mountPath: '/dev/shm' });
  }
  return out;
}

export function claimSpec(v: DesiredVolume, accessMode: 'ReadWriteOnce' | 'ReadWriteMany', ctx: ExportContext): IPersistentVolumeClaimSpec {
  return {
    accessModes: [accessMode],
    ...(ctx.options.storageClass ? { storageClassName: ctx.options.storageClass } : {}),
    resources: { requests: { storage: v.size === undefined ? DEFAULT_VOLUME_SIZE : byteQuantity(v.size) } },
  };
}

/** Standalone claims, for volumes shared between pods (templates live in their StatefulSet). */
export function claimObjects(ctx: ExportContext): Manifest[] {
  const out: Manifest[] = [];
  for (const [key, claim] of Object.entries(ctx.claims.volumes)) {
    if (claim.mode !== 'claim') continue;
    const v = ctx.state.volumes[key];
    out.push({
      object: {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: ctx.volumeNames[key], namespace: ctx.namespace, labels: { ...validLabels(v.labels), ...stackLabels(ctx.state.project) } },
        spec: claimSpec(v, claim.accessMode, ctx),
      },
      comment: `Named volume ${key}${v.size === undefined ? ` (no size in stack.ts: ${DEFAULT_VOLUME_SIZE}, set volumes.${join('', key)}.size to change it)` : ''}, mounted by ${claim.users.join(', ')}.`,
    });
  }
  return out;
}

/** A volume's own labels, those Kubernetes can hold (a volume has no annotations to put the others in). */
function validLabels(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).filter(([k, v]) => isQualifiedName(k) && isLabelValue(v) && !k.startsWith('app.kubernetes.io/')));
}
