/**
 * A StatefulSet's governing Service, the one its `spec.serviceName` names: Kubernetes wants it headless
 * (`clusterIP: None`) and selecting the StatefulSet's pods, which then get DNS names of their own (`db-0.db`).
 *
 * The least surprising one is the service's own Service made headless, when that Service stays inside the cluster
 * (ClusterIP, or headless already for a service without ports): its one pod is all a cluster IP would forward to, so
 * `db:5432` reaches the same process, by the pod's address, as the name does on a Docker network (where a name
 * resolves to the container's own address too). No second name to learn, no object more. A service whose own
 * Service is public (LoadBalancer or NodePort: the cloud's address, or every node's port, must stay) keeps it, and
 * gets a separate headless `<name>-headless` (the name Helm charts use) to govern its StatefulSet.
 *
 * Neither sets publishNotReadyAddresses: a headless name then resolves only while the pod is Ready (its healthcheck
 * passes, probes.ts), which is what the dependency waits (dependencies.ts) look for, and what a client wants. It is
 * for peers that must find each other before they are ready (a database cluster forming), and this StatefulSet
 * has one replica.
 */
import type { DesiredService } from '../../model/desired';
import type { ExportContext } from './context';
import { ownServiceIsPublic } from './ports';

/** The governing Service's name for a StatefulSet (see above); undefined for any other workload. */
export function governingServiceName(s: DesiredService, ctx: ExportContext): string | undefined {
  if (ctx.kinds[s.name] !== 'StatefulSet') return undefined;
  const name = ctx.serviceNames[s.name];
  return ownServiceIsPublic(s, ctx.options.serviceType) ? `${name}-headless` : name;
}
