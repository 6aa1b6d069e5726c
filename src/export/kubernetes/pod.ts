/**
 * A service's pod: its container, the init containers that wait for its dependencies, its volumes, and the pod-level
 * keys (hostname, extraHosts, init, stop grace period, sysctls). Also the objects the pod reads: its ConfigMap and
 * Secrets, and the ServiceAccount a Job wait needs.
 *
 * Two Kubernetes defaults are turned off because the container engine has neither: service links (an env var such
 * as DB_PORT=tcp://10.0.0.3:5432 for every Service in the namespace, which overrides an app's own DB_PORT) and the
 * API token in every container.
 */
import type { DesiredService } from '../../model/desired';
import { configFiles } from './configs';
import { mainContainer } from './container';
import type { ExportContext } from './context';
import { dependencyWaits } from './dependencies';
import { configChecksum, serviceEnv } from './env';
import { serviceLabels, userLabels } from './labels';
import { DNS_1123_LABEL, UniqueNames } from './naming';
import { networkLabels } from './network-policies';
import { nodeSelector } from './placement';
import { seconds } from './quantity';
import { jobReaderObjects } from './rbac';
import { servicePath } from './report';
import { secretFiles } from './secrets';
import type { IPodSpec, Manifest } from './types';
import { podStorage, type ClaimTemplate } from './volumes';

export interface Pod {
  metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
  spec: IPodSpec;
  /** Claim templates (StatefulSet only). */
  templates: ClaimTemplate[];
  /** Labels and annotations for the workload object itself (the service's own labels). */
  workloadMeta: { labels: Record<string, string>; annotations: Record<string, string> };
  /** ConfigMap, Secrets, ServiceAccount and Role the pod uses. */
  objects: Manifest[];
}

export function podFor(s: DesiredService, ctx: ExportContext): Pod {
  const name = ctx.serviceNames[s.name];
  const volumeNames = new UniqueNames();
  const storage = podStorage(s, ctx, volumeNames);
  const secrets = secretFiles(s, ctx, volumeNames);
  const configs = configFiles(s, ctx, volumeNames);
  const env = serviceEnv(s, ctx);
  const waits = dependencyWaits(s, ctx);
  const container = mainContainer(s, ctx, { env: env.env, envFrom: env.envFrom, mounts: [...storage.mounts, ...secrets.mounts, ...configs.mounts] });
  const objects = [...env.objects, ...configs.objects, ...secrets.objects, ...(waits.jobs.length ? jobReaderObjects(s.name, waits.jobs, ctx) : [])];
  const own = userLabels(s.labels, servicePath(s.name), ctx.report);
  const checksum = configChecksum(objects);
  const annotations = { ...own.annotations, ...(checksum ? { 'checksum/config': checksum } : {}) };
  const volumes = [...storage.volumes, ...secrets.volumes, ...configs.volumes];
  const hostAliases = extraHosts(s, ctx);
  const sysctls = Object.entries(s.sysctls).map(([key, value]) => ({ name: key, value }));
  if (s.hostname !== undefined && !DNS_1123_LABEL.test(s.hostname)) ctx.report.warn(servicePath(s.name, 'hostname'), `"${s.hostname}" is not a valid pod hostname (a DNS label: lowercase letters, digits, "-") and is left out`);
  const spec: IPodSpec = {
    ...(ctx.kinds[s.name] === 'Job' ? { restartPolicy: /^on-failure|always|unless-stopped/.test(s.restart) ? 'OnFailure' : 'Never' } : {}),
    ...(waits.jobs.length ? { serviceAccountName: name } : { automountServiceAccountToken: false }),
    enableServiceLinks: false,
    ...(s.networkMode === 'host' ? { hostNetwork: true } : {}),
    ...(s.pid === 'host' ? { hostPID: true } : {}),
    ...(s.ipc === 'host' ? { hostIPC: true } : {}),
    ...nodeSelector(s),
    ...dnsConfig(s),
    ...(s.hostname !== undefined && DNS_1123_LABEL.test(s.hostname) ? { hostname: s.hostname } : {}),
    ...(hostAliases.length ? { hostAliases } : {}),
    // docker-init's job, reaping zombies and passing signals to a process that is not PID 1, is done by the pod's
    // pause container once the pod shares one process namespace.
    ...(s.init ? { shareProcessNamespace: true } : {}),
    ...(s.stopGracePeriodMs !== undefined ? { terminationGracePeriodSeconds: seconds(s.stopGracePeriodMs, 0) } : {}),
    ...(sysctls.length ? { securityContext: { sysctls } } : {}),
    ...(waits.initContainers.length ? { initContainers: waits.initContainers } : {}),
    containers: [container],
    ...(volumes.length ? { volumes } : {}),
  };
  return {
    metadata: { labels: { ...serviceLabels(ctx.state.project, name), ...networkLabels(s, ctx), ...own.labels }, ...(Object.keys(annotations).length ? { annotations } : {}) },
    spec,
    templates: storage.templates,
    workloadMeta: { labels: { ...serviceLabels(ctx.state.project, name), ...own.labels }, annotations: own.annotations },
    objects,
  };
}

/** dns, dnsSearch, dnsOpt → dnsConfig, added to the cluster DNS the pod uses (as Docker adds them to its resolver). */
function dnsConfig(s: DesiredService): Pick<IPodSpec, 'dnsConfig'> {
  const options = (s.dnsOpt ?? []).map((o) => {
    const [name, value] = o.split(':');
    return { name, ...(value === undefined ? {} : { value }) };
  });
  const config = { ...(s.dns?.length ? { nameservers: s.dns } : {}), ...(s.dnsSearch?.length ? { searches: s.dnsSearch } : {}), ...(options.length ? { options } : {}) };
  return Object.keys(config).length ? { dnsConfig: config } : {};
}

/** `host:ip` entries → hostAliases, one per address; `host-gateway` (the Docker host) has no meaning on a cluster. */
function extraHosts(s: DesiredService, ctx: ExportContext): { ip: string; hostnames: string[] }[] {
  const byIp = new Map<string, string[]>();
  s.extraHosts.forEach((entry, i) => {
    const at = entry.indexOf(':');
    const host = entry.slice(0, at);
    const ip = entry.slice(at + 1);
    if (ip === 'host-gateway') {
      ctx.report.warn(servicePath(s.name, `extraHosts[${i}]`), `${host} → host-gateway (the Docker host) has no meaning on a cluster and is left out`, 'point it at a Service, or an address the pods can reach');
      return;
    }
    byIp.set(ip, [...(byIp.get(ip) ?? []), host]);
  });
  return [...byIp].map(([ip, hostnames]) => ({ ip, hostnames }));
}
