/** One service in Compose's words: everything but ports, mounts, networks, files and deploy (their own files). */
import type { DesiredService } from '../../model/desired';
import { formatByteSize, formatDuration } from '../../model/duration';
import { compact, relativePath, type ExportContext } from './context';
import { composeDeploy } from './deploy';
import { composeServiceNetworks } from './networks';
import { composeExpose, composePort, newerPortKeys } from './ports';
import { composeEnvFiles } from './env-files';
import { composeEnvironment, composeFileRefs, type FileRegistry } from './secrets';
import { composeMount, composeTmpfs } from './volumes';

const CONDITIONS = { started: 'service_started', healthy: 'service_healthy', completed: 'service_completed_successfully' } as const;

export function composeService(ctx: ExportContext, registry: FileRegistry, s: DesiredService): Record<string, unknown> {
  const h = s.healthcheck;
  const deps = Object.entries(s.dependsOn);
  return compact({
    image: s.image,
    build: s.build && compact({
      context: relativePath(ctx, s.build.context),
      dockerfile: s.build.dockerfile === 'Dockerfile' ? undefined : s.build.dockerfile,
      target: s.build.target,
      args: s.build.args,
      cache_from: s.build.cacheFrom,
      labels: s.build.labels,
      network: s.build.network,
      extra_hosts: s.build.extraHosts,
    }),
    platform: s.platform,
    command: s.command,
    // An empty entrypoint clears the image's; Compose says so with an empty string.
    entrypoint: s.entrypoint?.length === 0 ? '' : s.entrypoint,
    env_file: composeEnvFiles(ctx, s),
    environment: composeEnvironment(ctx, s),
    ...composeFileRefs(registry, s),
    ports: ports(ctx, s),
    expose: composeExpose(s.expose),
    volumes: s.volumes.map((m) => composeMount(ctx, m)),
    tmpfs: composeTmpfs(s),
    ...composeServiceNetworks(ctx, s),
    links: s.links?.map((l) => (l.alias === l.service ? l.service : `${l.service}:${l.alias}`)),
    depends_on: dependsOn(ctx, s),
    healthcheck: h && (h.test[0] === 'NONE' ? { disable: true } : compact({ test: h.test, interval: duration(h.intervalMs), timeout: duration(h.timeoutMs), retries: h.retries, start_period: duration(h.startPeriodMs) })),
    // "no" is the default, left out unless stack.ts wrote it: written, it marks a task that runs once, which the
    // Kubernetes export makes a Job, so an export that is imported again keeps it. Quoted as YAML 1.1 (render.ts).
    restart: s.restart === 'no' && !s.restartExplicit ? undefined : s.restart,
    deploy: composeDeploy(s),
    user: s.user,
    working_dir: s.workingDir,
    init: s.init || undefined,
    stop_signal: s.stopSignal,
    stop_grace_period: duration(s.stopGracePeriodMs),
    labels: s.labels,
    extra_hosts: s.extraHosts,
    hostname: s.hostname,
    container_name: s.containerName,
    tty: s.tty || undefined,
    stdin_open: s.stdinOpen || undefined,
    cap_add: s.capAdd,
    cap_drop: s.capDrop,
    privileged: s.privileged || undefined,
    read_only: s.readOnly || undefined,
    shm_size: s.shmSize === undefined ? undefined : formatByteSize(s.shmSize),
    pids_limit: s.pidsLimit,
    ulimits: Object.fromEntries(Object.entries(s.ulimits).map(([k, l]) => [k, l.soft === l.hard ? l.soft : { soft: l.soft, hard: l.hard }])),
    sysctls: s.sysctls,
    runtime: s.runtime,
    dns: s.dns,
    dns_search: s.dnsSearch,
    dns_opt: s.dnsOpt,
    pid: s.pid,
    ipc: s.ipc,
    devices: s.devices?.map((d) => `${d.source}:${d.target}:${d.permissions}`),
    security_opt: s.securityOpt,
    logging: s.logging && compact({ driver: s.logging.driver || undefined, options: s.logging.options }),
  });
}

/**
 * The list form when every dependency is only started; else the long form. dependsOn's `restart: true` and
 * `required: false` are Compose keys docker-compose 1.29 rejects, so they are written as comments inside the
 * dependency (uncommented, docker compose v2 reads them) and said in a warning.
 */
function dependsOn(ctx: ExportContext, s: DesiredService): unknown {
  const extra = (d: string) => [...(s.restartWith?.includes(d) ? ['restart: true'] : []), ...(s.optionalDeps?.includes(d) ? ['required: false'] : [])];
  // A link already makes its service a started dependency, in Compose as in stack.ts: written once, as the link.
  const linked = new Set((s.links ?? []).map((l) => l.service));
  const deps = Object.entries(s.dependsOn).filter(([d, c]) => !(linked.has(d) && c === 'started' && extra(d).length === 0));
  if (deps.length === 0) return undefined;
  if (deps.every(([d, c]) => c === 'started' && extra(d).length === 0)) return deps.map(([d]) => d);
  for (const [d] of deps) {
    const lines = extra(d);
    if (!lines.length) continue;
    ctx.comments.push({ path: ['services', s.name, 'depends_on', d], lines: ['docker compose v2 reads this; docker-compose 1.29 rejects it:', ...lines] });
    ctx.warnings.push(`services.${s.name}.depends_on.${d}: ${lines.join(', ')} is written as a comment, since docker-compose 1.29 rejects it; uncomment it for docker compose v2`);
  }
  return Object.fromEntries(deps.map(([d, c]) => [d, { condition: CONDITIONS[c] }]));
}

/** Ports; a port's name and app_protocol, which docker-compose 1.29 rejects, are comments inside it and a warning. */
function ports(ctx: ExportContext, s: DesiredService): unknown {
  s.ports.forEach((p, i) => {
    const lines = newerPortKeys(p);
    if (!lines.length) return;
    ctx.comments.push({ path: ['services', s.name, 'ports', i], lines: ['docker compose v2 reads this; docker-compose 1.29 rejects it:', ...lines] });
    ctx.warnings.push(`services.${s.name}.ports[${i}]: ${lines.join(', ')} is written as a comment, since docker-compose 1.29 rejects it; uncomment it for docker compose v2`);
  });
  return s.ports.map(composePort);
}

function duration(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : formatDuration(ms);
}
