import type { DockerClient } from '../../docker/client';
import type { SwarmNode } from '../../docker/swarm-actual';
import type { SwarmClient } from '../../docker/swarm-client';

/**
 * The label saying how to reach a node's Docker engine from where `stack` runs: an engine address (`ssh://user@host`,
 * `tcp://host:2376`, `unix:///path`) or the name of a docker context. Read from the node's labels (`docker node
 * update --label-add com.stackfile.docker-host=ssh://admin@10.0.0.12 worker-1`) or its engine's (`dockerd --label`):
 * `docker node inspect` shows both. A swarm manager knows its nodes' cluster addresses, not their engines' API
 * (a worker's API is usually not served on the network at all), so the address has to be said once.
 */
export const NODE_ENGINE_LABEL = 'com.stackfile.docker-host';

/** Opens clients for an engine named as the label names it (connect.ts's createClientsFor). */
export type OpenEngine = (spec: string) => { docker: DockerClient; swarm: SwarmClient };

/** A node's engine: reached (with its client), or not, with why and what to do, in words for the user. */
export type NodeEngine = { node: SwarmNode; docker: DockerClient; via: string } | { node: SwarmNode; problem: string; hint: string };

export function nodeEngineSpec(node: SwarmNode): string | undefined {
  return node.labels[NODE_ENGINE_LABEL] || node.engineLabels[NODE_ENGINE_LABEL] || undefined;
}

export function nodeName(node: SwarmNode): string {
  return `${node.hostname || node.id}${node.addr ? ` (${node.addr})` : ''}`;
}

/** How to tell stack the way to a node's engine, for a hint. */
export function labelHint(node: SwarmNode): string {
  return `tell stack how to reach it, on a manager: docker node update --label-add ${NODE_ENGINE_LABEL}=ssh://USER@${node.addr || node.hostname} ${node.hostname || node.id} (an engine address, or the name of a docker context)`;
}

/**
 * The engine of `node`: this manager's own client when it is this node, else the one its label names, checked to
 * be that node (a label pointing at the wrong engine would act on another node's containers or volumes).
 */
export async function nodeEngine(node: SwarmNode, self: { nodeId: string; docker: DockerClient }, open?: OpenEngine): Promise<NodeEngine> {
  if (node.id === self.nodeId) return { node, docker: self.docker, via: 'this manager' };
  const spec = nodeEngineSpec(node);
  if (!spec || !open) return { node, problem: `stack cannot reach that node's Docker engine: the node has no ${NODE_ENGINE_LABEL} label saying where it is`, hint: labelHint(node) };
  let clients: ReturnType<OpenEngine>;
  let info: Awaited<ReturnType<SwarmClient['info']>>;
  try {
    clients = open(spec);
    info = await clients.swarm.info();
  } catch (err) {
    return { node, problem: `that node's Docker engine at ${spec} (its ${NODE_ENGINE_LABEL} label) does not answer: ${(err as Error).message.split('\n')[0]}`, hint: `check that the engine is reachable from here (docker -H ${spec} info), or correct the label` };
  }
  if (info.nodeId !== node.id) {
    return { node, problem: `the engine at ${spec} (that node's ${NODE_ENGINE_LABEL} label) is ${info.nodeId ? `node ${info.nodeId}` : 'in no swarm'}, not that node (${node.id})`, hint: 'correct the label to name that node\'s own engine' };
  }
  return { node, docker: clients.docker, via: spec };
}
