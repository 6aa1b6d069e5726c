// What the harness itself asks of the daemon and the machine: cleanup by project, counting a project's running
// containers (each timed step is checked to have done its work), health polling for Compose, and facts about the
// machine for the report. Raw dockerode, so none of it depends on the code being measured.
import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const Docker = require('dockerode');
export const docker = new Docker();

const projectFilters = (project) => [{ label: [`io.stackfile.project=${project}`] }, { label: [`com.docker.compose.project=${project}`] }];

/** Removes every container, network and volume either tool (or the floor) labelled with `project`. */
export async function cleanup(project) {
  for (const filters of projectFilters(project)) {
    const containers = await docker.listContainers({ all: true, filters });
    await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true }).catch(ignoreMissing)));
    const networks = await docker.listNetworks({ filters });
    await Promise.all(networks.map((n) => removeNetwork(n.Id)));
    const volumes = (await docker.listVolumes({ filters })).Volumes ?? [];
    await Promise.all(volumes.map((v) => docker.getVolume(v.Name).remove().catch(ignoreMissing)));
  }
}

/** The daemon may still be releasing a just-removed container's endpoint ("has active endpoints"): retry briefly. */
async function removeNetwork(id) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await docker.getNetwork(id).remove();
    } catch (err) {
      if (err.statusCode === 404) return;
      if (err.statusCode !== 403 || attempt >= 20) throw err;
      await sleep(250);
    }
  }
}

function ignoreMissing(err) {
  if (err.statusCode !== 404) throw err;
}

/** Running containers of the project (by either tool's label), with their env, to check a step did its work. */
export async function running(project) {
  const lists = await Promise.all(projectFilters(project).map((filters) => docker.listContainers({ filters })));
  return lists.flat();
}

/** Compose 1.29's `up -d` returns without waiting for health; the harness waits for it, polling every 20 ms. */
export async function waitHealthy(project, count, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const list = await running(project);
    if (list.filter((c) => /\(healthy\)/.test(c.Status)).length >= count) return;
    if (Date.now() > deadline) throw new Error(`${project}: ${count} healthy containers not seen within ${timeoutMs} ms`);
    await sleep(20);
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Debian's docker-compose 1.29.2, installed when missing (the benchmark says so). Returns its version line. */
export function ensureCompose(log) {
  const probe = () => spawnSync('docker-compose', ['version', '--short'], { encoding: 'utf8' });
  let r = probe();
  if (r.status !== 0) {
    log('docker-compose is not installed: installing Debian\'s package (apt-get install -y docker-compose)');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const [cmd, ...args] = [...(process.getuid?.() === 0 ? [] : ['sudo']), 'apt-get', 'install', '-y', 'docker-compose'];
    const install = spawnSync(cmd, args, { env, stdio: 'inherit' });
    if (install.status !== 0) throw new Error('could not install docker-compose (apt-get install -y docker-compose failed)');
    r = probe();
  }
  if (r.status !== 0) throw new Error(`docker-compose does not run: ${r.stderr}`);
  return r.stdout.trim();
}

export async function machine() {
  const info = await docker.info();
  const version = await docker.version();
  const node = process.version;
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    kernel: info.KernelVersion,
    engine: version.Version,
    apiVersion: version.ApiVersion,
    storageDriver: info.Driver,
    node,
  };
}
