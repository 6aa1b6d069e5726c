import type { SwarmService as LiveService } from '../../docker/swarm-actual';
import { dependencyEdges, withDependencies } from '../../graph/dag';
import type { DesiredState } from '../../model/desired';
import { diffApplied } from '../../plan/diff';
import type { FieldChange } from '../../plan/types';
import type { SwarmActual } from './actual';
import { appliedSwarmNetwork, appliedSwarmService, configHash } from './applied';
import { scoped } from './labels';
import type { FileObjectStep, ServiceStep, SwarmNetworkStep, SwarmPlan } from './plan-types';
import { swarmServices } from './services';
import { restartPolicy } from './spec/deploy';
import { serviceFileObjects, type FileObject } from './spec/files';
import type { SwarmService } from './spec/input';
import { swarmIgnored, swarmProblems, swarmRestartNote } from './spec/unsupported';

export interface SwarmPlanOptions {
  /** Plan only these services and what they depend on; the rest of the stack is left as it is. */
  services?: string[];
}

/** Fields whose change swarm applies without replacing tasks. */
const IN_PLACE = /^(deploy\.labels|deploy\.updateConfig|deploy\.rollbackConfig)(\.|$)/;

/**
 * What `up` would change on the swarm, as a pure function of the desired stack and what the manager reports: the
 * swarm target's counterpart of plan/plan.ts, with the same vocabulary. A changed service is an update in place
 * with per-field changes; a changed replica count is a scale; secrets and configs are new versions.
 */
export function planSwarm(desired: DesiredState, actual: SwarmActual, options: SwarmPlanOptions = {}): SwarmPlan {
  const services = swarmServices(desired);
  const scope = options.services?.length ? withDependencies(dependencyEdges(desired.services), options.services) : undefined;
  const inScope = (name: string) => !scope || scope.has(name);
  const plan: SwarmPlan = { target: 'swarm', project: desired.project, ...(desired.env ? { env: desired.env } : {}), images: [], networks: [], files: [], services: [], blockers: [], notes: [], summary: { create: 0, update: 0, recreate: 0, remove: 0 } };
  const unknown = (options.services ?? []).filter((name) => !services[name]);
  if (unknown.length) plan.blockers.push({ path: 'services', message: `no service named ${unknown.join(', ')} in ${desired.project}`, hint: `services are: ${Object.keys(services).join(', ')}` });

  const clusterKey = actual.info.clusterId ?? '';
  const planned = Object.values(services).filter((s) => inScope(s.name));
  for (const s of planned) {
    plan.blockers.push(...swarmProblems(s));
    plan.notes.push(...swarmIgnored(s));
  }
  const restart = swarmRestartNote(planned);
  if (restart) plan.notes.push(restart);
  checkCompletedJobs(services, plan);
  noteIpvs(planned, actual, plan);
  noteHostPortStartFirst(planned, actual, plan);
  planImages(planned, actual, plan);
  planNetworks(desired, actual, plan, !scope);
  const objects = planFiles(desired.project, Object.values(services), planned, clusterKey, actual, plan, !scope);

  const live = new Map(actual.services.map((s) => [s.service, s]));
  for (const s of planned) plan.services.push(planService(s, live.get(s.name), objects.get(s.name) ?? [], desired.project, actual));
  if (!scope) {
    for (const svc of actual.services) {
      if (services[svc.service]) continue;
      const profiles = desired.inactive?.[svc.service];
      if (profiles) plan.notes.push(`${svc.service} is disabled (profiles: ${profiles.join(', ')}); its service is left as it is`);
      else plan.services.push({ resource: 'service', action: 'remove', service: svc.service, name: svc.name, id: svc.id, reasons: ['service removed from stack.ts'], changes: [], rolling: false });
    }
  }
  for (const step of [...plan.networks, ...plan.files, ...plan.services]) if (step.action !== 'noop') plan.summary[step.action]++;
  return plan;
}

function planService(s: SwarmService, live: LiveService | undefined, objects: FileObject[], project: string, actual: SwarmActual): ServiceStep {
  const applied = appliedSwarmService(s, objects);
  const name = scoped(project, s.name);
  const global = s.deploy?.mode === 'global';
  if (!live) return { resource: 'service', action: 'create', service: s.name, name, reasons: ['not created yet'], changes: [], rolling: true };
  const step: ServiceStep = { resource: 'service', action: 'noop', service: s.name, name, id: live.id, reasons: [], changes: [], rolling: false };
  if (live.global !== global) {
    return { ...step, action: 'recreate', rolling: true, reasons: [`mode changes from ${live.global ? 'global' : 'replicated'} to ${global ? 'global' : 'replicated'}, which swarm cannot change in place`] };
  }
  let rolling = false;
  if (live.configHash !== configHash(applied)) {
    if (live.applied) {
      const changes = diffApplied(live.applied, applied);
      const versions = changes.filter((c) => c.field.startsWith('versions.'));
      const fields = changes.filter((c) => !c.field.startsWith('versions.'));
      if (fields.length) step.reasons.push('config changed');
      step.reasons.push(...versions.map((c) => `${c.field.slice('versions.'.length)} changed`));
      step.changes.push(...fields);
      rolling = versions.length > 0 || fields.some((c) => !IN_PLACE.test(c.field));
    } else {
      step.reasons.push('no applied spec recorded on the service');
      rolling = true;
    }
  }
  const want = actual.digests[s.image];
  const have = live.image.includes('@') ? live.image.slice(live.image.indexOf('@') + 1) : undefined;
  if (want && want !== have) {
    step.reasons.push('image changed');
    step.changes.push({ field: 'image digest', from: have && short(have), to: short(want) });
    rolling = true;
  }
  for (const key of s.secretEnv) {
    if (live.env[key] !== s.environment[key]) {
      step.reasons.push(`secret environment.${key} changed`);
      rolling = true;
    }
  }
  if (!global && live.replicas !== s.replicas) {
    step.scale = { from: live.replicas ?? 0, to: s.replicas };
    step.reasons.push(`replicas ${live.replicas ?? 0} → ${s.replicas}`);
    step.changes.push({ field: 'replicas', from: live.replicas, to: s.replicas } satisfies FieldChange);
  }
  if (step.reasons.length) {
    step.action = 'update';
    step.rolling = rolling;
  }
  const status = live.updateStatus;
  if (status && status.state.startsWith('rollback')) step.reasons.push(`its last update was rolled back${status.message ? `: ${status.message}` : ''}`);
  return step;
}

/**
 * A job others wait on with `completed` must stop once done; with swarm's default restart policy (any) its task
 * would be started again forever and never count as completed.
 */
function checkCompletedJobs(services: Record<string, SwarmService>, plan: SwarmPlan): void {
  const jobs = new Set(Object.values(services).flatMap((s) => Object.entries(s.dependsOn).filter(([, c]) => c === 'completed').map(([d]) => d)));
  for (const job of jobs) {
    const s = services[job];
    if (!s) continue;
    const condition = restartPolicy(s)?.Condition ?? 'any';
    if (condition === 'any') {
      plan.blockers.push({
        path: `services.${job}.restart`,
        message: `${job} is waited on until completed, but on swarm its task would be restarted after it exits (restart policy any, swarm's default)`,
        hint: "set deploy.restartPolicy.condition: 'none' (or restart: 'on-failure')",
      });
    }
  }
}

/**
 * Without IPVS in the kernel, swarm's virtual IPs answer "no route to host" and the routing mesh publishes nothing;
 * the deploy itself succeeds, so say it before it does.
 */
function noteIpvs(services: SwarmService[], actual: SwarmActual, plan: SwarmPlan): void {
  if (actual.ipvs !== false) return;
  const vip = services.filter((s) => (s.deploy?.endpointMode ?? 'vip') === 'vip' && Object.keys(s.networks).length > 0).map((s) => s.name);
  const mesh = services.filter((s) => s.ports.some((p) => (p.mode ?? 'ingress') === 'ingress')).map((s) => s.name);
  if (vip.length) plan.notes.push(`this machine's kernel has no IPVS, so swarm's virtual IPs do not work here: other services cannot reach ${vip.join(', ')} by name (set deploy.endpointMode: 'dnsrr')`);
  if (mesh.length) plan.notes.push(`this machine's kernel has no IPVS, so the routing mesh publishes no port here: ports of ${mesh.join(', ')} will not answer (publish with mode: 'host')`);
}

/**
 * A start-first update starts each new task before its old one stops; with a host-mode port the new task needs a
 * node where that port is free, and with a task on every node there is none: the update would stall.
 */
function noteHostPortStartFirst(services: SwarmService[], actual: SwarmActual, plan: SwarmPlan): void {
  const nodes = actual.nodes.filter((n) => n.state === 'ready' && n.availability === 'active').length;
  for (const s of services) {
    const host = s.ports.some((p) => p.mode === 'host' && p.published);
    const global = s.deploy?.mode === 'global';
    if (host && s.deploy?.updateConfig?.order === 'start-first' && (global || s.replicas >= nodes)) {
      plan.notes.push(`services.${s.name}: a start-first update cannot start a new task on a node whose host-mode port its old task holds, and ${global ? 'a global service' : `${s.replicas} replicas on ${nodes} node${nodes === 1 ? '' : 's'}`} leave${global ? 's' : ''} no free node, so its updates would stall (use order: 'stop-first', or publish through the routing mesh)`);
    }
  }
}

function planImages(services: SwarmService[], actual: SwarmActual, plan: SwarmPlan): void {
  const steps = new Map<string, SwarmPlan['images'][number]>();
  for (const s of services) {
    if (s.replicas === 0 && s.deploy?.mode !== 'global') continue;
    const step = s.build
      ? { resource: 'image' as const, action: 'build' as const, ref: s.image, services: [] as string[], reason: 'built and pushed by up; the service is updated only if its digest changes' }
      : actual.digests[s.image] ? undefined : { resource: 'image' as const, action: 'resolve' as const, ref: s.image, services: [] as string[], reason: 'not present here: up asks its registry for the digest every node will pull' };
    if (!step) continue;
    const prev = steps.get(s.image) ?? step;
    prev.services.push(s.name);
    steps.set(s.image, prev);
  }
  plan.images = [...steps.values()];
}

function planNetworks(desired: DesiredState, actual: SwarmActual, plan: SwarmPlan, removeUnused: boolean): void {
  for (const n of Object.values(desired.networks)) {
    const have = actual.networks[n.name];
    const base = { resource: 'network' as const, key: n.key, name: n.name, reasons: [] as string[], changes: [] as FieldChange[] };
    if (n.external) {
      if (!have) plan.blockers.push({ path: `networks.${n.key}`, message: `external network "${n.name}" does not exist`, hint: `create it with: docker network create --driver overlay --attachable ${n.name}` });
      continue;
    }
    if (!have) {
      plan.networks.push({ ...base, action: 'create', reasons: ['not created yet'] });
      continue;
    }
    if (have.key === undefined) {
      plan.blockers.push({ path: `networks.${n.key}`, message: `a network named "${n.name}" exists but was not created by stackfile`, hint: `mark it external: true to use it, or remove it (docker network rm ${n.name})` });
      continue;
    }
    const applied = appliedSwarmNetwork(n);
    if (have.configHash === configHash(applied)) {
      plan.networks.push({ ...base, id: have.id, action: 'noop' });
      continue;
    }
    const changes = have.applied ? diffApplied(have.applied, applied) : [];
    plan.blockers.push({
      path: `networks.${n.key}`,
      message: `network "${n.name}" config changed (${changes.map((c) => c.field).join(', ') || 'driver settings'}), and swarm cannot change a network its services are attached to`,
      hint: 'revert the change, or run stack down (named volumes are kept) and then up',
    });
  }
  if (!removeUnused) return;
  for (const have of Object.values(actual.networks)) {
    if (have.key !== undefined && !Object.values(desired.networks).some((n) => n.name === have.name)) {
      plan.networks.push({ resource: 'network', action: 'remove', key: have.key, name: have.name, id: have.id, reasons: ['no longer in stack.ts'], changes: [] });
    }
  }
}

/** Secret and config versions to create, and the stack's old ones no service will use once `up` is done. */
function planFiles(project: string, all: SwarmService[], planned: SwarmService[], clusterKey: string, actual: SwarmActual, plan: SwarmPlan, removeUnused: boolean): Map<string, FileObject[]> {
  const byService = new Map(all.map((s) => [s.name, serviceFileObjects(s, project, clusterKey)]));
  const existing = [...actual.secrets.map((o) => ({ ...o, kind: 'secret' as const })), ...actual.configs.map((o) => ({ ...o, kind: 'config' as const }))];
  const seen = new Set<string>();
  for (const s of planned) {
    (byService.get(s.name) ?? []).forEach((o) => {
      if (seen.has(`${o.kind}/${o.name}`)) return;
      seen.add(`${o.kind}/${o.name}`);
      const have = existing.find((e) => e.kind === o.kind && e.name === o.name);
      if (o.external) {
        if (!have) plan.blockers.push({ path: `${o.kind}s.${o.key}`, message: `external ${o.kind} "${o.name}" does not exist in the swarm`, hint: `create it with: docker ${o.kind} create ${o.name} FILE` });
        return;
      }
      const step: FileObjectStep = { resource: o.kind, key: o.key, name: o.name, reasons: [], changes: [], action: have ? 'noop' : 'create', ...(have ? { id: have.id } : {}) };
      if (!have) step.reasons.push(existing.some((e) => e.kind === o.kind && e.key === o.key) ? 'new value' : 'not created yet');
      plan.files.push(step);
    });
  }
  if (removeUnused) {
    const wanted = new Set([...byService.values()].flat().map((o) => `${o.kind}/${o.name}`));
    for (const e of existing) {
      if (e.key !== undefined && !wanted.has(`${e.kind}/${e.name}`)) plan.files.push({ resource: e.kind, key: e.key, name: e.name, id: e.id, action: 'remove', reasons: ['no service uses this version any more'], changes: [] });
    }
  }
  return byService;
}

function short(digest: string): string {
  return digest.replace(/^sha256:/, '').slice(0, 12);
}
