#!/usr/bin/env node
// The raw floor: the benchmark's containers made with bare Engine API calls, as parallel as the stack allows, with
// no tool logic (no observing, no planning, no labels beyond the project's, no progress output) and no client
// library: node:http on the daemon's unix socket. It runs as its own node process, like the CLIs it is compared
// with, so every runner pays process start.
//
//   node bench/floor.mjs up|noop|change|down PLAN.json [service]
//
// up:     networks and volumes, then every container created and started as soon as its dependencies are healthy
//         (health from the daemon's event stream); returns when every container is running, and healthy if it has
//         a healthcheck (what `stack up` waits for).
// noop:   the least any tool must do to learn nothing changed: list the project's containers, networks, volumes.
// change: replace one known container (stop, remove, create with the new body, start).
// down:   stop and remove the known containers in parallel, then the network; named volumes stay (as in Compose).
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';

const socketPath = (process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock').replace(/^unix:\/\//, '');
const agent = new Agent({ keepAlive: true });
const [action, planFile, only] = process.argv.slice(2);
const plan = JSON.parse(readFileSync(planFile, 'utf8'));
const byLabel = encodeURIComponent(JSON.stringify({ label: [`io.stackfile.project=${plan.project}`] }));

/** One API call; resolves with the parsed body, rejects on a status outside `ok`. */
function api(method, path, body, ok = [200, 201, 204, 304]) {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, agent, method, path: `/v1.41${path}`, headers: body ? { 'Content-Type': 'application/json' } : {} }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (!ok.includes(res.statusCode)) reject(new Error(`${method} ${path}: ${res.statusCode} ${text}`));
        else resolve(text ? JSON.parse(text) : undefined);
      });
    });
    req.on('error', reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

async function up() {
  const gated = plan.containers.some((c) => c.healthcheck);
  const health = gated ? await healthEvents() : undefined;
  try {
    await Promise.all([...plan.networks.map((n) => api('POST', '/networks/create', n)), ...plan.volumes.map((v) => api('POST', '/volumes/create', v))]);
    const ready = new Map();
    for (const c of plan.containers) {
      let resolve;
      ready.set(c.service, new Promise((r) => (resolve = r)));
      c.resolve = resolve;
    }
    await Promise.all(plan.containers.map(async (c) => {
      await Promise.all(Object.keys(c.dependsOn).map((d) => ready.get(d)));
      const id = await start(c.body);
      if (c.healthcheck) await health.healthy(id);
      c.resolve();
    }));
  } finally {
    health?.close();
  }
  agent.destroy();
}

async function start(body) {
  const { name, ...rest } = body;
  const { Id } = await api('POST', `/containers/create?name=${encodeURIComponent(name)}`, rest);
  await api('POST', `/containers/${Id}/start`);
  return Id;
}

/** Subscribed (and the subscription acknowledged) before anything is created, so no health event can be missed. */
function healthEvents() {
  const seen = new Set();
  const waiters = new Map();
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, method: 'GET', path: `/v1.41/events?filters=${byLabel}` }, (res) => {
      let buffer = '';
      res.on('data', (chunk) => {
        buffer += chunk.toString('utf8');
        let nl;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const event = JSON.parse(buffer.slice(0, nl));
          buffer = buffer.slice(nl + 1);
          if (event.Action !== 'health_status: healthy') continue;
          seen.add(event.id);
          waiters.get(event.id)?.();
        }
      });
      resolve({
        healthy: (id) => (seen.has(id) ? Promise.resolve() : new Promise((r) => waiters.set(id, r))),
        close: () => req.destroy(),
      });
    });
    req.on('error', (err) => (err.code === 'ECONNRESET' ? undefined : reject(err)));
    req.end();
  });
}

async function noop() {
  await Promise.all([api('GET', `/containers/json?all=1&filters=${byLabel}`), api('GET', `/networks?filters=${byLabel}`), api('GET', `/volumes?filters=${byLabel}`)]);
  agent.destroy();
}

async function change() {
  const c = plan.containers.find((x) => x.service === only);
  const name = encodeURIComponent(c.body.name);
  await api('POST', `/containers/${name}/stop`);
  await api('DELETE', `/containers/${name}`);
  await start(c.body);
  agent.destroy();
}

async function down() {
  await Promise.all(plan.containers.map(async (c) => {
    const name = encodeURIComponent(c.body.name);
    await api('POST', `/containers/${name}/stop`);
    await api('DELETE', `/containers/${name}`);
  }));
  await Promise.all(plan.networks.map((n) => api('DELETE', `/networks/${encodeURIComponent(n.Name)}`)));
  agent.destroy();
}

const actions = { up, noop, change, down };
if (!actions[action]) {
  process.stderr.write(`usage: floor.mjs ${Object.keys(actions).join('|')} PLAN.json [service]\n`);
  process.exit(2);
}
await actions[action]();
