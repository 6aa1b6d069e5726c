import type { DockerClient } from '../../docker/client';
import type { SwarmClient } from '../../docker/swarm-client';
import type { Target } from '../target';
import type { SwarmActual } from './actual';
import { downSwarm } from './down';
import type { OpenEngine } from './node-engines';
import { observeSwarm } from './observe';
import { planSwarm } from './plan';
import type { SwarmPlan } from './plan-types';
import { renderSwarmPlan, swarmPlanStatus } from './render';
import { swarmExec, swarmLogs, swarmPs } from './tasks';
import { upSwarm, type SwarmUpOptions, type SwarmUpResult } from './up';

export type SwarmTarget = Target<SwarmActual, SwarmPlan, SwarmUpOptions, SwarmUpResult>;

/**
 * Docker Swarm as a Target: the stack's services become swarm services on the manager DOCKER_HOST names, as
 * `docker stack deploy` would name and label them, updated in place and followed until they converge. `open`
 * reaches other nodes' engines, for exec into their tasks and `down --volumes` of their volume copies.
 */
export function swarmTarget(docker: DockerClient, swarm: SwarmClient, open?: OpenEngine): SwarmTarget {
  return {
    name: 'swarm',
    observe: (desired) => observeSwarm(docker, swarm, desired.project, desired),
    plan: (desired, actual, options) => planSwarm(desired, actual, { services: options?.services }),
    status: swarmPlanStatus,
    render: renderSwarmPlan,
    up: (desired, options) => upSwarm(desired, docker, swarm, options),
    down: (project, options) => downSwarm(project, docker, swarm, options, open),
    ps: (project, options) => swarmPs(project, docker, swarm, options?.services, open),
    logs: (project, options) => swarmLogs(project, swarm, options),
    exec: (project, service, cmd, options) => swarmExec(project, service, cmd, docker, swarm, options, open),
  };
}
