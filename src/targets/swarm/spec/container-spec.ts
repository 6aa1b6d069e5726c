import { LABEL } from '../../../docker/labels';
import { STACK_LABEL } from '../labels';
import type { ContainerSpec } from './engine';
import type { SwarmService } from './input';
import { nanoseconds } from './units';

/**
 * The container part of a task, field for field what `docker stack deploy` sets from the same Compose keys.
 * Mounts and secret/config references are added by serviceSpec (they need the stack's volumes and object IDs).
 */
export function containerSpec(s: SwarmService, project: string, image: string): ContainerSpec {
  const h = s.healthcheck;
  const spec: ContainerSpec = {
    Image: image,
    Labels: { ...s.labels, [STACK_LABEL.namespace]: project, [LABEL.project]: project, [LABEL.service]: s.name },
    // Swarm's Command is the entrypoint and Args the command; an empty entrypoint clears the image's, as in Compose.
    ...(s.entrypoint ? { Command: s.entrypoint.length ? s.entrypoint : [''] } : {}),
    ...(s.command ? { Args: s.command } : {}),
    ...(s.hostname ? { Hostname: s.hostname } : {}),
    ...(Object.keys(s.environment).length ? { Env: Object.entries(s.environment).map(([k, v]) => `${k}=${v}`).sort() } : {}),
    ...(s.workingDir ? { Dir: s.workingDir } : {}),
    ...(s.user ? { User: s.user } : {}),
    ...(s.tty ? { TTY: true } : {}),
    ...(s.stdinOpen ? { OpenStdin: true } : {}),
    ...(s.readOnly ? { ReadOnly: true } : {}),
    ...(s.stopSignal ? { StopSignal: s.stopSignal } : {}),
    ...(s.stopGracePeriodMs !== undefined ? { StopGracePeriod: nanoseconds(s.stopGracePeriodMs) } : {}),
    ...(h ? { Healthcheck: prune({ Test: h.test, Interval: nanoseconds(h.intervalMs), Timeout: nanoseconds(h.timeoutMs), Retries: h.retries, StartPeriod: nanoseconds(h.startPeriodMs) }) } : {}),
    ...(s.extraHosts.length ? { Hosts: s.extraHosts.map(swarmHost) } : {}),
    ...(s.dns?.length || s.dnsSearch?.length || s.dnsOpt?.length ? { DNSConfig: prune({ Nameservers: nonEmpty(s.dns), Search: nonEmpty(s.dnsSearch), Options: nonEmpty(s.dnsOpt) }) } : {}),
    ...(s.init ? { Init: true } : {}),
    ...(Object.keys(s.sysctls).length ? { Sysctls: s.sysctls } : {}),
    ...(s.capAdd.length ? { CapabilityAdd: s.capAdd } : {}),
    ...(s.capDrop.length ? { CapabilityDrop: s.capDrop } : {}),
    ...(Object.keys(s.ulimits).length ? { Ulimits: Object.entries(s.ulimits).sort(([a], [b]) => a.localeCompare(b)).map(([Name, l]) => ({ Name, Soft: l.soft, Hard: l.hard })) } : {}),
  };
  return spec;
}

/** The model keeps `host:ip` (Compose's form); SwarmKit wants `ip host`. An IPv6 address keeps its colons. */
function swarmHost(entry: string): string {
  const i = entry.indexOf(':');
  return `${entry.slice(i + 1)} ${entry.slice(0, i)}`;
}

function nonEmpty(list: string[] | undefined): string[] | undefined {
  return list?.length ? list : undefined;
}

function prune<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
