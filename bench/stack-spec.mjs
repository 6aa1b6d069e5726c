// One neutral description of a benchmark stack, written out three ways: stack.ts for stackfile, docker-compose.yml
// for Compose 1.29, and plain Engine API create bodies for the floor. Generating all three from one object is what
// keeps the runners honest: same image, init, commands, env, networks, volumes and healthchecks.
//
// spec = { project, services: { name: { command, env, healthcheck?, dependsOn?, volumes? } }, volumes: [keys] }
// Every service joins the project's default network; healthcheck = { test, intervalS, timeoutS, retries }.

export const IMAGE = 'stackfile-test/busybox:latest';

/** N independent long-running services sharing one named volume: the cold/no-op/change/down stack. */
export function independentServices(project, n) {
  const services = {};
  for (let i = 0; i < n; i++) services[`s${i}`] = { command: ['sleep', '3600'], env: { INDEX: String(i) }, volumes: ['data:/data'] };
  return { project, services, volumes: ['data'] };
}

/** The same stack with one service's environment changed: what "up after one change" applies. */
export function withOneEnvChange(spec, service = 's0') {
  const s = spec.services[service];
  return { ...spec, services: { ...spec.services, [service]: { ...s, env: { ...s.env, CHANGED: '1' } } } };
}

/** `length` services, each started only once the previous one is healthy (1 s interval, `true` as the check). */
export function healthChain(project, length = 5) {
  const services = {};
  for (let i = 0; i < length; i++) {
    services[`c${i}`] = {
      command: ['sleep', '3600'],
      env: { INDEX: String(i) },
      healthcheck: { test: ['CMD-SHELL', 'true'], intervalS: 1, timeoutS: 2, retries: 3 },
      ...(i > 0 ? { dependsOn: { [`c${i - 1}`]: 'healthy' } } : {}),
    };
  }
  return { project, services, volumes: [] };
}

export function toStackTs(spec) {
  const q = JSON.stringify;
  const services = Object.entries(spec.services).map(([name, s]) => {
    const fields = [`image: ${q(IMAGE)}`, 'init: true', `command: ${q(s.command)}`, `environment: ${q(s.env)}`];
    if (s.volumes?.length) fields.push(`volumes: ${q(s.volumes)}`);
    if (s.healthcheck) {
      const h = s.healthcheck;
      fields.push(`healthcheck: { test: ${q(h.test)}, interval: '${h.intervalS}s', timeout: '${h.timeoutS}s', retries: ${h.retries} }`);
    }
    if (s.dependsOn) fields.push(`dependsOn: ${q(s.dependsOn)}`);
    return `    ${name}: { ${fields.join(', ')} },`;
  });
  const volumes = spec.volumes.length ? `  volumes: { ${spec.volumes.map((v) => `${v}: {}`).join(', ')} },\n` : '';
  return `import { defineStack } from 'stackfile';\n\nexport default defineStack({\n  name: ${q(spec.project)},\n  services: {\n${services.join('\n')}\n  },\n${volumes}});\n`;
}

/** Compose file format 2.4: the newest v1 understands with both `init` and `depends_on` conditions. */
export function toComposeYaml(spec) {
  const q = JSON.stringify; // JSON strings are valid YAML scalars
  const lines = ['version: "2.4"', 'services:'];
  for (const [name, s] of Object.entries(spec.services)) {
    lines.push(`  ${name}:`, `    image: ${q(IMAGE)}`, '    init: true', `    command: ${q(s.command)}`, '    environment:');
    for (const [k, v] of Object.entries(s.env)) lines.push(`      ${k}: ${q(v)}`);
    if (s.volumes?.length) lines.push(`    volumes: ${q(s.volumes)}`);
    if (s.healthcheck) {
      const h = s.healthcheck;
      lines.push('    healthcheck:', `      test: ${q(h.test)}`, `      interval: ${h.intervalS}s`, `      timeout: ${h.timeoutS}s`, `      retries: ${h.retries}`);
    }
    if (s.dependsOn) {
      lines.push('    depends_on:');
      for (const [dep, cond] of Object.entries(s.dependsOn)) lines.push(`      ${dep}:`, `        condition: service_${cond}`);
    }
  }
  if (spec.volumes.length) lines.push('volumes:', ...spec.volumes.map((v) => `  ${v}: {}`));
  return `${lines.join('\n')}\n`;
}

/**
 * What the floor sends to the Engine API, decided here rather than in floor.mjs so the floor process does nothing
 * but API calls. Names follow stackfile's (`<project>-<service>-1`, `<project>_default`, `<project>_<volume>`).
 */
export function toFloorPlan(spec) {
  const p = spec.project;
  const labels = { 'io.stackfile.project': p };
  const network = `${p}_default`;
  const containers = Object.entries(spec.services).map(([name, s]) => ({
    service: name,
    dependsOn: s.dependsOn ?? {},
    healthcheck: Boolean(s.healthcheck),
    body: {
      name: `${p}-${name}-1`,
      Image: IMAGE,
      Cmd: s.command,
      Env: Object.entries(s.env).map(([k, v]) => `${k}=${v}`),
      Labels: labels,
      ...(s.healthcheck ? { Healthcheck: { Test: s.healthcheck.test, Interval: s.healthcheck.intervalS * 1e9, Timeout: s.healthcheck.timeoutS * 1e9, Retries: s.healthcheck.retries } } : {}),
      HostConfig: {
        Init: true,
        NetworkMode: network,
        ...(s.volumes?.length ? { Mounts: s.volumes.map((m) => ({ Type: 'volume', Source: `${p}_${m.split(':')[0]}`, Target: m.split(':')[1] })) } : {}),
      },
      NetworkingConfig: { EndpointsConfig: { [network]: { Aliases: [name] } } },
    },
  }));
  return {
    project: p,
    networks: [{ Name: network, Labels: labels }],
    volumes: spec.volumes.map((v) => ({ Name: `${p}_${v}`, Labels: labels })),
    containers,
  };
}
