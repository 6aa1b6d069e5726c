/**
 * dependsOn → init containers, which hold a pod's main container back until its dependencies are there:
 * - `started` or `healthy` on a service: wait until its Service accepts a TCP connection (or, for a service without
 *   ports, until its headless Service's name resolves; for one with UDP ports only, its `-ready` headless Service's, or
 *   a StatefulSet's governing one, headless already). A Service forwards only to Ready pods, and headless names
 *   list only those, and Ready is the healthcheck (probes.ts): so this waits for healthy where the dependency has a
 *   healthcheck and for started where it has none, as the container engine does.
 * - `required: false` dependencies are not waited for (a warning says so).
 * - `completed` (the dependency is a Job): `kubectl wait` for the Job's Complete condition, retried until it succeeds. That needs the API, so the
 *   pod runs as a ServiceAccount of its own that may only read those Jobs (rbac.ts).
 */
import type { DesiredService } from '../../model/desired';
import type { ExportContext } from './context';
import { governingServiceName } from './governing-service';
import { containerPorts } from './ports';
import { servicePath } from './report';
import type { IContainer } from './types';
import { jobReason } from './workload-kind';

export interface Waits {
  initContainers: IContainer[];
  /** Jobs (Kubernetes names) the pod waits for; non-empty means it needs the ServiceAccount of rbac.ts. */
  jobs: string[];
}

export function dependencyWaits(s: DesiredService, ctx: ExportContext): Waits {
  const out: Waits = { initContainers: [], jobs: [] };
  for (const [dep, condition] of Object.entries(s.dependsOn)) {
    const target = ctx.state.services[dep];
    const name = ctx.serviceNames[dep];
    if (!target || name === undefined) continue;
    const path = servicePath(s.name, `dependsOn.${dep}`);
    // required: false: an init container would hold the pod back for as long as the dependency is not there, which
    // is the opposite of starting without it; the pod starts at once, as it would on the engine if the dependency failed.
    if (s.optionalDeps?.includes(dep)) {
      ctx.report.warn(path, `is not waited for (required: false): an init container would hold ${s.name} back for as long as ${dep} is not ready`, `make it required (drop required: false) to have ${s.name} wait for ${dep}`);
      continue;
    }
    if (ctx.kinds[dep] === 'Job') {
      if (condition !== 'completed') {
        ctx.report.warn(path, `"${condition}" cannot be waited for on a Job (${dep} is one, since ${jobReason(ctx.state, dep)}): ${s.name} starts without waiting`, `wait for it with dependsOn: { ${dep}: 'completed' }`);
        continue;
      }
      out.jobs.push(name);
      // In a loop: kubectl wait fails at once while the Job does not exist yet or the Role is not bound yet (kubectl
      // apply -f DIR creates them in file name order), and a Job's pod (restartPolicy Never) would fail for good.
      out.initContainers.push({
        name: `wait-for-${name}`,
        image: ctx.options.kubectlImage,
        command: ['sh', '-c', `until kubectl wait --namespace ${ctx.namespace} --for=condition=complete job/${name} --timeout=60s; do echo "waiting for job ${name}"; sleep 5; done`],
      });
      continue;
    }
    const ports = containerPorts(target);
    const port = ports.find((p) => p.protocol === 'TCP');
    if (condition === 'healthy' && (!target.healthcheck || target.healthcheck.test[0] === 'NONE')) {
      ctx.report.warn(path, `${dep} has no healthcheck in stack.ts, and Kubernetes does not run an image's HEALTHCHECK: ${s.name} waits only until ${dep} is running`, `give ${dep} a healthcheck`);
    }
    // Without a TCP port to try, a headless Service's name (services.ts) resolves once a pod of it is Ready: its own
    // when it has no ports, a StatefulSet's governing one, else `<name>-ready`, since a ClusterIP name resolves as
    // soon as the Service exists and UDP cannot be probed. busybox's nslookup does not apply the pod's search
    // domains, so the name is completed with the first of them, the pod's namespace's (NS.svc.CLUSTER-DOMAIN), read
    // from resolv.conf: the cluster domain is not always cluster.local. Backquotes, since Kubernetes would expand a
    // $(...) in a command.
    const lookup = ports.length ? governingServiceName(target, ctx) ?? readyServiceName(name) : name;
    const check = port ? `nc -z -w 2 ${name} ${port.port}` : `nslookup ${lookup}.\`sed -n 's/^search \\([^ ]*\\).*/\\1/p' /etc/resolv.conf\` > /dev/null 2>&1`;
    const what = port ? `${name}:${port.port}` : name;
    out.initContainers.push({ name: `wait-for-${name}`, image: ctx.options.waitImage, command: ['sh', '-c', `until ${check}; do echo "waiting for ${what}"; sleep 2; done`] });
  }
  return out;
}

/** The headless Service whose name resolves only while `name`'s pods are Ready, for a service with no TCP port. */
export function readyServiceName(name: string): string {
  return `${name}-ready`;
}

/**
 * Whether services wait for `target` (started or healthy) by a name that resolves only while it is Ready, and it has
 * ports but none over TCP, so it needs a `-ready` headless Service besides its own ClusterIP one. A StatefulSet's
 * governing Service is such a name already.
 */
export function waitedForWithoutTcp(target: DesiredService, ctx: ExportContext): string[] {
  if (ctx.kinds[target.name] === 'Job' || ctx.kinds[target.name] === 'StatefulSet') return [];
  const ports = containerPorts(target);
  if (!ports.length || ports.some((p) => p.protocol === 'TCP')) return [];
  return Object.values(ctx.state.services).filter((s) => s.dependsOn[target.name] !== undefined && s.dependsOn[target.name] !== 'completed' && !s.optionalDeps?.includes(target.name) && ctx.serviceNames[s.name] !== undefined).map((s) => s.name);
}
