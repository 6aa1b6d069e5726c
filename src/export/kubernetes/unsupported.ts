/**
 * Keys a cluster cannot honour as the container engine does, each a warning with its path (errors with --strict):
 * what is dropped, or kept with a caveat, and what to do instead. Keys that mean nothing outside `stack dev`
 * (`watch`) are left out silently.
 */
import type { DesiredService } from '../../model/desired';
import type { ExportContext } from './context';
import { servicePath } from './report';

/** Sysctls the kubelet allows by default; others need its --allowed-unsafe-sysctls. */
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes',
]);

export function warnUnsupported(s: DesiredService, ctx: ExportContext): void {
  const warn = (key: string, message: string, hint?: string) => ctx.report.warn(servicePath(s.name, key), message, hint);
  if (s.build && s.image === `${ctx.state.project}-${s.name}`) {
    warn('build', `a cluster cannot build images: ${s.name} runs "${s.image}", the local tag stack up builds, which no node can pull`, `set image to a registry name (image: 'registry.example.com/${s.name}:1.0'), then build and push it`);
  }
  if (s.containerName !== undefined) warn('containerName', 'is dropped: pods are named by their controller', `find the pods with kubectl get pods -l app.kubernetes.io/name=${ctx.serviceNames[s.name]}`);
  if (s.privileged) warn('privileged', 'is kept, but clusters that enforce the baseline or restricted Pod Security Standard refuse privileged pods', 'grant only the capabilities it needs (capAdd) if you can');
  if (Object.keys(s.ulimits).length) warn('ulimits', 'are dropped: Kubernetes has no per-pod ulimits (the node\'s container runtime sets them)');
  if (s.stopSignal !== undefined && s.stopSignal !== 'SIGTERM') warn('stopSignal', `${s.stopSignal} is dropped: Kubernetes stops containers with SIGTERM (the image's STOPSIGNAL still applies)`, 'set STOPSIGNAL in the Dockerfile');
  for (const key of Object.keys(s.sysctls)) {
    if (!SAFE_SYSCTLS.has(key)) warn(`sysctls.${key}`, 'is not a safe sysctl: the kubelet refuses the pod unless it allows it (--allowed-unsafe-sysctls)');
  }
}
