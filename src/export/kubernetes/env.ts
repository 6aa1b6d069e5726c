/**
 * Environment: plain variables (from `environment` and `envFile`) → a ConfigMap `<service>-env` the container reads
 * whole (envFrom); secret variables (`secret(...)` in `environment`), and plain ones that look like credentials
 * (credential-name.ts), → a Secret `<service>-env`, each read by key, so a pod whose Secret lacks a value does not
 * start without it.
 */
import { relative } from 'node:path';
import type { DesiredService } from '../../model/desired';
import type { ExportContext } from './context';
import { hashText } from '../../hash-text';
import { looksLikeCredential } from './credential-name';
import { escapeExpansion } from './expansion';
import { serviceLabels } from './labels';
import { servicePath } from './report';
import { secretManifest } from './secrets';
import type { IEnvFromSource, IEnvVar, Manifest } from './types';

/** What ConfigMap and Secret keys may hold. */
const DATA_KEY = /^[-._a-zA-Z0-9]+$/;

export interface ServiceEnv {
  env: IEnvVar[];
  envFrom: IEnvFromSource[];
  objects: Manifest[];
}

export function serviceEnv(s: DesiredService, ctx: ExportContext): ServiceEnv {
  const out: ServiceEnv = { env: [], envFrom: [], objects: [] };
  const name = `${ctx.serviceNames[s.name]}-env`;
  const plain: Record<string, string> = {};
  const secret: [string, string][] = [];
  for (const [key, value] of Object.entries(s.environment)) {
    if (s.secretEnv.includes(key)) secret.push([key, value]);
    else if (looksLikeCredential(key, value)) {
      secret.push([key, value]);
      warnCredential(s, key, name, ctx);
    } else if (DATA_KEY.test(key)) plain[key] = value;
    // A name a ConfigMap key cannot be (rare: Docker allows almost anything) is set on the container directly.
    else out.env.push({ name: key, value: escapeExpansion(value) });
  }
  if (Object.keys(plain).length) {
    out.objects.push({
      object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ctx.namespace, labels: serviceLabels(ctx.state.project, ctx.serviceNames[s.name]) }, data: plain },
      comment: `Environment of ${s.name} (environment and envFile, secrets left out).`,
    });
    out.envFrom.push({ configMapRef: { name } });
  }
  if (secret.length) {
    // By name, wherever each was set (environment, envFile), so the output is the same for the same variables.
    secret.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const keyed = secret.map(([k, v]) => [k.replace(/[^-._a-zA-Z0-9]/g, '_'), v, k] as const);
    out.objects.push(secretManifest(name, s.name, keyed.map(([k, v, variable]) => [k, v, s.secretEnvSources?.[variable]]), ctx, `Secret environment variables of ${s.name}`));
    for (const [key, , variable] of keyed) out.env.push({ name: variable, valueFrom: { secretKeyRef: { name, key } } });
  }
  return out;
}

/** Says where a plain variable that looks like a credential went, and how to declare it so. */
function warnCredential(s: DesiredService, key: string, secretName: string, ctx: ExportContext): void {
  const index = s.envFiles?.from[key];
  const file = index === undefined ? undefined : s.envFiles!.files[index].path;
  // The path names an `environment` variable already; one from an env file is named with its file.
  const where = servicePath(s.name, file === undefined ? `environment.${key}` : 'envFile');
  const what = file === undefined ? '' : `${key} (from ${relative(ctx.state.dir, file)}) `;
  const value = ctx.options.withSecretValues ? 'its value is embedded (--with-secret-values)' : 'its value is not exported, and the pods wait until the Secret holds it';
  ctx.report.warn(where, `${what}looks like a credential, so it goes to the Secret ${secretName}, not the ConfigMap (which would hold it in clear); ${value}`,
    `if it is one, say so in stack.ts's environment: ${key}: secret('VAR') reads it from the variable VAR, and the Secret's comment then says how to fill it in from VAR (secret.value(...) wraps a value stack.ts builds)`);
}

/**
 * A digest of what the pods read from their ConfigMaps, for the pod template's `checksum/config` annotation: a
 * container reads envFrom only when it starts, so a changed value must change the template for the pods to be
 * replaced, as the container engine recreates a container whose env changed. Secrets are left out even when their
 * values are exported: the annotation is readable by anyone who may read the workload (the built-in `view` role, which
 * may not read Secrets), and a fast hash of a short password is brute-forced offline in seconds. The Secret's comment
 * says to roll the pods by hand instead (secrets.ts).
 */
export function configChecksum(objects: Manifest[]): string | undefined {
  const data = objects.map((m) => m.object).filter((o) => o.kind === 'ConfigMap').map((o) => [o.kind, o.metadata?.name, 'data' in o ? o.data : undefined]);
  return data.length ? hashText(JSON.stringify(data)) : undefined;
}
