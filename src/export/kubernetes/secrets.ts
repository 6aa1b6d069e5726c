/**
 * Secrets: a service's secret files → one Secret `<service>-secrets`, each key mounted (read-only, with its mode) at
 * the file's path, `/run/secrets/NAME` unless stack.ts says otherwise, as the container engine places them. Values
 * are written only with --with-secret-values; by default the Secret lists no data and its comment says how to fill it
 * in, and the pods wait (CreateContainerConfigError) until it holds every key they use.
 */
import type { DesiredSecretSource, DesiredService } from '../../model/desired';
import type { ExportContext } from './context';
import { serviceLabels } from './labels';
import type { UniqueNames } from './naming';
import { servicePath } from './report';
import type { ISecret, IVolume, IVolumeMount, Manifest } from './types';

/**
 * A key of a Secret: its value, where stack.ts reads it (so the fill-in command can read it from there too), and
 * whether the value is a binary file's bytes in base64 (model/file-content.ts).
 */
export type SecretEntry = [key: string, value: string, source?: DesiredSecretSource, binary?: boolean];

/** `--from-literal=KEY="$VAR"` for a variable, `--from-file=KEY=PATH` for a file, `--from-literal=KEY=...` else. */
function fillArgument([key, , source]: SecretEntry): string {
  if (source?.kind === 'var') return `--from-literal=${key}="$${source.name}"`;
  if (source?.kind === 'file') return `--from-file=${key}=${source.path}`;
  return `--from-literal=${key}=...`;
}

/** A Secret holding `entries`: with their values base64-encoded, or none and a comment. */
export function secretManifest(name: string, service: string, entries: SecretEntry[], ctx: ExportContext, what: string): Manifest {
  const object: ISecret = { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: ctx.namespace, labels: serviceLabels(ctx.state.project, ctx.serviceNames[service]) }, type: 'Opaque' };
  const roll = rolloutHint(service, ctx);
  if (ctx.options.withSecretValues) {
    object.data = Object.fromEntries(entries.map(([k, v, , binary]) => [k, binary ? v : Buffer.from(v, 'utf8').toString('base64')]));
    return { object, comment: `${what}. Values embedded (--with-secret-values): keep this file out of version control. ${roll}` };
  }
  const fill = entries.map(fillArgument).join(' ');
  return {
    object,
    comment: [
      `${what}: ${entries.map(([k]) => k).join(', ')}. The values are not exported (--with-secret-values embeds them), and pods that use this Secret wait until it holds every key. After kubectl apply, fill it in as below (replace, not apply, so that applying this file again keeps the values):`,
      `  kubectl -n ${ctx.namespace} create secret generic ${name} ${fill} --dry-run=client -o yaml | kubectl replace -f -`,
      roll,
    ].join('\n'),
  };
}

/**
 * A changed Secret does not roll the pods by itself: the pods' `checksum/config` leaves Secrets out (env.ts), since a
 * hash of their values would be readable, and brute-forceable, by anyone who may read the workload.
 */
function rolloutHint(service: string, ctx: ExportContext): string {
  const name = ctx.serviceNames[service];
  const kind = ctx.kinds[service];
  if (kind === 'Job') return `A changed value reaches ${name} when the Job runs again (delete it and apply it again).`;
  return `Pods read a changed value only when they start: after changing it, run kubectl -n ${ctx.namespace} rollout restart ${(kind ?? 'Deployment').toLowerCase()}/${name}.`;
}

export interface SecretFiles {
  volumes: IVolume[];
  mounts: IVolumeMount[];
  objects: Manifest[];
}

export function secretFiles(s: DesiredService, ctx: ExportContext, names: UniqueNames): SecretFiles {
  if (s.secrets.length === 0) return { volumes: [], mounts: [], objects: [] };
  const secretName = `${ctx.serviceNames[s.name]}-secrets`;
  const volume = names.take('secrets');
  for (const sec of s.secrets) {
    if (sec.uid !== 0 || sec.gid !== 0) {
      ctx.report.warn(servicePath(s.name, `secrets.${sec.name}`), 'uid and gid have no Kubernetes equivalent: secret files belong to root (the pod\'s securityContext.fsGroup sets their group for every volume)');
    }
  }
  return {
    volumes: [{ name: volume, secret: { secretName, items: s.secrets.map((sec) => ({ key: sec.name, path: sec.name, mode: sec.mode })) } }],
    mounts: s.secrets.map((sec) => ({ name: volume, mountPath: sec.target, subPath: sec.name, readOnly: true })),
    objects: [secretManifest(secretName, s.name, s.secrets.map((sec) => [sec.name, sec.value, sec.source, sec.binary]), ctx, `Secret files of ${s.name}`)],
  };
}
