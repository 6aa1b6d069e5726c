import { describe, expect, test } from 'vitest';
import { findCycle, formatCycle, withDependencies, type Edges } from '../../src/graph/dag';

/** `graph('api>db,cache', 'web>api')`: each argument is a node and what it depends on. */
function graph(...specs: string[]): Edges {
  return Object.fromEntries(specs.map((s) => {
    const [node, deps = ''] = s.split('>');
    return [node, deps ? deps.split(',') : []];
  }));
}

describe('findCycle', () => {
  test('an acyclic graph has none', () => {
    expect(findCycle(graph('web>api', 'api>db,cache', 'db', 'cache'))).toBeUndefined();
  });

  test('a cycle comes back as a closed path, printed with arrows', () => {
    const cycle = findCycle(graph('api>worker', 'worker>api', 'db'));
    expect(cycle).toEqual(['api', 'worker', 'api']);
    expect(formatCycle(cycle!)).toBe('api => worker => api');
  });

  test('only the nodes on the cycle are in the path, not the way in', () => {
    expect(findCycle(graph('a>b', 'b>c', 'c>d', 'd>b'))).toEqual(['b', 'c', 'd', 'b']);
  });

  test('a self-loop is a cycle of one', () => {
    expect(findCycle(graph('a>a'))).toEqual(['a', 'a']);
  });

  test('edges to unknown nodes are ignored (validation reports them)', () => {
    expect(findCycle(graph('a>missing'))).toBeUndefined();
  });
});

describe('withDependencies', () => {
  test('includes the roots and everything they need, transitively, and nothing else', () => {
    const edges = graph('web>api', 'api>db,cache', 'worker>queue', 'db', 'cache', 'queue');
    expect([...withDependencies(edges, ['web'])].sort()).toEqual(['api', 'cache', 'db', 'web']);
    expect([...withDependencies(edges, ['db', 'worker'])].sort()).toEqual(['db', 'queue', 'worker']);
  });

  test('terminates on a cycle', () => {
    expect([...withDependencies(graph('a>b', 'b>a'), ['a'])].sort()).toEqual(['a', 'b']);
  });
});
