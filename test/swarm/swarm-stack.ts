/**
 * The swarm target as the swarm tests drive it: the library (a Target over the real manager), stacks resolved from
 * plain definitions, and readers of what the manager and the nodes hold, through raw dockerode.
 */
import type { Progress } from '../../src/apply/progress';
import { createDockerClient, createSwarmClient } from '../../src/docker/connect';
import type { DesiredState } from '../../src/model/desired';
import { resolveStack } from '../../src/model/normalize';
import { swarmTarget } from '../../src/targets/swarm/swarm-target';
import type { SwarmUpResult } from '../../src/targets/swarm/up';
import { manager, STACK_NAMESPACE } from '../helpers/swarm';

export const target = swarmTarget(createDockerClient(), createSwarmClient());

/** Progress that keeps each service's last message (a test can show it when something fails). */
export function recordingProgress(): Progress & { lines: string[] } {
  const lines: string[] = [];
  const add = (s: string, m: string) => lines.push(`${s}: ${m}`);
  return { lines, update: add, done: add, fail: add, note: (m) => lines.push(m) };
}

export function stack(definition: Record<string, unknown>): DesiredState {
  return resolveStack({ target: 'swarm', ...definition }, { dir: process.cwd() });
}

/** `stack up --target swarm` through the library, polling faster than the CLI so tests spend less time waiting. */
export function up(desired: DesiredState, options: { waitTimeoutMs?: number } = {}): Promise<SwarmUpResult> {
  return target.up(desired, { progress: recordingProgress(), pollMs: 200, waitTimeoutMs: options.waitTimeoutMs ?? 120_000 });
}

export async function plan(desired: DesiredState) {
  return target.plan(desired, await target.observe(desired));
}

/** The stack's service `name` as the manager holds it. */
export async function service(project: string, name: string) {
  const [s] = await manager.listServices({ filters: { name: [`${project}_${name}`] } });
  return s;
}

/** The tasks of service `name` that swarm wants running, with their nodes. */
export async function runningTasks(project: string, name: string) {
  const s = await service(project, name);
  const tasks = await manager.listTasks({ filters: { service: [s.ID], 'desired-state': ['running'] } });
  return tasks.filter((t) => t.Status?.State === 'running');
}

export async function stackSecrets(project: string): Promise<string[]> {
  return (await manager.listSecrets({ filters: { label: [`${STACK_NAMESPACE}=${project}`] } })).map((s) => s.Spec!.Name!).sort();
}

/** An httpd answering `text` on :8080, healthy once it answers (swarm reports a task running only then). */
export function web(image: string, text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    image,
    init: true,
    command: ['sh', '-c', `mkdir -p /www && echo "${text}" > /www/index.html && exec httpd -f -p 8080 -h /www`],
    healthcheck: { test: ['CMD-SHELL', 'wget -q -O - http://127.0.0.1:8080/ >/dev/null'], interval: '500ms', timeout: '2s', retries: 20 },
    deploy: { endpointMode: 'dnsrr' },
    ...extra,
  };
}
