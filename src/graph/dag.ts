/**
 * The dependency graph of services: its edges, the cycle check (reported as a readable path) and scoping. Running
 * work along it (startup, teardown) is `schedule.ts`. Edges point from a service to what it depends on.
 */
export type Edges = Record<string, readonly string[]>;

/** A stack's dependency graph: each service → the services it depends on. */
export function dependencyEdges(services: Record<string, { dependsOn: Record<string, unknown> }>): Edges {
  return Object.fromEntries(Object.entries(services).map(([name, s]) => [name, Object.keys(s.dependsOn)]));
}

/** The first cycle found, as a closed path (`['api', 'worker', 'api']`), or undefined when the graph is acyclic. */
export function findCycle(edges: Edges): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'done') return undefined;
    if (state.get(node) === 'visiting') return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, 'visiting');
    stack.push(node);
    for (const dep of edges[node] ?? []) {
      if (!(dep in edges)) continue;
      const cycle = visit(dep);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of Object.keys(edges).sort()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

export function formatCycle(cycle: readonly string[]): string {
  return cycle.join(' => ');
}

/** Everything `roots` needs, transitively, including the roots: `stack up api` also brings up api's dependencies. */
export function withDependencies(edges: Edges, roots: readonly string[]): Set<string> {
  const out = new Set<string>();
  const visit = (node: string) => {
    if (out.has(node)) return;
    out.add(node);
    for (const dep of edges[node] ?? []) visit(dep);
  };
  roots.forEach(visit);
  return out;
}
