/**
 * How each named volume is claimed. A volume that one single-replica service keeps its data in becomes a claim
 * template of that service's StatefulSet: the StatefulSet guarantees one pod at a time on it (a Deployment's rolling
 * update starts the new pod while the old one still holds the volume, which a ReadWriteOnce volume refuses and a
 * database must not see), and the claim it makes outlives the StatefulSet, as a named volume outlives `stack down`.
 * A volume several pods share (two services, or replicas) becomes one standalone claim, ReadWriteMany.
 */
import type { DesiredState } from '../../model/desired';
import { join } from '../../model/reader';
import { Report } from './report';
import type { WorkloadKind } from './workload-kind';

export type VolumeClaim =
  | { mode: 'template'; owner: string }
  | { mode: 'claim'; accessMode: 'ReadWriteOnce' | 'ReadWriteMany'; users: string[] }
  /** `external: true`: a claim of that name exists already. */
  | { mode: 'existing' };

export interface ClaimPlan {
  /** Volume key → its claim; volumes no exported service mounts are left out. */
  volumes: Record<string, VolumeClaim>;
  /** Service → keys of the volumes it claims through its own templates. */
  templateOwners: Record<string, string[]>;
}

export function planClaims(state: DesiredState, volumeKeys: Record<string, string>, kinds: Record<string, WorkloadKind>, report: Report): ClaimPlan {
  const users = new Map<string, string[]>();
  for (const s of Object.values(state.services)) {
    for (const m of s.volumes) {
      const key = m.type === 'volume' && m.source ? volumeKeys[m.source] : undefined;
      if (key === undefined) continue;
      const list = users.get(key) ?? [];
      if (!list.includes(s.name)) list.push(s.name);
      users.set(key, list);
    }
  }
  const plan: ClaimPlan = { volumes: {}, templateOwners: {} };
  for (const v of Object.values(state.volumes)) {
    const mounted = users.get(v.key);
    if (!mounted) continue;
    const path = join('volumes', v.key);
    if (v.driver !== 'local' || Object.keys(v.driverOpts).length) {
      report.warn(join(path, v.driver !== 'local' ? 'driver' : 'driverOpts'), `volume driver settings have no meaning on Kubernetes: the claim gets its storage from the cluster's storage class`, 'pick a class with --storage-class');
    }
    if (v.external) {
      plan.volumes[v.key] = { mode: 'existing' };
      continue;
    }
    const [only] = mounted;
    if (mounted.length === 1 && kinds[only] === 'Deployment' && state.services[only].replicas === 1) {
      plan.volumes[v.key] = { mode: 'template', owner: only };
      (plan.templateOwners[only] ??= []).push(v.key);
      continue;
    }
    const pods = mounted.reduce((n, name) => n + Math.max(1, state.services[name].replicas), 0);
    const shared = pods > 1 || mounted.some((name) => kinds[name] === 'DaemonSet');
    plan.volumes[v.key] = { mode: 'claim', accessMode: shared ? 'ReadWriteMany' : 'ReadWriteOnce', users: mounted };
    if (shared) {
      const who = mounted.length > 1 ? `services ${mounted.join(', ')}` : kinds[only] === 'DaemonSet' ? `${only} on every node` : `${state.services[only].replicas} replicas of ${only}`;
      report.warn(path, `is mounted by ${who}, so its claim asks for ReadWriteMany, which only some storage classes provide (NFS, CephFS, cloud file stores)`, 'pick one with --storage-class, or give each service a volume of its own');
    }
  }
  return plan;
}
