// Environments, layered variables, secrets and profiles in one small stack; see README.md.
import { defineStack, secret } from 'stackfile';

export default defineStack((ctx) => ({
  name: 'env-layers',
  services: {
    api: {
      image: 'stackfile-test/busybox:latest',
      init: true,
      command: ['sh', '-c', 'mkdir -p /www && echo "log level $LOG_LEVEL" > /www/index.html && exec httpd -f -p 8080 -h /www'],
      environment: {
        LOG_LEVEL: ctx.vars.LOG_LEVEL ?? 'info',
        DB_HOST: ctx.vars.require('DB_HOST'),
        API_URL: ctx.vars.require('API_URL'),
      },
      // Loaded with the same parser and ${VAR} expansion as .env; relative to this file.
      envFile: './api.env',
      // A file in the container, /run/secrets/db_password: not in `docker inspect`, never printed.
      secrets: { db_password: secret('DB_PASSWORD') },
      ports: ['8090:8080'],
    },
    // Only with --profile debug (or `stack up debug`).
    debug: { image: 'stackfile-test/busybox:latest', init: true, command: ['sleep', '3600'], profiles: ['debug'] },
  },
  envs: {
    dev: {},
    prod: { services: { api: { replicas: 2, restart: 'always', ports: ['8090-8091:8080'] } } },
  },
}));
