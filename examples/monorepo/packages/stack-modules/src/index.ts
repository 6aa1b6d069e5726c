export { postgres, type PostgresParams } from './postgres.js';
export { redis, type RedisParams } from './redis.js';
