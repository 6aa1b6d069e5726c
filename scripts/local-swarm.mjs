// A two-node Docker Swarm on this one machine, for the swarm tests, the swarm benchmark and examples/swarm:
//
//   node scripts/local-swarm.mjs up       make it (or repair what a killed run left); prints what it made
//   node scripts/local-swarm.mjs down     remove all of it: the swarm's services, the worker, the namespace
//   node scripts/local-swarm.mjs status
//
// - manager: the machine's own dockerd, `docker swarm init` advertising the host end of a veth pair;
// - worker: a second dockerd in a network namespace at the other end (own data and exec roots, socket, pidfile,
//   cgroup parent, no default bridge), started with `nsenter --net` (`ip netns exec` remounts /sys, and dockerd then
//   fails with "Devices cgroup isn't mounted"), and `docker swarm join`ed to the manager;
// - a registry (Debian's docker-registry) both nodes pull from at 127.0.0.1:PORT, as every node of a swarm does in
//   Docker's own stack tutorial: a daemon pulls from a loopback registry without TLS, and an image reference must mean
//   the same on every node. It listens on the manager's veth address; a TCP forwarder on each node's loopback leads
//   there. The test image is pushed to it once.
// - the worker node carries the label com.stackfile.docker-host=unix://…/worker/docker.sock, so `stack exec` and
//   `stack down --volumes` reach its engine as they would a real node's through an ssh:// or tcp:// address.
//
// The main dockerd is never restarted. Everything is made idempotently, so `up` after a killed run repairs instead of
// failing, and `down` removes only what `up` made. Callers that share the machine serialise on LOCK_FILE (withLock).
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const LOCAL_SWARM = {
  dir: '/tmp/stackfile-swarm',
  netns: 'stackfile-swarm',
  /** veth ends: the host's (manager) and the namespace's (worker). Interface names have at most 15 characters. */
  hostIf: 'sfswarm-m',
  nsIf: 'sfswarm-w',
  managerAddr: '10.213.7.1',
  workerAddr: '10.213.7.2',
  registryPort: 5058,
  workerHostname: 'stackfile-worker',
};
export const LOCK_FILE = '/tmp/stackfile-swarm.lock';
export const REGISTRY = `127.0.0.1:${LOCAL_SWARM.registryPort}`;
/** The busybox test image as every node pulls it. */
export const SWARM_BASE_IMAGE = `${REGISTRY}/stackfile-test/busybox:latest`;
const LOCAL_BASE_IMAGE = 'stackfile-test/busybox:latest';

const DIR = LOCAL_SWARM.dir;
const WORKER_DIR = join(DIR, 'worker');
export const WORKER_HOST = `unix://${join(WORKER_DIR, 'docker.sock')}`;
/** The node label saying where a node's engine answers (src/targets/swarm/node-engines.ts). */
export const NODE_ENGINE_LABEL = 'com.stackfile.docker-host';
const NETNS_PATH = `/var/run/netns/${LOCAL_SWARM.netns}`;
const FORWARD = fileURLToPath(new URL('./tcp-forward.mjs', import.meta.url));

/**
 * Runs `fn` while holding LOCK_FILE (flock), so the swarm tests of several engineers' runs, the benchmark and a user's
 * `up`/`down` never act on the swarm at once. The lock is held by a `flock` child that exits when this process does,
 * even on kill -9 (its stdin closes).
 */
export async function withLock(fn) {
  const release = await acquireLock();
  try {
    return await fn();
  } finally {
    await release();
  }
}

export function acquireLock() {
  const child = spawn('flock', [LOCK_FILE, 'sh', '-c', 'echo locked; exec cat'], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`flock ${LOCK_FILE} exited with ${code}`)));
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (!out.includes('locked')) return;
      child.removeAllListeners('exit');
      resolve(() => {
        const exited = new Promise((r) => child.once('exit', r));
        child.stdin.end();
        return exited;
      });
    });
  });
}

/**
 * Makes the two-node swarm (or repairs it) and returns how to reach it. Call with the lock held.
 */
export async function ensureSwarm() {
  mkdirSync(WORKER_DIR, { recursive: true });
  const manager = await swarmInfo();
  if (manager.LocalNodeState === 'active' && manager.NodeAddr !== LOCAL_SWARM.managerAddr) {
    throw new Error(`the Docker engine is already in a swarm (advertising ${manager.NodeAddr}) that local-swarm.mjs did not make; it leaves that swarm alone. Run the swarm tests on a machine whose engine is not in a swarm, or leave it (docker swarm leave --force)`);
  }
  await ensureNamespace();
  await Promise.all([ensureWorkerDaemon(), ensureRegistry()]);
  const nodes = await ensureSwarmMode();
  await ensureBaseImagePushed();
  return { workerHost: WORKER_HOST, registry: REGISTRY, baseImage: SWARM_BASE_IMAGE, nodes };
}

/** Removes everything ensureSwarm made. Safe to run when nothing (or only part) is there. Call with the lock held. */
export async function teardownSwarm() {
  const workerPid = livePid(join(WORKER_DIR, 'docker.pid'), WORKER_DIR);
  if (workerPid) {
    await run('docker', ['-H', WORKER_HOST, 'swarm', 'leave', '--force'], { allowFail: true, timeoutMs: 30_000 });
    await stopProcess(workerPid, 30_000);
  }
  // A worker killed hard leaves its containers' shims running; they are found by the worker's own paths.
  for (const pid of processesMentioning(WORKER_DIR)) await stopProcess(pid, 5_000);
  const manager = await swarmInfo().catch(() => ({}));
  if (manager.LocalNodeState === 'active' && manager.NodeAddr === LOCAL_SWARM.managerAddr) {
    await run('docker', ['swarm', 'leave', '--force'], { timeoutMs: 60_000 });
    // Made by the swarm on its first task; a bridge nothing uses once the swarm is gone.
    await run('docker', ['network', 'rm', 'docker_gwbridge'], { allowFail: true });
  }
  for (const name of ['forward-host', 'forward-netns', 'registry']) {
    const pid = livePid(join(DIR, `${name}.pid`), name === 'registry' ? DIR : FORWARD);
    if (pid) await stopProcess(pid, 10_000);
  }
  await removeRegistryTags();
  await run('ip', ['netns', 'del', LOCAL_SWARM.netns], { allowFail: true });
  await run('ip', ['link', 'del', LOCAL_SWARM.hostIf], { allowFail: true });
  for (const mount of mountsUnder(DIR)) await run('umount', ['-l', mount], { allowFail: true });
  rmSync(DIR, { recursive: true, force: true });
}

export async function swarmStatus() {
  const [manager, worker] = await Promise.all([swarmInfo(), swarmInfo(WORKER_HOST).catch(() => undefined)]);
  return { manager: manager.LocalNodeState, managerAddr: manager.NodeAddr, worker: worker?.LocalNodeState ?? 'not running', namespace: existsSync(NETNS_PATH) };
}

async function ensureNamespace() {
  const { netns, hostIf, nsIf, managerAddr, workerAddr } = LOCAL_SWARM;
  if (!existsSync(NETNS_PATH)) await run('ip', ['netns', 'add', netns]);
  if ((await run('ip', ['link', 'show', 'dev', hostIf], { allowFail: true })).code === 0) return;
  // Half made by an interrupted run: the namespace's end may be there without the host's.
  await inNetns(['ip', 'link', 'del', nsIf], { allowFail: true });
  await run('ip', ['link', 'add', hostIf, 'type', 'veth', 'peer', 'name', nsIf]);
  await run('ip', ['link', 'set', nsIf, 'netns', netns]);
  await run('ip', ['addr', 'add', `${managerAddr}/24`, 'dev', hostIf]);
  await run('ip', ['link', 'set', hostIf, 'up']);
  await inNetns(['ip', 'addr', 'add', `${workerAddr}/24`, 'dev', nsIf]);
  await inNetns(['ip', 'link', 'set', nsIf, 'up']);
  await inNetns(['ip', 'link', 'set', 'lo', 'up']);
  // No default route in the namespace on purpose: the worker's attempts to reach Docker Hub (a node pulls before it
  // runs a task whose image is not pinned by digest) then fail at once instead of waiting for a DNS timeout.
}

async function ensureWorkerDaemon() {
  if (livePid(join(WORKER_DIR, 'docker.pid'), WORKER_DIR) && (await run('docker', ['-H', WORKER_HOST, 'info'], { allowFail: true })).code === 0) return;
  const dockerd = [
    'dockerd',
    '--data-root', join(WORKER_DIR, 'data'),
    '--exec-root', join(WORKER_DIR, 'exec'),
    '-H', WORKER_HOST,
    '--pidfile', join(WORKER_DIR, 'docker.pid'),
    '--cgroup-parent', 'stackfile-swarm-worker',
    '--bridge', 'none',
  ].join(' ');
  // Its own UTS namespace gives the worker its own hostname, so `docker node ls` and `stack ps` tell the nodes apart.
  spawnDetached('worker-dockerd', 'nsenter', [`--net=${NETNS_PATH}`, 'unshare', '--uts', '--', 'sh', '-c', `hostname ${LOCAL_SWARM.workerHostname} && exec ${dockerd}`], join(WORKER_DIR, 'launcher.pid'));
  await waitUntil('the worker dockerd to answer', 60_000, async () => (await run('docker', ['-H', WORKER_HOST, 'info'], { allowFail: true })).code === 0, () => tail(join(DIR, 'worker-dockerd.log')));
}

async function ensureRegistry() {
  const { managerAddr, registryPort } = LOCAL_SWARM;
  const upstream = `http://${managerAddr}:${registryPort}/v2/`;
  if (!(await answers(upstream))) {
    const config = join(DIR, 'registry.yml');
    // JSON is YAML.
    writeFileSync(config, JSON.stringify({
      version: 0.1,
      log: { level: 'warn' },
      storage: { filesystem: { rootdirectory: join(DIR, 'registry') }, delete: { enabled: true } },
      http: { addr: `${managerAddr}:${registryPort}` },
    }));
    spawnDetached('registry', '/usr/bin/docker-registry', ['serve', config], join(DIR, 'registry.pid'));
    await waitUntil(`the registry on ${managerAddr}:${registryPort}`, 20_000, () => answers(upstream), () => tail(join(DIR, 'registry.log')));
  }
  const forward = [process.execPath, FORWARD, '127.0.0.1', String(registryPort), managerAddr, String(registryPort)];
  if (!(await answers(`http://${REGISTRY}/v2/`))) {
    spawnDetached('forward-host', forward[0], forward.slice(1), join(DIR, 'forward-host.pid'));
    await waitUntil(`the forwarder on ${REGISTRY}`, 10_000, () => answers(`http://${REGISTRY}/v2/`), () => tail(join(DIR, 'forward-host.log')));
  }
  if (!livePid(join(DIR, 'forward-netns.pid'), FORWARD)) {
    spawnDetached('forward-netns', 'nsenter', [`--net=${NETNS_PATH}`, ...forward], join(DIR, 'forward-netns.pid'));
    await waitUntil('the forwarder in the namespace', 10_000, async () => readText(join(DIR, 'forward-netns.log')).includes('forwarding'), () => tail(join(DIR, 'forward-netns.log')));
  }
}

/** Returns the two nodes' IDs once both are Ready in one swarm. */
async function ensureSwarmMode() {
  const { managerAddr } = LOCAL_SWARM;
  let manager = await swarmInfo();
  if (manager.LocalNodeState !== 'active') {
    await run('docker', ['swarm', 'init', '--advertise-addr', managerAddr, '--listen-addr', `${managerAddr}:2377`], { timeoutMs: 60_000 });
    manager = await swarmInfo();
  }
  let worker = await swarmInfo(WORKER_HOST);
  const ready = async (id) => (await nodes()).some((n) => n.ID === id && n.Status === 'Ready');
  if (worker.LocalNodeState === 'active' && !(await ready(worker.NodeID))) {
    // Joined to a swarm that is gone (the manager left it since): start over.
    await run('docker', ['-H', WORKER_HOST, 'swarm', 'leave', '--force'], { allowFail: true });
    worker = await swarmInfo(WORKER_HOST);
  }
  if (worker.LocalNodeState !== 'active') {
    const token = (await run('docker', ['swarm', 'join-token', '-q', 'worker'])).stdout.trim();
    await run('docker', ['-H', WORKER_HOST, 'swarm', 'join', '--token', token, `${managerAddr}:2377`], { timeoutMs: 60_000 });
    worker = await swarmInfo(WORKER_HOST);
  }
  await waitUntil('the worker node to be Ready', 30_000, () => ready(worker.NodeID));
  // Where the worker's engine answers, for what stack does on a node's own engine (exec into a task there, down
  // --volumes): a node label, as a real cluster's admin would set it (src/targets/swarm/node-engines.ts).
  const label = (await run('docker', ['node', 'inspect', '--format', `{{index .Spec.Labels "${NODE_ENGINE_LABEL}"}}`, worker.NodeID])).stdout.trim();
  if (label !== WORKER_HOST) await run('docker', ['node', 'update', '--label-add', `${NODE_ENGINE_LABEL}=${WORKER_HOST}`, worker.NodeID]);
  // Nodes of earlier workers (killed without leaving) would hold tasks the scheduler still counts.
  for (const n of await nodes()) {
    if (n.ID !== worker.NodeID && n.ID !== manager.NodeID) await run('docker', ['node', 'rm', '--force', n.ID], { allowFail: true });
  }
  return { manager: manager.NodeID, worker: worker.NodeID };
}

async function ensureBaseImagePushed() {
  const manifest = `http://${REGISTRY}/v2/stackfile-test/busybox/manifests/latest`;
  const accept = 'application/vnd.docker.distribution.manifest.v2+json';
  if ((await fetch(manifest, { method: 'HEAD', headers: { accept } }).catch(() => undefined))?.ok) return;
  if ((await run('docker', ['image', 'inspect', LOCAL_BASE_IMAGE], { allowFail: true })).code !== 0) {
    const { ensureBaseImage } = await import('./base-image.mjs');
    await ensureBaseImage();
  }
  await run('docker', ['tag', LOCAL_BASE_IMAGE, SWARM_BASE_IMAGE]);
  await run('docker', ['push', SWARM_BASE_IMAGE], { timeoutMs: 60_000 });
}

/** The registry's tags and the digest references pushes and pulls left on the manager's images. */
async function removeRegistryTags() {
  const refs = (await run('docker', ['image', 'ls', '--digests', '--format', '{{.Repository}}:{{.Tag}}@{{.Digest}}'], { allowFail: true })).stdout.split('\n');
  const ours = refs.filter((r) => r.startsWith(`${REGISTRY}/`));
  const names = new Set();
  for (const ref of ours) {
    const [nameTag, digest] = ref.split('@');
    if (!nameTag.endsWith(':<none>')) names.add(nameTag);
    if (digest && digest !== '<none>') names.add(`${nameTag.slice(0, nameTag.lastIndexOf(':'))}@${digest}`);
  }
  if (names.size) await run('docker', ['rmi', ...names], { allowFail: true });
}

async function nodes() {
  const out = (await run('docker', ['node', 'ls', '--format', '{{json .}}'])).stdout.trim();
  return out ? out.split('\n').map((l) => JSON.parse(l)) : [];
}

async function swarmInfo(host) {
  const args = [...(host ? ['-H', host] : []), 'info', '--format', '{{json .Swarm}}'];
  return JSON.parse((await run('docker', args)).stdout);
}

function inNetns(argv, options) {
  return run('nsenter', [`--net=${NETNS_PATH}`, ...argv], options);
}

/** Starts a long-lived process in its own session, output to DIR/NAME.log, its pid in `pidFile`. */
function spawnDetached(name, command, args, pidFile) {
  const log = openSync(join(DIR, `${name}.log`), 'a');
  const child = spawn(command, args, { detached: true, stdio: ['ignore', log, log] });
  writeFileSync(pidFile, String(child.pid));
  child.unref();
}

/** The pid in `pidFile` when that process is alive and its command line mentions `marker` (pids are reused). */
function livePid(pidFile, marker) {
  const pid = Number(readText(pidFile).trim());
  if (!pid) return undefined;
  return readText(`/proc/${pid}/cmdline`).includes(marker) ? pid : undefined;
}

function processesMentioning(marker) {
  const pids = [];
  for (const entry of readdirSafe('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    if (readText(`/proc/${entry}/cmdline`).includes(marker)) pids.push(Number(entry));
  }
  return pids;
}

function mountsUnder(dir) {
  return readText('/proc/self/mountinfo').split('\n').map((l) => l.split(' ')[4]).filter((m) => m && m.startsWith(`${dir}/`)).sort((a, b) => b.length - a.length);
}

async function stopProcess(pid, timeoutMs) {
  const gone = () => !existsSync(`/proc/${pid}`) || readText(`/proc/${pid}/stat`).split(' ')[2] === 'Z';
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + timeoutMs;
  while (!gone() && Date.now() < deadline) await sleep(100);
  if (!gone()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // exited meanwhile
    }
  }
}

async function answers(url) {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

async function waitUntil(what, timeoutMs, check, detail) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`local swarm: timed out after ${timeoutMs / 1000}s waiting for ${what}${detail ? `:\n${detail()}` : ''}`);
    await sleep(200);
  }
}

/** Runs a command; rejects with its output unless it exits 0 (or `allowFail`). */
function run(command, args, { allowFail = false, timeoutMs = 20_000 } = {}) {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: timeoutMs, encoding: 'utf8' }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      if (code !== 0 && !allowFail) reject(new Error(`${command} ${args.join(' ')} failed (${err.code ?? err.signal}): ${stderr.trim() || err.message}`));
      else resolve({ code, stdout, stderr });
    });
  });
}

function readText(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function readdirSafe(dir) {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function tail(path) {
  return readText(path).split('\n').slice(-15).join('\n');
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const command = process.argv[2];
  const actions = {
    up: async () => console.log(JSON.stringify(await ensureSwarm(), null, 2)),
    down: async () => {
      await teardownSwarm();
      console.log('local swarm removed');
    },
    status: async () => console.log(JSON.stringify(await swarmStatus(), null, 2)),
  };
  if (!actions[command]) {
    process.stderr.write('usage: node scripts/local-swarm.mjs up|down|status\n');
    process.exit(2);
  }
  try {
    await withLock(actions[command]);
  } catch (err) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
}
