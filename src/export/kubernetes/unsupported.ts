/**
 * Keys a cluster cannot honour as the container engine does, each a warning with its path (errors with --strict):
 * what is dropped, or kept with a caveat, and what to do instead. Keys that mean nothing outside `stack dev`
 * (`watch`) are left out silently.
 */
import type { DesiredService } from '../../model/desired';
import type { ExportContext } from './context';
import { placementLabel } from './placement';
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
  warnContainerKeys(s, warn);
  warnDeploy(s, warn);
  warnCompose(s, ctx, warn);
}

/** Compose's links and dependsOn `restart: true`: nothing in a cluster does what they do on one engine. */
function warnCompose(s: DesiredService, ctx: ExportContext, warn: Warn): void {
  (s.links ?? []).forEach((l, i) => {
    if (l.alias !== l.service) warn(`links[${i}]`, `the alias "${l.alias}" is dropped: Kubernetes has no per-pod names for another workload; pods reach ${l.service} by its Service name, ${ctx.serviceNames[l.service] ?? l.service}`, `use that name in ${s.name}'s configuration, or add a Service named ${l.alias} selecting ${l.service}'s pods by hand`);
  });
  for (const dep of s.restartWith ?? []) {
    warn(`dependsOn.${dep}.restart`, `is dropped: Kubernetes does not restart a workload when another one is updated`, `after updating ${dep}, run kubectl rollout restart on ${s.name}'s workload`);
  }
}

type Warn = (key: string, message: string, hint?: string) => void;

/** The Compose container keys (issue 16) a pod cannot honour, or honours only on permissive clusters. */
function warnContainerKeys(s: DesiredService, warn: Warn): void {
  const mode = s.networkMode;
  if (mode === 'host') warn('networkMode', 'host becomes hostNetwork: true, which clusters enforcing the baseline Pod Security Standard refuse, and which makes every replica need the same node ports');
  else if (mode === 'none') warn('networkMode', 'none has no Kubernetes equivalent: the pod gets the cluster network');
  else if (mode !== undefined && mode !== 'bridge') warn('networkMode', `${mode} has no Kubernetes equivalent: containers share a network namespace only inside one pod`, 'run the two as containers of one pod, by hand, or let them talk through their Services');
  for (const [key, value] of [['pid', s.pid], ['ipc', s.ipc]] as const) {
    if (value === 'host') warn(key, `host becomes host${key.toUpperCase()}: true, which clusters enforcing the baseline Pod Security Standard refuse`);
    else if (value !== undefined) warn(key, `${value} has no Kubernetes equivalent and is dropped (only host is)`);
  }
  (s.devices ?? []).forEach((d, i) => warn(`devices[${i}]`, `${d.source} is dropped: pods get host devices through device plugins, not by path`, 'use the device plugin of your hardware (GPUs, USB), or privileged with a hostPath'));
  if (s.runtime !== undefined) warn('runtime', `"${s.runtime}" is dropped: name a RuntimeClass of your cluster (runtimeClassName) by hand`);
  if (s.logging !== undefined) warn('logging', 'is dropped: pods log to the node, where the cluster\'s log collector takes it');
  if (s.pidsLimit !== undefined) warn('deploy.resources.limits.pids', 'is dropped: the kubelet sets one pids limit for every pod (--pod-max-pids)');
  for (const opt of s.securityOpt ?? []) {
    if (!/^no-new-privileges(:true|=true)?$/.test(opt)) warn('securityOpt', `"${opt}" is dropped: set seccompProfile or appArmorProfile in the securityContext by hand`);
  }
  for (const [network, n] of Object.entries(s.networks)) {
    if (n.ipv4Address || n.ipv6Address || n.linkLocalIps?.length) warn(`networks.${network}`, 'fixed addresses are dropped: pods get theirs from the cluster network');
  }
}

/** The Swarm keys of `deploy` that Kubernetes has no place for. */
function warnDeploy(s: DesiredService, warn: Warn): void {
  const d = s.deploy;
  if (!d) return;
  for (const c of d.placement?.constraints ?? []) {
    if (!placementLabel(c)) warn('deploy.placement.constraints', `"${c}" is dropped: only node.labels.KEY==VALUE, node.hostname, node.platform.os and .arch (==) become a nodeSelector`, 'add a nodeAffinity by hand');
  }
  if (d.placement?.preferences?.length) warn('deploy.placement.preferences', 'are dropped', 'spread pods with topologySpreadConstraints by hand');
  if (d.placement?.maxReplicasPerNode !== undefined) warn('deploy.placement.maxReplicasPerNode', 'is dropped', 'use topologySpreadConstraints or pod anti-affinity by hand');
  const u = d.updateConfig;
  if (u && (u.delayMs !== undefined || u.failureAction !== undefined || u.monitorMs !== undefined || u.maxFailureRatio !== undefined)) {
    warn('deploy.updateConfig', 'delay, failureAction, monitor and maxFailureRatio are dropped: a Deployment rolls on as pods become Ready (minReadySeconds and progressDeadlineSeconds are the nearest knobs)');
  }
  if (d.rollbackConfig) warn('deploy.rollbackConfig', 'is dropped: roll back with kubectl rollout undo');
  if (d.restartPolicy && (d.restartPolicy.delayMs !== undefined || d.restartPolicy.windowMs !== undefined)) warn('deploy.restartPolicy', 'delay and window are dropped: the kubelet backs off restarts itself');
}
