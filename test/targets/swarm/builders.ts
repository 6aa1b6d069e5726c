import { LABEL } from '../../../src/docker/labels';
import type { SwarmService as LiveService } from '../../../src/docker/swarm-actual';
import type { DesiredState } from '../../../src/model/desired';
import type { SwarmActual } from '../../../src/targets/swarm/actual';
import { appliedSwarmNetwork, appliedSwarmService, configHash } from '../../../src/targets/swarm/applied';
import { scoped } from '../../../src/targets/swarm/labels';
import { swarmServices } from '../../../src/targets/swarm/services';
import { serviceFileObjects } from '../../../src/targets/swarm/spec/files';

export const CLUSTER = 'cluster-1';
export const DIGEST = 'sha256:1111111111111111111111111111111111111111111111111111111111111111';

/** A manager with nothing of the stack yet (images known locally by digest). */
export function emptySwarm(desired: DesiredState, extra: Partial<SwarmActual> = {}): SwarmActual {
  return {
    project: desired.project,
    info: { state: 'active', isManager: true, nodeId: 'n1', clusterId: CLUSTER, nodeAddr: '10.0.0.1' },
    nodes: [{ id: 'n1', hostname: 'm', role: 'manager', state: 'ready', availability: 'active', addr: '10.0.0.1', labels: {}, engineLabels: {} }],
    services: [],
    tasks: [],
    networks: {},
    secrets: [],
    configs: [],
    volumes: {},
    digests: Object.fromEntries(Object.values(desired.services).map((s) => [s.image, DIGEST])),
    ...extra,
  };
}

/** The swarm right after a successful `up` of `desired`. */
export function deployedSwarm(desired: DesiredState): SwarmActual {
  const actual = emptySwarm(desired);
  for (const s of Object.values(swarmServices(desired))) {
    const objects = serviceFileObjects(s, desired.project, CLUSTER);
    const applied = appliedSwarmService(s, objects);
    const live: LiveService = {
      id: `${s.name}-id`,
      name: scoped(desired.project, s.name),
      service: s.name,
      version: 10,
      labels: { [LABEL.service]: s.name },
      ...(s.deploy?.mode === 'global' ? {} : { replicas: s.replicas }),
      global: s.deploy?.mode === 'global',
      image: `${s.image}@${DIGEST}`,
      configHash: configHash(applied),
      applied: JSON.parse(JSON.stringify(applied)),
      dependsOn: Object.keys(s.dependsOn),
      env: { ...s.environment },
      ports: [],
      updatedAt: '',
      spec: {},
    };
    actual.services.push(live);
    for (const o of objects) {
      const list = o.kind === 'secret' ? actual.secrets : actual.configs;
      if (!o.external && !list.some((x) => x.name === o.name)) list.push({ id: `${o.name}-id`, name: o.name, key: o.key, labels: {} });
    }
  }
  for (const n of Object.values(desired.networks)) {
    actual.networks[n.name] = { id: `${n.name}-id`, name: n.name, key: n.key, configHash: configHash(appliedSwarmNetwork(n)), applied: appliedSwarmNetwork(n) };
  }
  return actual;
}
