/**
 * configs → a ConfigMap `<service>-configs` holding each config's text under its name, mounted key by key at the
 * config's path (`/<name>` unless stack.ts says otherwise) with its mode, as Compose places config files. Unlike
 * secrets, the text is written out: a config is not secret. A file that is not UTF-8 text goes under `binaryData`,
 * in base64, as kubectl create configmap --from-file puts it.
 */
import type { DesiredConfig, DesiredService } from '../../model/desired';
import type { ExportContext } from './context';
import { serviceLabels } from './labels';
import type { UniqueNames } from './naming';
import { servicePath } from './report';
import type { IVolume, IVolumeMount, Manifest } from './types';

export function configFiles(s: DesiredService, ctx: ExportContext, names: UniqueNames): { volumes: IVolume[]; mounts: IVolumeMount[]; objects: Manifest[] } {
  const configs = s.configs ?? [];
  if (configs.length === 0) return { volumes: [], mounts: [], objects: [] };
  const name = `${ctx.serviceNames[s.name]}-configs`;
  const volume = names.take('configs');
  for (const c of configs) {
    if (c.uid !== 0 || c.gid !== 0) ctx.report.warn(servicePath(s.name, `configs.${c.name}`), 'uid and gid have no Kubernetes equivalent: config files belong to root (the pod\'s securityContext.fsGroup sets their group for every volume)');
  }
  return {
    volumes: [{ name: volume, configMap: { name, items: configs.map((c) => ({ key: c.name, path: c.name, mode: c.mode })) } }],
    mounts: configs.map((c) => ({ name: volume, mountPath: c.target, subPath: c.name, readOnly: true })),
    objects: [{
      object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ctx.namespace, labels: serviceLabels(ctx.state.project, ctx.serviceNames[s.name]) }, ...configMapData(configs) },
      comment: `Config files of ${s.name}: ${configs.map((c) => `${c.name} → ${c.target}`).join(', ')}.`,
    }],
  };
}

function configMapData(configs: DesiredConfig[]): { data?: Record<string, string>; binaryData?: Record<string, string> } {
  const text = configs.filter((c) => !c.binary);
  const binary = configs.filter((c) => c.binary);
  return {
    ...(text.length || !binary.length ? { data: Object.fromEntries(text.map((c) => [c.name, c.content])) } : {}),
    ...(binary.length ? { binaryData: Object.fromEntries(binary.map((c) => [c.name, c.content])) } : {}),
  };
}
