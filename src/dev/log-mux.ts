import pc from 'picocolors';
import type { ActualContainer } from '../docker/actual';
import type { DockerClient } from '../docker/client';
import { LABEL } from '../docker/labels';

const COLORS = [pc.cyan, pc.yellow, pc.green, pc.magenta, pc.blue, pc.red];

type Source = Pick<ActualContainer, 'id' | 'service' | 'number'>;

export interface LogMuxOptions {
  client: DockerClient;
  project: string;
  /** Containers to show from the start (`stack logs` passes the ones it found). */
  containers: Source[];
  /** Only these services (default all). */
  services?: string[];
  /** Keep following, and attach to containers that start later: replicas, replacements, restarts. */
  follow: boolean;
  /** Lines from the end of each starting container's log (default all). */
  tail?: number;
  /** Unix seconds: show only lines logged since then (`stack dev` starts at its own start). */
  since?: number;
  timestamps?: boolean;
  /** Receives each line, already prefixed `service |` in the service's colour. */
  write: (line: string) => void;
  signal: AbortSignal;
}

/**
 * Multiplexed logs of a project, one line per log line, prefixed `service |` (or `service-2 |` when replicated) in
 * the service's colour. While following, a container that starts later is picked up from the daemon's events,
 * so one terminal shows a service across its replacements (`up`, `dev`) and restarts.
 */
export async function multiplexLogs(o: LogMuxOptions): Promise<void> {
  const order = [...new Set(o.containers.map((c) => c.service))].sort();
  const replicated = new Set(o.containers.filter((c) => c.number > 1).map((c) => c.service));
  let width = Math.max(8, ...o.containers.map((c) => label(c).length));
  /** Containers being streamed; a stream ends when its container stops, so a restart attaches again. */
  const streaming = new Set<string>();
  /** When each container last stopped, so a restart continues from there instead of repeating its history. */
  const diedAt = new Map<string, number>();
  /** Started again before its old stream was seen to end (events and logs come on different connections). */
  const restarted = new Map<string, number>();
  const streams: Promise<void>[] = [];

  function label(c: Source): string {
    return replicated.has(c.service) ? `${c.service}-${c.number}` : c.service;
  }
  function color(service: string): (s: string) => string {
    if (!order.includes(service)) order.push(service);
    return COLORS[order.indexOf(service) % COLORS.length];
  }
  const wanted = (service: string) => !o.services?.length || o.services.includes(service);

  const attach = (c: Source, from: { tail?: number; since?: number }) => {
    if (streaming.has(c.id) || o.signal.aborted) return;
    streaming.add(c.id);
    if (c.number > 1) replicated.add(c.service);
    width = Math.max(width, label(c).length);
    const prefix = color(c.service)(`${label(c).padEnd(width)} |`);
    const stream = o.client
      .logs(c.id, { follow: o.follow, timestamps: o.timestamps, ...from }, (line) => o.write(`${prefix} ${line}\n`), o.signal)
      .catch(() => undefined)
      .finally(() => {
        streaming.delete(c.id);
        const since = restarted.get(c.id);
        restarted.delete(c.id);
        if (since !== undefined) attach(c, { since });
      });
    streams.push(stream);
  };

  for (const c of o.containers) if (wanted(c.service)) attach(c, { tail: o.tail, since: o.since });
  if (!o.follow) {
    await Promise.all(streams);
    return;
  }
  // A container that starts is shown from when it last stopped, else from when following began: a new container
  // shows everything, a restarted one does not repeat what was already shown.
  const startedAt = o.since ?? Date.now() / 1000 - 1;
  await o.client
    .events(o.project, (e) => {
      if (e.type !== 'container') return;
      if (e.action === 'die') diedAt.set(e.id, e.time);
      if (e.action !== 'start') return;
      // Container events carry the container's labels, so a new replica or replacement needs no extra lookup.
      const service = e.attributes[LABEL.service];
      if (!service || !wanted(service)) return;
      const since = Math.max(diedAt.get(e.id) ?? 0, startedAt);
      if (streaming.has(e.id)) restarted.set(e.id, since);
      else attach({ id: e.id, service, number: Number(e.attributes[LABEL.number]) }, { since });
    }, o.signal)
    .catch(() => undefined);
  await Promise.all(streams);
}
