// A 50-service compose file in the style real projects write (anchors and merge keys, variables, healthchecks,
// long and short forms), for the `stack import` row of the loader costs.
export function fiftyServiceCompose() {
  const lines = [
    'version: "3.8"',
    'x-defaults: &defaults',
    '  restart: unless-stopped',
    '  logging:',
    '    driver: json-file',
    '    options: { max-size: "10m", max-file: "3" }',
    'services:',
  ];
  for (let i = 0; i < 50; i++) {
    const name = `svc${String(i).padStart(2, '0')}`;
    lines.push(
      `  # service ${i}`,
      `  ${name}:`,
      '    <<: *defaults',
      `    image: "example/${name}:\${TAG:-1.0}"`,
      `    command: ["serve", "--port", "${3000 + i}"]`,
      '    environment:',
      `      SERVICE_NAME: ${name}`,
      '      DATABASE_URL: "postgres://app:${DB_PASSWORD:?set it}@db/app"',
      '      LOG_LEVEL: ${LOG_LEVEL:-info}',
      `    ports: ["${8000 + i}:${3000 + i}"]`,
      `    volumes: ["./data/${name}:/data", "cache${i % 5}:/cache"]`,
      '    healthcheck:',
      `      test: ["CMD-SHELL", "wget -q -O - http://localhost:${3000 + i}/health"]`,
      '      interval: 10s',
      '      retries: 5',
      ...(i > 0 ? ['    depends_on:', `      svc${String(i - 1).padStart(2, '0')}:`, '        condition: service_healthy'] : []),
      '    networks: [front, back]',
      '    deploy:',
      '      resources:',
      '        limits: { cpus: "0.5", memory: 256M }',
    );
  }
  lines.push('volumes:', ...Array.from({ length: 5 }, (_, i) => `  cache${i}:`), 'networks:', '  front:', '  back:', '    internal: true', '');
  return lines.join('\n');
}
