/** Where pods may run: `platform` and Swarm's placement constraints → a nodeSelector on the well-known node labels. */
import type { DesiredService } from '../../model/desired';
import type { IPodSpec } from './types';

/** Docker's arch names where Kubernetes' (Go's) differ. */
const ARCH: Record<string, string> = { x86_64: 'amd64', aarch64: 'arm64', armhf: 'arm' };

/**
 * platform (`linux/arm64`) and the placement constraints that name a node label, hostname, OS or architecture
 * (`node.labels.zone==a`) → nodeSelector, the well-known node labels. Other constraints are warned in unsupported.ts.
 */
export function nodeSelector(s: DesiredService): Pick<IPodSpec, 'nodeSelector'> {
  const selector: Record<string, string> = {};
  if (s.platform) {
    const [os, arch] = s.platform.split('/');
    if (os) selector['kubernetes.io/os'] = os;
    if (arch) selector['kubernetes.io/arch'] = ARCH[arch] ?? arch;
  }
  for (const c of s.deploy?.placement?.constraints ?? []) {
    const m = placementLabel(c);
    if (m) selector[m[0]] = m[1];
  }
  return Object.keys(selector).length ? { nodeSelector: selector } : {};
}

/** `node.labels.KEY==VALUE`, `node.hostname==H`, `node.platform.os==linux` → the node label and value, else undefined. */
export function placementLabel(constraint: string): [string, string] | undefined {
  const m = /^\s*node\.(labels\.([^=!\s]+)|hostname|platform\.os|platform\.arch)\s*==\s*(\S+)\s*$/.exec(constraint);
  if (!m) return undefined;
  if (m[2]) return [m[2], m[3]];
  if (m[1] === 'hostname') return ['kubernetes.io/hostname', m[3]];
  if (m[1] === 'platform.os') return ['kubernetes.io/os', m[3]];
  return ['kubernetes.io/arch', ARCH[m[3]] ?? m[3]];
}
