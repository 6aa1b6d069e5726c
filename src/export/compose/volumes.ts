/** Mounts, tmpfs and top-level volumes. Bind paths are written relative to the file; named volumes by their key. */
import type { DesiredMount, DesiredService, DesiredVolume } from '../../model/desired';
import { compact, relativePath, type ExportContext } from './context';
import { mountSuffix } from '../../model/mount-suffix';

export function composeMount(ctx: ExportContext, m: DesiredMount): string | Record<string, unknown> {
  if (m.type === 'tmpfs') return compact({ type: 'tmpfs', target: m.target, read_only: m.readOnly || undefined, tmpfs: m.tmpfsSize === undefined ? undefined : { size: m.tmpfsSize } });
  if (m.type === 'bind') return `${relativePath(ctx, m.source)}:${m.target}${mountSuffix(m)}`;
  // The short form of an anonymous volume has no room for options.
  if (!m.source) return mountSuffix(m) ? compact({ type: 'volume', target: m.target, read_only: m.readOnly || undefined, volume: m.nocopy ? { nocopy: true } : undefined }) : m.target;
  return `${ctx.volumeKeys[m.source] ?? m.source}:${m.target}${mountSuffix(m)}`;
}

/** `{ '/run': 'size=64m' }` → `['/run:size=64m']`. */
export function composeTmpfs(s: DesiredService): string[] | undefined {
  return s.tmpfs && Object.entries(s.tmpfs).map(([path, options]) => (options ? `${path}:${options}` : path));
}

export function composeVolume(ctx: ExportContext, v: DesiredVolume): Record<string, unknown> {
  if (v.external) return compact({ external: true, name: v.name === v.key ? undefined : v.name });
  const out = compact({
    // Compose names a volume <project>_<key> too; a name of the user's own is kept.
    name: v.name === `${ctx.state.project}_${v.key}` ? undefined : v.name,
    driver: v.driver === 'local' ? undefined : v.driver,
    driver_opts: v.driverOpts,
    labels: v.labels,
  });
  return out;
}
