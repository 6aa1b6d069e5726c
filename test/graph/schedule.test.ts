import { describe, expect, test } from 'vitest';
import type { Edges } from '../../src/graph/dag';
import { acyclicEdges, dependentsOf, schedule } from '../../src/graph/schedule';

function graph(...specs: string[]): Edges {
  return Object.fromEntries(specs.map((s) => {
    const [node, deps = ''] = s.split('>');
    return [node, deps ? deps.split(',') : []];
  }));
}

/** Runs `schedule` with tasks that each take one turn of the event loop, recording when each started and ended. */
async function trace(nodes: string[], waitsOn: Edges): Promise<string[]> {
  const events: string[] = [];
  const results = schedule(nodes, waitsOn, async (n) => {
    events.push(`start ${n}`);
    await new Promise((r) => setImmediate(r));
    events.push(`end ${n}`);
    return n;
  });
  await Promise.all(results.values());
  return events;
}

describe('schedule', () => {
  test('runs a node only after what it waits on, and independent nodes at once', async () => {
    const events = await trace(['web', 'api', 'db', 'cache'], graph('web>api', 'api>db', 'db', 'cache'));
    expect(events.indexOf('start api')).toBeGreaterThan(events.indexOf('end db'));
    expect(events.indexOf('start web')).toBeGreaterThan(events.indexOf('end api'));
    // cache and db both start before either ends.
    expect(events.slice(0, 2).sort()).toEqual(['start cache', 'start db']);
  });

  test('teardown waits on dependents (the reverse graph)', async () => {
    const edges = graph('web>api', 'api>db', 'db');
    const events = await trace(['web', 'api', 'db'], dependentsOf(edges));
    expect(events).toEqual(['start web', 'end web', 'start api', 'end api', 'start db', 'end db']);
  });

  test('ignores edges to nodes outside the run and to the node itself', async () => {
    const events = await trace(['a'], graph('a>a,gone'));
    expect(events).toEqual(['start a', 'end a']);
  });

  test('a cycle does not deadlock: the edge closing it is dropped, the rest of the order kept', async () => {
    const events = await trace(['a', 'b', 'c'], graph('a>b', 'b>c', 'c>a'));
    expect(events).toHaveLength(6);
    // Walking from a: a>b and b>c are kept, c>a closes the cycle and goes.
    expect(events).toEqual(['start c', 'end c', 'start b', 'end b', 'start a', 'end a']);
  });

  test('a gate decides when a node may run; its rejection fails the node and what waits on it', async () => {
    let release!: () => void;
    const db = new Promise<void>((r) => (release = r));
    const ran: string[] = [];
    const results = schedule(['api', 'db', 'web'], graph('api>db', 'web>api'), async (n) => {
      ran.push(n);
      return n;
    }, {
      gate: async (node, dep, all) => {
        if (dep === 'db') await db; // a condition beyond "its task finished", e.g. healthy
        else await all.get(dep);
        if (node === 'web') throw new Error('api is not healthy');
      },
    });
    await new Promise((r) => setImmediate(r));
    expect(ran).toEqual(['db']);
    release();
    await expect(results.get('web')).rejects.toThrow('api is not healthy');
    expect(await results.get('api')).toBe('api');
    expect(ran).toEqual(['db', 'api']);
  });

  test('a failed task fails what waits on it (teardown does not stop a dependency whose dependent would not stop)', async () => {
    const ran: string[] = [];
    const results = schedule(['api', 'db'], dependentsOf(graph('api>db', 'db')), async (n) => {
      ran.push(n);
      if (n === 'api') throw new Error('cannot stop api');
    });
    await expect(results.get('db')).rejects.toThrow('cannot stop api');
    await expect(results.get('api')).rejects.toThrow();
    expect(ran).toEqual(['api']);
  });
});

describe('acyclicEdges', () => {
  test('returns an acyclic graph unchanged', () => {
    const edges = graph('web>api,cache', 'api>db', 'db', 'cache');
    expect(acyclicEdges(edges)).toEqual(edges);
  });

  test('drops the same edges every time, whatever order the graph was written in', () => {
    expect(acyclicEdges(graph('b>a', 'a>b'))).toEqual({ a: ['b'], b: [] });
    expect(acyclicEdges(graph('a>b', 'b>a'))).toEqual({ a: ['b'], b: [] });
  });
});

describe('dependentsOf', () => {
  test('inverts the edges, keeping nodes nobody depends on', () => {
    expect(dependentsOf(graph('web>api', 'api>db', 'db', 'cache'))).toEqual({ web: [], api: ['web'], db: ['api'], cache: [] });
  });
});
