/**
 * The resolved stack (what `stack config` shows) as a Compose file: snake_case keys, relative paths, no secret
 * values. Pure: it returns the document and what to tell the user, and writes nothing.
 */
import type { DesiredState } from '../../model/desired';
import { compact, escapeDollars, exportContext, variableNotes, type ComposeComment } from './context';
import { composeNetwork } from './networks';
import { FileRegistry } from './secrets';
import { composeService } from './service';
import { composeVolume } from './volumes';

export interface ComposeExport {
  /** The file's content, ready for a YAML writer. */
  document: Record<string, unknown>;
  /** What the user must know or do to run it (variables to set, the project name). */
  notes: string[];
  /** Where the file does not do what stack.ts does, or what one Compose version rejects. */
  warnings: string[];
  /** Settings only newer Compose reads, written as comments where they belong (see renderCompose). */
  comments?: ComposeComment[];
}

export function toCompose(state: DesiredState, options: { outDir: string }): ComposeExport {
  const ctx = exportContext(state, options.outDir);
  const registry = new FileRegistry(ctx);
  const services = Object.fromEntries(Object.values(state.services).map((s) => [s.name, composeService(ctx, registry, s)]));
  // The implicit default network, as Compose makes it too, needs no entry.
  const networks = Object.values(state.networks).map((n) => [n.key, composeNetwork(ctx, n)] as const).filter(([key, n]) => key !== 'default' || Object.keys(n).length > 0);
  const document = compact({
    services,
    networks: Object.fromEntries(networks),
    volumes: Object.fromEntries(Object.values(state.volumes).map((v) => [v.key, composeVolume(ctx, v)])),
    secrets: registry.secrets,
    configs: registry.configs,
  });
  if (registry.newerSources.length) {
    ctx.warnings.push(`${registry.newerSources.join(', ')} ${registry.newerSources.length > 1 ? 'have' : 'has an'} environment: or content: source${registry.newerSources.length > 1 ? 's' : ''}, which docker compose v2 reads and docker-compose 1.29 rejects (it knows only file: sources)`);
  }
  if (Object.keys(registry.configs).length) ctx.warnings.push('docker-compose 1.29 ignores configs outside a swarm (docker compose v2 and docker stack deploy put them in the containers)');
  ctx.notes.unshift(...variableNotes(ctx));
  const watched = Object.values(state.services).filter((s) => s.watch.length).map((s) => s.name);
  if (watched.length) ctx.notes.push(`watch rules (${watched.join(', ')}) are not exported: docker-compose 1.29 has no develop.watch`);
  const inactive = Object.keys(state.inactive ?? {});
  if (inactive.length) ctx.notes.push(`services whose profiles are off are not exported: ${inactive.join(', ')} (enable them with --profile)`);
  return { document: escapeDollars(document) as Record<string, unknown>, notes: ctx.notes, warnings: [...new Set(ctx.warnings)], ...(ctx.comments.length ? { comments: ctx.comments } : {}) };
}
