import type { DesiredVolume } from '../../../model/desired';
import { LABEL } from '../../../docker/labels';
import type { Mount } from './engine';
import type { SwarmService } from './input';
import { STACK_LABEL } from '../labels';

/**
 * Volumes, binds and tmpfs as swarm mounts. A named volume is per node: each node's daemon creates it, with these
 * labels and driver, the first time a task there mounts it (a swarm has no cluster-wide volume without a plugin).
 * Bind sources are paths on whichever node runs the task.
 */
export function mounts(s: SwarmService, project: string, volumes: Record<string, DesiredVolume>): Mount[] | undefined {
  const byName = new Map(Object.values(volumes).map((v) => [v.name, v]));
  const list: Mount[] = s.volumes.map((m) => {
    const base = { Type: m.type, Target: m.target, ...(m.readOnly ? { ReadOnly: true } : {}) };
    if (m.type === 'bind') return { ...base, Source: m.source };
    if (m.type === 'tmpfs') return { ...base, ...(m.tmpfsSize === undefined ? {} : { TmpfsOptions: { SizeBytes: m.tmpfsSize } }) };
    // A mount's SELinux option has no swarm field (spec/unsupported.ts notes it); nocopy does.
    const noCopy = m.nocopy ? { NoCopy: true } : {};
    const v = byName.get(m.source);
    if (!m.source || !v || v.external) return { ...base, ...(m.source ? { Source: m.source } : {}), ...(m.nocopy ? { VolumeOptions: { NoCopy: true } } : {}) };
    const driver = v.driver !== 'local' || Object.keys(v.driverOpts).length ? { DriverConfig: { Name: v.driver, ...(Object.keys(v.driverOpts).length ? { Options: v.driverOpts } : {}) } } : {};
    return { ...base, Source: m.source, VolumeOptions: { ...noCopy, Labels: { ...v.labels, [STACK_LABEL.namespace]: project, [LABEL.project]: project, [LABEL.volume]: v.key }, ...driver } };
  });
  for (const [target, options] of Object.entries(s.tmpfs ?? {})) list.push({ Type: 'tmpfs', Target: target, ...tmpfsSize(options) });
  return list.length ? list : undefined;
}

/** `size=64m` out of Compose's tmpfs options; swarm's tmpfs mounts take a size and a mode, nothing else. */
function tmpfsSize(options: string): Pick<Mount, 'TmpfsOptions'> {
  const size = /(?:^|,)size=(\d+)([kmg]?)/i.exec(options);
  if (!size) return {};
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[size[2].toLowerCase() as '' | 'k' | 'm' | 'g'];
  return { TmpfsOptions: { SizeBytes: Number(size[1]) * unit } };
}
