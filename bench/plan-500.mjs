#!/usr/bin/env node
// plan() on 500 synthetic services (a chain of dependsOn, a port and an env each), all of them already running as
// desired: the no-op plan a large stack computes on every `up`. Runs in a process of its own so its peak RSS is its
// own. Prints one JSON line: per-call times, RSS before planning, peak RSS.
//   node bench/plan-500.mjs [calls=30]
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));
const dist = (p) => require(join(root, 'dist', p));
const calls = Number(process.argv[2] ?? 30);

const { resolveStack } = dist('model/normalize.js');
const { plan } = dist('plan/plan.js');
const { appliedService, configHash } = dist('model/applied.js');
const image = 'stackfile-test/busybox:latest';
const services = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`s${i}`, { image, environment: { N: String(i) }, ports: [`${10000 + i}:80`], dependsOn: i ? [`s${i - 1}`] : [] }]));
const desired = resolveStack({ name: 'bench', services }, { dir: root });
const actual = {
  project: 'bench',
  networks: {},
  volumes: {},
  images: { [image]: 'sha256:x' },
  containers: Object.values(desired.services).map((s) => {
    const applied = appliedService(s);
    return { id: s.name, name: `bench-${s.name}-1`, service: s.name, number: 1, state: 'running', imageId: 'sha256:x', image, configHash: configHash(applied), applied, dependsOn: [], ports: [], networks: [], created: 0 };
  }),
};
const rssBeforeKiB = Math.round(process.memoryUsage().rss / 1024);
const times = [];
let containers = 0;
for (let i = 0; i < calls; i++) {
  const t0 = process.hrtime.bigint();
  containers = plan(desired, actual).containers.length;
  times.push(Number(process.hrtime.bigint() - t0) / 1e6);
}
if (containers !== 500) throw new Error(`plan() returned ${containers} container steps for 500 services`);
process.stdout.write(`${JSON.stringify({ times, rssBeforeKiB, maxRssKiB: process.resourceUsage().maxRSS })}\n`);
