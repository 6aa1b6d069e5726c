// A 1,000-service stack.ts for the loader's scale row (issue 14, item 5): each service has an image, environment, a
// healthcheck, a network and a dependency on the one before it in its group of ten, so resolving, validating, the
// DAG and plan() all see a realistic shape, not 1,000 copies of one empty object.
export function thousandServiceStack(project = 'bench-thousand') {
  return `import { defineStack, type ServiceSpec } from 'stackfile';

const services: Record<string, ServiceSpec> = {};
for (let i = 0; i < 1000; i++) {
  services[\`s\${i}\`] = {
    image: 'stackfile-test/busybox:latest',
    command: ['sleep', '3600'],
    init: true,
    environment: { INDEX: String(i), GROUP: String(Math.floor(i / 10)) },
    healthcheck: { test: ['CMD', 'true'], interval: '5s' },
    networks: [i % 2 ? 'back' : 'front'],
    ...(i % 10 ? { dependsOn: { [\`s\${i - 1}\`]: 'healthy' as const } } : {}),
  };
}

export default defineStack({ name: '${project}', services, networks: { front: {}, back: {} } });
`;
}
