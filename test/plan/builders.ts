import type { ActualContainer, ActualState } from '../../src/docker/actual';
import { containerName } from '../../src/docker/labels';
import { appliedNetwork, appliedService, appliedVolume, configHash } from '../../src/model/applied';
import type { DesiredState } from '../../src/model/desired';
import { resolveStack } from '../../src/model/normalize';
import type { StackDefinition } from '../../src/model/types';
import type { Plan } from '../../src/plan/types';

/** What the daemon has for a project that was never brought up. */
export function emptyActual(project: string): ActualState {
  return { project, containers: [], networks: {}, volumes: {}, images: {} };
}

/** A desired state from a stack definition, through the real normaliser. */
export function desiredOf(def: StackDefinition, env?: string): DesiredState {
  return resolveStack(def, { dir: '/project', env });
}

export const IMAGE_ID = 'sha256:aaaaaaaaaaaaaaaaaaaaaaaa';

/** The state the daemon would be in right after a successful `up` of `desired`: everything applied, running. */
export function appliedState(desired: DesiredState, imageId = IMAGE_ID): ActualState {
  const containers: ActualContainer[] = [];
  for (const s of Object.values(desired.services)) {
    const applied = appliedService(s);
    for (let n = 1; n <= s.replicas; n++) {
      containers.push({
        id: `${s.name}-${n}-id`,
        name: s.containerName ?? containerName(desired.project, s.name, n),
        service: s.name,
        number: n,
        state: 'running',
        imageId,
        image: s.image,
        configHash: configHash(applied),
        applied: JSON.parse(JSON.stringify(applied)),
        dependsOn: Object.keys(s.dependsOn),
        ports: [],
        networks: Object.keys(s.networks),
        created: 1000,
        // What observe() reads from inside containers of services with secrets.
        ...(s.secrets.length || s.secretEnv.length
          ? { secrets: { files: Object.fromEntries(s.secrets.map((sec) => [sec.target, sec.value])), env: Object.fromEntries(s.secretEnv.map((k) => [k, s.environment[k]])) } }
          : {}),
      });
    }
  }
  return {
    project: desired.project,
    containers,
    networks: Object.fromEntries(Object.values(desired.networks).map((n) => [n.name, { id: `${n.name}-id`, name: n.name, key: n.key, configHash: configHash(appliedNetwork(n)), applied: appliedNetwork(n) }])),
    volumes: Object.fromEntries(Object.values(desired.volumes).map((v) => [v.name, { name: v.name, key: v.key, configHash: configHash(appliedVolume(v)), applied: appliedVolume(v) }])),
    images: Object.fromEntries(Object.values(desired.services).map((s) => [s.image, imageId])),
  };
}

/** A small three-tier stack used across planner tests. */
export function threeTier(overrides: { apiEnv?: Record<string, string>; apiReplicas?: number; withWorker?: boolean } = {}): StackDefinition {
  return {
    name: 'shop',
    services: {
      db: { image: 'postgres:16', volumes: ['pgdata:/var/lib/postgresql/data'], healthcheck: { test: ['CMD', 'pg_isready'], interval: '1s' } },
      api: { image: 'api:1', environment: { LOG_LEVEL: 'info', ...overrides.apiEnv }, dependsOn: { db: 'healthy' }, networks: ['backend', 'default'], replicas: overrides.apiReplicas },
      web: { image: 'web:1', ports: ['8080:80'], dependsOn: ['api'] },
      ...(overrides.withWorker ? { worker: { image: 'api:1', command: ['worker'] } } : {}),
    },
    volumes: { pgdata: {} },
    networks: { backend: {} },
  };
}

/** Each service's container step as [action, ...reasons]: what a plan decided and why, in one comparable value. */
export function actionsWithReasons(p: Plan): Record<string, string[]> {
  return Object.fromEntries(p.containers.map((c) => [c.service, [c.action, ...c.reasons]]));
}
