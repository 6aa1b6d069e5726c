import { defineModule, type Secret } from 'stackfile';

export interface PostgresParams {
  /** Service name, which is also its host name. Default `postgres`. */
  name?: string;
  /** Major version, the image tag. Default `'16'`. */
  version?: string;
  /** Password of the `app` user. */
  password: Secret;
  /** Database to create. Default `app`. */
  database?: string;
}

/** Postgres with its data volume, the company's init scripts and a healthcheck that `dependsOn: 'healthy'` waits for. */
export const postgres = defineModule({ name: 'postgres', required: ['password'] }, (p: PostgresParams) => {
  const name = p.name ?? 'postgres';
  const database = p.database ?? 'app';
  return {
    services: {
      [name]: {
        image: `postgres:${p.version ?? '16'}-alpine`,
        environment: { POSTGRES_USER: 'app', POSTGRES_DB: database, POSTGRES_PASSWORD: p.password },
        // ../initdb is this package's folder, wherever the stack using the module lives.
        volumes: [`${name}-data:/var/lib/postgresql/data`, '../initdb:/docker-entrypoint-initdb.d:ro'],
        healthcheck: { test: ['CMD-SHELL', `pg_isready -U app -d ${database}`], interval: '2s', timeout: '3s', retries: 15, startPeriod: '5s' },
      },
    },
    volumes: { [`${name}-data`]: {} },
    outputs: {
      /** For `dependsOn: { [db.service]: 'healthy' }`. */
      service: name,
      host: name,
      user: 'app',
      database,
      /** Without the password: pass that separately, as a secret. */
      url: `postgres://app@${name}:5432/${database}`,
    },
  };
});
