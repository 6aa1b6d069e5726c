import type { DesiredVolume } from '../../../model/desired';
import { LABEL } from '../../../docker/labels';
import { STACK_LABEL, scoped } from '../labels';
import { containerSpec } from './container-spec';
import { placement, resources, restartPolicy, serviceMode, updateConfig } from './deploy';
import type { ServiceSpec } from './engine';
import { endpointSpec } from './endpoint';
import { fileReferences } from './files';
import type { SwarmService } from './input';
import { mounts } from './mounts';
import { serviceNetworks } from './networks';

export interface ServiceSpecContext {
  project: string;
  /** The image the tasks run: `ref@sha256:...` when its digest is known, so every node runs the same bytes. */
  image: string;
  /** The stack's volumes, by key: a named volume's labels and driver travel with each mount. */
  volumes: Record<string, DesiredVolume>;
  /** Keys secret fingerprints (files.ts). */
  clusterKey: string;
  /** Secret and config object name → ID. */
  objectIds: Record<string, string>;
  /** The applied spec the next plan compares with: its hash and JSON (swarm/applied.ts). */
  stored: { configHash: string; applied: string; dependsOn: string };
  version?: string;
}

/**
 * A resolved service → the swarm ServiceSpec `docker stack deploy` would make of the same Compose service (named
 * `<stack>_<service>`, labelled with `com.docker.stack.namespace` and `com.docker.stack.image`), plus stackfile's
 * labels. Pure: everything it needs from the cluster comes in `ctx`.
 */
export function serviceSpec(s: SwarmService, ctx: ServiceSpecContext): ServiceSpec {
  const container = containerSpec(s, ctx.project, ctx.image);
  const mountList = mounts(s, ctx.project, ctx.volumes);
  if (mountList) container.Mounts = mountList;
  Object.assign(container, fileReferences(s, ctx.project, ctx.clusterKey, ctx.objectIds));
  const networks = serviceNetworks(s);
  const logging = s.logging;
  const spec: ServiceSpec = {
    Name: scoped(ctx.project, s.name),
    Labels: {
      ...s.deploy?.labels,
      [STACK_LABEL.namespace]: ctx.project,
      [STACK_LABEL.image]: s.image,
      [LABEL.project]: ctx.project,
      [LABEL.service]: s.name,
      [LABEL.configHash]: ctx.stored.configHash,
      [LABEL.applied]: ctx.stored.applied,
      [LABEL.dependsOn]: ctx.stored.dependsOn,
      ...(ctx.version ? { [LABEL.version]: ctx.version } : {}),
    },
    TaskTemplate: {
      ContainerSpec: container,
      ...optional('Resources', resources(s)),
      ...optional('RestartPolicy', restartPolicy(s)),
      ...optional('Placement', placement(s)),
      ...optional('Networks', networks),
      ...(logging ? { LogDriver: { Name: logging.driver, ...(Object.keys(logging.options).length ? { Options: logging.options } : {}) } } : {}),
    },
    Mode: serviceMode(s),
    ...optional('UpdateConfig', updateConfig(s.deploy?.updateConfig)),
    ...optional('RollbackConfig', updateConfig(s.deploy?.rollbackConfig)),
    ...optional('EndpointSpec', endpointSpec(s)),
  };
  return spec;
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}
