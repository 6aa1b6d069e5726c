/**
 * The two-node swarm for test files that need one (scripts/local-swarm.mjs makes it). Several engineers' test runs
 * share this machine's daemon, so a file holds the swarm lock from its first test to its last: swarm test files run
 * one at a time, across runs too. The swarm stays up between files of a run and is removed by the run's global
 * teardown (STACKFILE_KEEP_SWARM=1 keeps it, for quick reruns while working on the swarm target).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll } from 'vitest';
import { acquireLock, ensureSwarm, WORKER_HOST, type LocalSwarm } from '../../scripts/local-swarm.mjs';
import { uniqueProject } from './project';

/** The label `docker stack deploy` (and stackfile's swarm target) puts on every object of a stack. */
export const STACK_NAMESPACE = 'com.docker.stack.namespace';

export const manager = new Docker();
export const worker = new Docker({ socketPath: WORKER_HOST.replace(/^unix:\/\//, '') });

/** A file in the run's own temp folder saying this run used the swarm, so global-setup.ts's teardown removes it. */
function usedMarker(): string | undefined {
  return process.env.TMPDIR ? join(process.env.TMPDIR, 'swarm-used') : undefined;
}

export interface SwarmForFile {
  /** The cluster, once beforeAll has made it. */
  cluster(): LocalSwarm;
  /** A unique stack name, cleaned up (services, networks, secrets, configs, volumes on both nodes) after the file. */
  newProject(prefix: string): string;
}

/** Call at the top of a swarm test file: locks and makes the swarm before its tests, cleans up after them. */
export function useSwarm(): SwarmForFile {
  let release: (() => Promise<void>) | undefined;
  let cluster: LocalSwarm | undefined;
  const projects: string[] = [];
  beforeAll(async () => {
    release = await acquireLock();
    const marker = usedMarker();
    if (marker) writeFileSync(marker, '');
    cluster = await ensureSwarm();
  }, 180_000);
  afterAll(async () => {
    try {
      for (const project of projects) await cleanupStack(project);
    } finally {
      await release?.();
    }
  }, 180_000);
  return {
    cluster: () => {
      if (!cluster) throw new Error('useSwarm: the swarm is made in beforeAll');
      return cluster;
    },
    newProject: (prefix) => {
      const name = uniqueProject(prefix);
      projects.push(name);
      return name;
    },
  };
}

/**
 * Removes everything of one stack: services first (their tasks hold networks, secrets and volumes), then, once the
 * tasks' containers are gone on both nodes, networks, secrets, configs and volumes. Raw dockerode on purpose, so
 * cleanup does not depend on the code under test.
 */
export async function cleanupStack(project: string): Promise<void> {
  const filters = { label: [`${STACK_NAMESPACE}=${project}`] };
  const services = await manager.listServices({ filters });
  await Promise.all(services.map((s) => manager.getService(s.ID).remove().catch(ignoreMissing)));
  const deadline = Date.now() + 60_000;
  for (const node of [manager, worker]) {
    while ((await node.listContainers({ all: true, filters }).catch(() => [])).length && Date.now() < deadline) await sleep(200);
  }
  for (const n of await manager.listNetworks({ filters })) await removeWithRetry(() => manager.getNetwork(n.Id).remove(), deadline);
  for (const s of await manager.listSecrets({ filters })) await manager.getSecret(s.ID).remove().catch(ignoreMissing);
  for (const c of await manager.listConfigs({ filters })) await manager.getConfig(c.ID).remove().catch(ignoreMissing);
  for (const node of [manager, worker]) {
    const volumes = (await node.listVolumes({ filters }).catch(() => ({ Volumes: [] }))).Volumes ?? [];
    for (const v of volumes) await removeWithRetry(() => node.getVolume(v.Name).remove(), deadline);
  }
}

/** A network or volume a just-removed task still holds is busy for a moment. */
async function removeWithRetry(remove: () => Promise<unknown>, deadline: number): Promise<void> {
  for (;;) {
    try {
      await remove();
      return;
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) return;
      if (Date.now() > deadline) throw err;
      await sleep(250);
    }
  }
}

function ignoreMissing(err: unknown): void {
  if ((err as { statusCode?: number }).statusCode !== 404) throw err;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
