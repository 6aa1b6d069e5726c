import type { DesiredService, DesiredState } from '../../model/desired';
import { planClaims, type ClaimPlan } from './claims';
import { dnsLabel, nameResources } from './naming';
import type { KubernetesExportOptions } from './options';
import { Report } from './report';
import { workloadKinds, type WorkloadKind } from './workload-kind';

/** What every mapping step needs to know about the whole stack, worked out once. */
export interface ExportContext {
  state: DesiredState;
  options: KubernetesExportOptions;
  report: Report;
  namespace: string;
  /** stack.ts service name → Kubernetes name (Service, workload, container). */
  serviceNames: Record<string, string>;
  /** stack.ts volume key → Kubernetes name (claim, or claim template). */
  volumeNames: Record<string, string>;
  /** Daemon volume name (what a mount's source holds) → stack.ts key. */
  volumeKeys: Record<string, string>;
  /** Daemon network name (what a service's networks are keyed by) → stack.ts key. */
  networkKeys: Record<string, string>;
  kinds: Record<string, WorkloadKind>;
  claims: ClaimPlan;
}

export function buildContext(state: DesiredState, options: KubernetesExportOptions, report: Report): ExportContext {
  const { services, volumes } = nameResources(state, report);
  const volumeKeys = Object.fromEntries(Object.values(state.volumes).map((v) => [v.name, v.key]));
  const networkKeys = Object.fromEntries(Object.values(state.networks).map((n) => [n.name, n.key]));
  const kinds = workloadKinds(state, report);
  const claims = planClaims(state, volumeKeys, kinds, report);
  for (const [service, kind] of Object.entries(kinds)) if (kind === 'Deployment' && claims.templateOwners[service]?.length) kinds[service] = 'StatefulSet';
  return { state, options, report, namespace: options.namespace ?? (dnsLabel(state.project) || 'default'), serviceNames: services, volumeNames: volumes, volumeKeys, networkKeys, kinds, claims };
}

/** The services the export writes a workload for: those that got a valid, unique name. */
export function exportedServices(ctx: ExportContext): DesiredService[] {
  return Object.values(ctx.state.services).filter((s) => ctx.serviceNames[s.name] !== undefined);
}
