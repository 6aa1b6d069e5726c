import { envSwitch, envWords } from './applied-env';
import type { ActualContainer, ActualState } from '../docker/actual';
import { containerName } from '../docker/labels';
import { dependencyEdges, withDependencies } from '../graph/dag';
import { appliedNetwork, appliedService, appliedVolume, configHash } from '../model/applied';
import { isPlainObject } from '../model/overlay';
import type { DesiredService, DesiredServiceNetwork, DesiredState } from '../model/desired';
import { diffApplied } from './diff';
import type { ContainerStep, ImageStep, NetworkStep, Plan, VolumeStep } from './types';

export interface PlanOptions {
  /** Plan only these services and what they depend on (`stack up api`); others are left as they are. */
  services?: string[];
  /** Let a named volume whose config changed be recreated (its data is lost). */
  recreateVolumes?: boolean;
  /** Images `up` will pull or build first, as decided by the pull policy (plan lists them; it never fetches). */
  pullPolicy?: 'always' | 'missing' | 'never';
  /** `--no-deps`: only the services named, not what they depend on. */
  noDeps?: boolean;
  /** `--force-recreate`: every container in scope is recreated, changed or not. */
  forceRecreate?: boolean;
  /** `--no-build` (false): images with a build are used as they are; a missing one blocks. */
  build?: boolean;
}

/**
 * The services a plan for `services` covers: those and what they depend on; undefined (all of them) when none are
 * named (only those with `noDeps`, up's --no-deps). `up` shows a progress line for each, so it asks here rather
 * than working the scope out again.
 */
export function planScope(desired: DesiredState, services?: readonly string[], noDeps = false): Set<string> | undefined {
  if (!services?.length) return undefined;
  return noDeps ? new Set(services) : withDependencies(dependencyEdges(desired.services), services);
}

/**
 * The heart of stackfile: a pure, synchronous comparison of what stack.ts wants with what the daemon has. Every
 * resource gets an action and, when it changes, the reasons and exact fields. No I/O, so it is tested with plain
 * objects and runs in milliseconds for hundreds of services.
 */
export function plan(desired: DesiredState, actual: ActualState, options: PlanOptions = {}): Plan {
  const scope = planScope(desired, options.services, options.noDeps);
  const unknown = (options.services ?? []).filter((name) => !desired.services[name]);
  const inScope = (service: string) => !scope || scope.has(service);
  const result: Plan = { project: desired.project, ...(desired.env ? { env: desired.env } : {}), images: [], networks: [], volumes: [], containers: [], blockers: [], notes: [], summary: { create: 0, recreate: 0, start: 0, remove: 0 } };

  if (unknown.length) {
    result.blockers.push({ path: 'services', message: `no service named ${unknown.join(', ')} in ${desired.project}`, hint: `services are: ${Object.keys(desired.services).join(', ')}` });
  }
  const switched = envSwitch(desired.env, actual.containers);
  if (switched) result.notes.push(`${desired.project} was last applied with ${envWords(switched.from)}; this plan is for ${envWords(switched.to)}${switched.from ? ` (pass --env ${switched.from} to keep it)` : ''}`);
  result.images = planImages(desired, actual, inScope, options.pullPolicy ?? 'missing', options.build ?? true);
  for (const img of result.images) {
    if (img.action === 'build' && img.missing && options.build === false) {
      result.blockers.push({ path: `services.${img.services[0]}.build`, message: `image ${img.ref} is not built yet and --no-build was given`, hint: 'build it first (stack build), or run without --no-build' });
    }
    if (img.action === 'pull' && img.missing && options.pullPolicy === 'never') {
      result.blockers.push({ path: `services.${img.services[0]}.image`, message: `image ${img.ref} is not present locally and --pull never was given`, hint: 'pull or build it first, or run with --pull missing' });
    }
  }
  planVolumes(desired, actual, result, options.recreateVolumes ?? false);
  const recreatedNetworks = planNetworks(desired, actual, result, !scope);

  const byService = new Map<string, ActualContainer[]>();
  for (const c of actual.containers) byService.set(c.service, [...(byService.get(c.service) ?? []), c]);
  // A one-shot job that others wait on with 'completed' is done once it exited 0; starting it again would re-run it.
  const completedJobs = new Set(Object.values(desired.services).flatMap((s) => Object.entries(s.dependsOn).filter(([, c]) => c === 'completed').map(([d]) => d)));

  for (const s of Object.values(desired.services)) {
    if (!inScope(s.name)) continue;
    planService(s, byService.get(s.name) ?? [], desired.project, actual, result, completedJobs.has(s.name), recreatedNetworks, options.forceRecreate ?? false);
  }
  followNamespaceOwners(desired, actual, result);
  followRestartDependencies(desired, result);
  markVolumeUsers(result, actual, inScope);
  if (!scope) {
    for (const [service, containers] of byService) {
      if (desired.services[service]) continue;
      const profiles = desired.inactive?.[service];
      // Compose leaves a service whose profile is off alone: it was started on purpose and `down` removes it.
      if (profiles) result.notes.push(`${service} is disabled (profiles: ${profiles.join(', ')}); its containers are left as they are`);
      else for (const c of containers) result.containers.push(removeStep(c, 'service removed from stack.ts'));
    }
  }
  for (const step of [...result.networks, ...result.volumes, ...result.containers]) {
    if (step.action !== 'noop') result.summary[step.action]++;
  }
  return result;
}

function planService(s: DesiredService, existing: ActualContainer[], project: string, actual: ActualState, result: Plan, completedJob: boolean, recreatedNetworks: Set<string>, force: boolean): void {
  const applied = appliedService(s);
  const hash = configHash(applied);
  const imageId = actual.images[s.image];
  const byNumber = new Map<number, ActualContainer[]>();
  for (const c of existing) byNumber.set(c.number, [...(byNumber.get(c.number) ?? []), c]);

  for (let n = 1; n <= s.replicas; n++) {
    const name = s.containerName ?? containerName(project, s.name, n);
    // Prefer the container holding the real name; a replacement an interrupted recreate left under its temporary
    // name is removed (or, when the original is already gone, recreated).
    const candidates = (byNumber.get(n) ?? []).sort((a, b) => Number(a.name !== name) - Number(b.name !== name) || b.created - a.created);
    const [current, ...extra] = candidates;
    for (const c of extra) result.containers.push(removeStep(c, c.name !== name ? 'leftover from an interrupted recreate' : 'duplicate container for the same replica'));
    const base = { resource: 'container' as const, service: s.name, number: n, name };
    if (!current) {
      result.containers.push({ ...base, action: 'create', reasons: [existing.length ? 'replica missing' : 'not created yet'], changes: [] });
      continue;
    }
    const step: ContainerStep = { ...base, id: current.id, action: 'noop', reasons: [], changes: [] };
    if (current.configHash !== hash) {
      step.action = 'recreate';
      if (current.applied) {
        step.changes = diffApplied(current.applied, applied);
        step.reasons.push('config changed');
      } else step.reasons.push('no applied spec recorded on the container');
    }
    if (imageId && current.imageId !== imageId) {
      step.action = 'recreate';
      step.reasons.push('image changed');
      step.changes.push({ field: 'image id', from: shortId(current.imageId), to: shortId(imageId) });
    }
    const secrets = changedSecrets(s, current);
    if (secrets.length) {
      step.action = 'recreate';
      step.reasons.push(...secrets);
    }
    if (current.name !== name) {
      step.action = 'recreate';
      step.reasons.push(`named ${current.name} (an interrupted recreate, or containerName changed)`);
    }
    const lostNetworks = Object.keys(s.networks).filter((net) => recreatedNetworks.has(net));
    // Drift the hash cannot see: a container disconnected from one of its networks (by hand, or by a run that died
    // between a network's removal and its re-creation) gets a fresh container with all of them.
    const detached = Object.keys(s.networks).filter((net) => !current.networks.includes(net) && !recreatedNetworks.has(net));
    if (step.action === 'noop' && detached.length) {
      step.action = 'recreate';
      step.reasons.push(`not attached to network ${detached.join(', ')}`);
    }
    // Restarting is the restart policy at work (readiness reports a crash loop); paused is resumed by a start step.
    if (step.action === 'noop' && current.state !== 'running' && current.state !== 'restarting') {
      if (completedJob && current.state === 'exited' && current.exitCode === 0) step.reasons.push('completed');
      else {
        step.action = 'start';
        step.reasons.push(current.state === 'exited' ? `stopped (exited ${current.exitCode ?? '?'})` : `${current.state}`);
      }
    }
    if (force && (step.action === 'noop' || step.action === 'start')) {
      step.action = 'recreate';
      step.reasons.push('--force-recreate');
    }
    if (step.action === 'noop' && lostNetworks.length) step.reasons.push(`reconnected to recreated network ${lostNetworks.join(', ')}`);
    result.containers.push(step);
  }
  // Scale down from the top: the lowest numbers are kept, like Compose.
  for (const [n, containers] of byNumber) {
    if (n > s.replicas) for (const c of containers) result.containers.push(removeStep(c, `replicas reduced to ${s.replicas}`));
  }
}

/**
 * A container that joined another's namespaces (`networkMode`/`pid`/`ipc: 'service:NAME'`) is tied to that exact
 * container: when NAME's first replica is created or recreated, the joiner must be too, or it keeps a dead network.
 * The daemon records the owner's ID in NetworkMode, so a joiner left on a former owner (NAME recreated by a scoped
 * `up NAME`) is found as well. Chains (a joins b joins c) settle in a few rounds.
 */
function followNamespaceOwners(desired: DesiredState, actual: ActualState, result: Plan): void {
  const joiners = Object.values(desired.services).map((s) => ({ s, owner: [s.networkMode, s.pid, s.ipc].map((m) => (m?.startsWith('service:') ? m.slice('service:'.length) : undefined)).find((o) => o !== undefined) })).filter((j) => j.owner !== undefined);
  for (let round = 0, changed = true; changed && round <= joiners.length; round++) {
    changed = false;
    for (const { s, owner } of joiners) {
      const ownerStep = result.containers.find((c) => c.service === owner && c.number === 1 && c.action !== 'remove');
      if (!ownerStep) continue;
      const ownerId = ownerStep.action === 'create' || ownerStep.action === 'recreate' ? undefined : ownerStep.id;
      for (const step of result.containers) {
        if (step.service !== s.name || (step.action !== 'noop' && step.action !== 'start')) continue;
        const joined = actual.containers.find((c) => c.id === step.id)?.networkMode;
        let reason: string | undefined;
        if (ownerId === undefined) reason = `shares the namespace of ${ownerStep.name}, which is ${ownerStep.action}d`;
        else if (s.networkMode?.startsWith('service:') && joined && joined !== `container:${ownerId}`) reason = `joined the network of a former ${ownerStep.name}`;
        if (!reason) continue;
        step.action = 'recreate';
        step.reasons.push(reason);
        changed = true;
      }
    }
  }
}

/**
 * dependsOn `restart: true` (Compose): a running service whose dependency this plan recreates, creates or starts is
 * restarted after it (a `start` step on a running container restarts it), so it reconnects to the new one.
 */
function followRestartDependencies(desired: DesiredState, result: Plan): void {
  for (const s of Object.values(desired.services)) {
    const moved = (s.restartWith ?? []).map((dep) => result.containers.find((c) => c.service === dep && (c.action === 'recreate' || c.action === 'create' || c.action === 'start'))).filter((c) => c !== undefined);
    if (!moved.length) continue;
    for (const step of result.containers) {
      if (step.service !== s.name || step.action !== 'noop') continue;
      step.action = 'start';
      step.reasons.push(...moved.map((c) => `restarts after ${c.service} is ${c.action === 'start' ? 'started' : `${c.action}d`} (dependsOn restart: true)`));
    }
  }
}

/**
 * A volume can only be removed once no container uses it: its users are removed first (the volume step lists them)
 * and their steps become recreates, so they come back on the new volume.
 */
function markVolumeUsers(result: Plan, actual: ActualState, inScope: (service: string) => boolean): void {
  for (const v of result.volumes) {
    if (v.action !== 'recreate') continue;
    const users = actual.containers.filter((c) => ((c.applied?.volumes ?? []) as { source?: string }[]).some((m) => m.source === v.name));
    const outside = [...new Set(users.filter((c) => !inScope(c.service)).map((c) => c.service))];
    if (outside.length) {
      result.blockers.push({ path: `volumes.${v.key}`, message: `volume "${v.name}" would be recreated under ${outside.join(', ')}, which this run does not include`, hint: 'run up without a service list to recreate it' });
    }
    v.detach = users.map((c) => ({ id: c.id, name: c.name }));
    for (const step of result.containers) {
      if (!users.some((u) => u.id === step.id) || step.action === 'remove' || step.action === 'create') continue;
      step.action = 'recreate';
      step.reasons.push(`volume ${v.name} is recreated`);
    }
  }
}

/**
 * Secrets whose value differs from what the container holds (observed only for services with secrets; labels keep
 * no trace of the values). A secret the container lacks because it was just added is already a config change.
 */
function changedSecrets(s: DesiredService, c: ActualContainer): string[] {
  if (!c.secrets) return [];
  const reasons: string[] = [];
  for (const sec of s.secrets) {
    const have = c.secrets.files[sec.target];
    if (have === undefined) {
      if (c.applied && isPlainObject(c.applied.secrets) && sec.name in c.applied.secrets) reasons.push(`secret ${sec.name} is missing from the container`);
    } else if (have !== sec.value) reasons.push(`secret ${sec.name} changed`);
  }
  for (const key of s.secretEnv) {
    const have = c.secrets.env[key];
    if (have !== undefined && have !== s.environment[key]) reasons.push(`secret environment.${key} changed`);
  }
  return reasons;
}

function removeStep(c: ActualContainer, reason: string): ContainerStep {
  return { resource: 'container', action: 'remove', service: c.service, number: c.number, name: c.name, id: c.id, reasons: [reason], changes: [] };
}

function planImages(desired: DesiredState, actual: ActualState, inScope: (s: string) => boolean, policy: 'always' | 'missing' | 'never', build: boolean): ImageStep[] {
  const steps = new Map<string, ImageStep>();
  for (const s of Object.values(desired.services)) {
    if (!inScope(s.name) || s.replicas === 0) continue;
    const present = actual.images[s.image] !== undefined;
    let step: Omit<ImageStep, 'services'> | undefined;
    if (s.build && !build && present) continue;
    if (s.build) step = { resource: 'image', action: 'build', ref: s.image, missing: !present, reason: present ? 'rebuilt by up; containers are recreated only if the image ID changes' : 'not built yet' };
    else if (policy === 'always') step = { resource: 'image', action: 'pull', ref: s.image, missing: !present, reason: '--pull always; containers are recreated only if the image ID changes' };
    else if (!present) step = { resource: 'image', action: 'pull', ref: s.image, missing: true, reason: 'not present locally' };
    if (!step) continue;
    const prev = steps.get(s.image);
    steps.set(s.image, { ...(prev ?? step), services: [...(prev?.services ?? []), s.name] });
  }
  return [...steps.values()];
}

function planVolumes(desired: DesiredState, actual: ActualState, result: Plan, allowRecreate: boolean): void {
  for (const v of Object.values(desired.volumes)) {
    const have = actual.volumes[v.name];
    const base = { resource: 'volume' as const, key: v.key, name: v.name, reasons: [] as string[], changes: [] as VolumeStep['changes'] };
    if (v.external) {
      if (!have) result.blockers.push({ path: `volumes.${v.key}`, message: `external volume "${v.name}" does not exist`, hint: `create it with: docker volume create ${v.name}` });
      continue;
    }
    if (!have) {
      result.volumes.push({ ...base, action: 'create', reasons: ['not created yet'] });
      continue;
    }
    const applied = appliedVolume(v);
    if (have.key === undefined) {
      // A volume with our name but not our labels (made by hand or by Compose): use it as is, never touch it.
      result.notes.push(`volume ${v.name} exists and was not created by stackfile; it is used as it is`);
      continue;
    }
    if (have.configHash === configHash(applied)) {
      result.volumes.push({ ...base, action: 'noop' });
      continue;
    }
    const changes = have.applied ? diffApplied(have.applied, applied) : [];
    if (!allowRecreate) {
      result.blockers.push({
        path: `volumes.${v.key}`,
        message: `volume "${v.name}" config changed (${changes.map((c) => c.field).join(', ') || 'driver settings'}); recreating it deletes its data`,
        hint: 'revert the change, or run up with --recreate-volumes to delete and recreate it (data is lost)',
      });
    }
    result.volumes.push({ ...base, action: allowRecreate ? 'recreate' : 'noop', reasons: ['config changed'], changes });
  }
  for (const have of Object.values(actual.volumes)) {
    if (have.key !== undefined && !Object.values(desired.volumes).some((v) => v.name === have.name)) {
      result.notes.push(`volume ${have.name} is no longer in stack.ts; it is kept (stack down --volumes removes it)`);
    }
  }
}

/** Returns the names of networks that will be recreated (their containers must be reconnected). */
function planNetworks(desired: DesiredState, actual: ActualState, result: Plan, removeUnused: boolean): Set<string> {
  const recreated = new Set<string>();
  for (const n of Object.values(desired.networks)) {
    const have = actual.networks[n.name];
    const base = { resource: 'network' as const, key: n.key, name: n.name, reasons: [] as string[], changes: [] as NetworkStep['changes'] };
    if (n.external) {
      if (!have) result.blockers.push({ path: `networks.${n.key}`, message: `external network "${n.name}" does not exist`, hint: `create it with: docker network create ${n.name}` });
      continue;
    }
    if (!have) {
      result.networks.push({ ...base, action: 'create', reasons: ['not created yet'] });
      continue;
    }
    if (have.key === undefined) {
      result.blockers.push({ path: `networks.${n.key}`, message: `a network named "${n.name}" exists but was not created by stackfile`, hint: `mark it external: true to use it, or remove it (docker network rm ${n.name})` });
      continue;
    }
    const applied = appliedNetwork(n);
    if (have.configHash === configHash(applied)) {
      result.networks.push({ ...base, id: have.id, action: 'noop' });
      continue;
    }
    recreated.add(n.name);
    const reconnect = actual.containers
      .filter((c) => c.networks.includes(n.name))
      .map((c) => ({ id: c.id, name: c.name, aliases: [c.service, ...(desired.services[c.service]?.networks[n.name]?.aliases ?? [])], ...reconnectIpam(desired.services[c.service]?.networks[n.name]) }));
    result.networks.push({ ...base, id: have.id, action: 'recreate', reasons: ['config changed'], changes: have.applied ? diffApplied(have.applied, applied) : [], reconnect });
  }
  if (removeUnused) {
    for (const have of Object.values(actual.networks)) {
      if (have.key !== undefined && !Object.values(desired.networks).some((n) => n.name === have.name)) {
        result.networks.push({ resource: 'network', action: 'remove', key: have.key, name: have.name, id: have.id, reasons: ['no longer in stack.ts'], changes: [] });
      }
    }
  }
  return recreated;
}

/** A fixed address goes back with the container when its network is recreated. */
function reconnectIpam(n: DesiredServiceNetwork | undefined): { ipam?: { IPv4Address?: string; IPv6Address?: string; LinkLocalIPs?: string[] } } {
  if (!n || (n.ipv4Address === undefined && n.ipv6Address === undefined && n.linkLocalIps === undefined)) return {};
  return { ipam: Object.fromEntries(Object.entries({ IPv4Address: n.ipv4Address, IPv6Address: n.ipv6Address, LinkLocalIPs: n.linkLocalIps }).filter(([, v]) => v !== undefined)) };
}

function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}
