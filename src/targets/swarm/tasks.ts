import type { DockerClient } from '../../docker/client';
import type { SwarmClient } from '../../docker/swarm-client';
import { UserError } from '../../errors';
import { didYouMean } from '../../model/suggest';
import type { TargetExecOptions, TargetLogsOptions, TargetPsRow } from '../target';
import { nodeEngine, nodeName, type OpenEngine } from './node-engines';
import { requireManager } from './not-a-manager';

/**
 * `stack ps` on a swarm: the stack's tasks, as `docker stack ps` lists them (node, desired and current state,
 * error), newest first within a slot. Health is read from the task's container (swarm's task list has none) on
 * this node and on the nodes stack reaches (node-engines.ts); a task that is `running` passed its healthcheck, or
 * has none.
 */
export async function swarmPs(project: string, docker: DockerClient, swarm: SwarmClient, only: string[] = [], open?: OpenEngine): Promise<TargetPsRow[]> {
  const info = await swarm.info();
  requireManager(info);
  const [all, nodes] = await Promise.all([swarm.services(project), swarm.nodes()]);
  const unknown = only.filter((name) => !all.some((s) => s.service === name));
  if (unknown.length) {
    const names = all.map((s) => s.service).sort();
    const suggestion = didYouMean(unknown[0], names);
    throw new UserError(`no swarm service named ${unknown.join(', ')} in stack ${project}${suggestion ? `: ${suggestion}` : ''}`, { hint: names.length ? `services: ${names.join(', ')}` : 'the stack has no services; deploy it with stack up' });
  }
  const services = only.length ? all.filter((s) => only.includes(s.service)) : all;
  const tasks = await swarm.tasks(services.map((s) => s.id));
  const byId = new Map(services.map((s) => [s.id, s]));
  const host = (id?: string) => nodes.find((n) => n.id === id)?.hostname ?? '';
  // One engine per node that runs a task, looked up once; a node out of reach just shows no health.
  const engines = new Map<string, Promise<DockerClient | undefined>>();
  const engineOf = (nodeId: string) => {
    if (!engines.has(nodeId)) {
      const node = nodes.find((n) => n.id === nodeId);
      engines.set(nodeId, node ? nodeEngine(node, { nodeId: info.nodeId, docker }, open).then((e) => ('docker' in e ? e.docker : undefined)) : Promise.resolve(undefined));
    }
    return engines.get(nodeId)!;
  };
  const rows = await Promise.all(tasks.map(async (t): Promise<TargetPsRow & { slot: number; time: string }> => {
    const s = byId.get(t.serviceId)!;
    let health: string | undefined;
    const engine = t.nodeId && t.containerId && t.state === 'running' ? await engineOf(t.nodeId) : undefined;
    if (engine) health = await engine.inspectContainer(t.containerId!).then((d) => d.health, () => undefined);
    const ports = s.ports.filter((p) => p.published).map((p) => `${p.published}->${p.target}/${p.protocol} (${p.mode})`);
    return {
      service: s.service,
      name: `${s.name}.${t.slot ?? t.nodeId}`,
      id: t.id,
      node: host(t.nodeId),
      desired: t.desiredState,
      state: t.exitCode !== undefined && t.state !== 'running' ? `${t.state} (${t.exitCode})` : t.state,
      ...(health ? { health } : {}),
      ports: t.desiredState === 'running' ? ports : [],
      ...(t.error ? { error: t.error } : {}),
      slot: t.slot ?? 0,
      time: t.timestamp,
    };
  }));
  rows.sort((a, b) => a.service.localeCompare(b.service) || a.slot - b.slot || (a.time < b.time ? 1 : -1));
  return rows.map(({ slot: _s, time: _t, ...row }) => row);
}

/** `stack logs` on a swarm: each service's logs as `docker service logs` gives them, prefixed `service |`. */
export async function swarmLogs(project: string, swarm: SwarmClient, o: TargetLogsOptions): Promise<void> {
  requireManager(await swarm.info());
  const services = (await swarm.services(project)).filter((s) => o.services.length === 0 || o.services.includes(s.service));
  if (services.length === 0) throw new UserError(`no swarm services for ${o.services.length ? o.services.join(', ') : `stack ${project}`}`, { hint: 'check names with stack ps --target swarm' });
  const width = Math.max(8, ...services.map((s) => s.service.length));
  await Promise.all(services.map((s) => swarm.serviceLogs(s.id, { follow: o.follow, tail: o.tail, timestamps: o.timestamps }, (line) => o.write(`${s.service.padEnd(width)} | ${line}\n`), o.signal)));
}

/**
 * `stack exec` on a swarm: runs in the service's running task of slot `index` (a global service: the task on this
 * node, else any). A task on this manager runs through its engine; a task on another node through that node's
 * engine, reached as its com.stackfile.docker-host label says (node-engines.ts); a node stack cannot reach is named,
 * with how to make it reachable.
 */
export async function swarmExec(project: string, service: string, cmd: string[], docker: DockerClient, swarm: SwarmClient, o: TargetExecOptions, open?: OpenEngine): Promise<number> {
  const info = await swarm.info();
  requireManager(info);
  const s = (await swarm.services(project)).find((x) => x.service === service);
  if (!s) throw new UserError(`no swarm service ${service} in stack ${project}`, { hint: 'check the name with stack ps --target swarm' });
  const running = (await swarm.tasks([s.id])).filter((t) => t.desiredState === 'running' && t.state === 'running');
  if (running.length === 0) throw new UserError(`service ${service} has no running task`, { hint: 'stack ps --target swarm shows its tasks and their errors' });
  const task = s.global ? running.find((t) => t.nodeId === info.nodeId) ?? running[0] : running.find((t) => (t.slot ?? 1) === o.index);
  if (!task) throw new UserError(`service ${service} has no running task ${o.index}`, { hint: `running: ${running.map((t) => t.slot).join(', ')} (--index N)` });
  if (cmd.length === 0) throw new UserError('no command given', { hint: `stack exec --target swarm ${service} sh` });
  const taskName = `${s.name}.${task.slot ?? task.nodeId}`;
  if (!task.containerId) throw new UserError(`task ${taskName} has no container yet`, { hint: 'wait until stack ps --target swarm shows it running, then run this again' });
  const node = (await swarm.nodes()).find((n) => n.id === task.nodeId);
  if (!node) throw new UserError(`task ${taskName} runs on node ${task.nodeId}, which the swarm no longer lists`, { hint: 'stack ps --target swarm shows where its tasks run now' });
  const engine = await nodeEngine(node, { nodeId: info.nodeId, docker }, open);
  if ('problem' in engine) {
    throw new UserError(`task ${taskName} runs on node ${nodeName(node)}, and ${engine.problem}`, {
      hint: `${engine.hint}; or exec into a task on a node stack reaches with --index N (stack ps --target swarm shows each task's node)`,
    });
  }
  return engine.docker.exec(task.containerId, cmd, { tty: o.tty, interactive: o.interactive, stdin: o.stdin as never, stdout: o.stdout, stderr: o.stderr, user: o.user, workdir: o.workdir, env: o.env });
}
