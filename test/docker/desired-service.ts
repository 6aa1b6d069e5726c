import type { DesiredService } from '../../src/model/desired';

/** A normalised service with every default filled, as normalize() would produce it; override what a test needs. */
export function desiredService(overrides: Partial<DesiredService> = {}): DesiredService {
  return {
    name: 'web',
    image: 'stackfile-test/busybox:latest',
    environment: {},
    secretEnv: [],
    secrets: [],
    ports: [],
    volumes: [],
    networks: {},
    dependsOn: {},
    restart: 'no',
    replicas: 1,
    init: false,
    labels: {},
    extraHosts: [],
    tty: false,
    stdinOpen: false,
    capAdd: [],
    capDrop: [],
    privileged: false,
    readOnly: false,
    ulimits: {},
    sysctls: {},
    watch: [],
    ...overrides,
  };
}
