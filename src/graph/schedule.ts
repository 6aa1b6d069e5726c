import type { Edges } from './dag';

/**
 * One scheduler for everything that runs along the dependency graph: `up` launches a service once its
 * dependencies meet their conditions; `down` and `stack dev`'s stop take a service down once its dependents are
 * down. Every node runs at once unless it waits on another, so independent branches never wait for each other.
 *
 * It tolerates cycles: stack.ts is validated acyclic, but teardown works from container labels, which can form one
 * (hand-edited, or written by different versions of stack.ts, since a dependsOn change recreates nothing). Waiting
 * along an edge that closes a cycle would deadlock, so such edges are dropped (see `acyclicEdges`).
 */
export interface ScheduleOptions<T> {
  /**
   * What `node` waits for before its task runs, once per node it waits on, in order. Default: that node's task
   * has finished. A rejection fails `node` too, with the gate's error.
   */
  gate?: (node: string, waitsOn: string, results: ReadonlyMap<string, Promise<T>>) => Promise<unknown>;
}

/**
 * Runs `task` for every one of `nodes` once its gates are open, and returns each node's promise. `waitsOn` lists,
 * per node, the nodes it waits on (a dependency graph for startup, `dependentsOf` of it for teardown); nodes
 * outside `nodes` are ignored. Every promise exists before any gate runs, so a gate may await any node. The caller
 * must await every promise (a rejected one nobody awaits would be an unhandled rejection).
 *
 * @example
 * // down: dependents first
 * const stopped = schedule(services, dependentsOf(edges), (s) => stop(s));
 * await Promise.all(stopped.values());
 */
export function schedule<T>(nodes: readonly string[], waitsOn: Edges, task: (node: string) => Promise<T>, options: ScheduleOptions<T> = {}): Map<string, Promise<T>> {
  const included = new Set(nodes);
  const kept = acyclicEdges(Object.fromEntries(nodes.map((n) => [n, (waitsOn[n] ?? []).filter((d) => included.has(d) && d !== n)])));
  const gate = options.gate ?? ((_node, dep, results) => results.get(dep)!);
  const results = new Map<string, Promise<T>>();
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  for (const node of included) {
    results.set(node, (async () => {
      await opened;
      for (const dep of kept[node]) await gate(node, dep, results);
      return task(node);
    })());
  }
  open();
  return results;
}

/** The reverse graph: each node → the nodes that depend on it (teardown waits for those). */
export function dependentsOf(edges: Edges): Edges {
  const out: Record<string, string[]> = Object.fromEntries(Object.keys(edges).map((n) => [n, []]));
  for (const [node, deps] of Object.entries(edges)) {
    for (const dep of deps) (out[dep] ??= []).push(node);
  }
  return out;
}

/**
 * `edges` without the edges that close a cycle, found by a depth-first walk in name order (so the same graph always
 * loses the same edges). An acyclic graph comes back unchanged.
 */
export function acyclicEdges(edges: Edges): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (node: string): void => {
    state.set(node, 'visiting');
    const kept: string[] = [];
    out[node] = kept;
    for (const dep of edges[node] ?? []) {
      if (state.get(dep) === 'visiting') continue; // closes a cycle
      if (!state.has(dep) && dep in edges) visit(dep);
      kept.push(dep);
    }
    state.set(node, 'done');
  };
  for (const node of Object.keys(edges).sort()) if (!state.has(node)) visit(node);
  return out;
}
