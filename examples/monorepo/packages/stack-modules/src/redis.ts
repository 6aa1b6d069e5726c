import { defineModule } from 'stackfile';

export interface RedisParams {
  /** Service name, which is also its host name. Default `redis`. Use one per instance. */
  name?: string;
  /** Memory limit before keys are evicted. Default `'128mb'`. */
  maxMemory?: string;
}

/** Redis as an LRU cache, configured by this package's conf/redis.conf. */
export const redis = defineModule({ name: 'redis' }, (p: RedisParams) => {
  const name = p.name ?? 'redis';
  return {
    services: {
      [name]: {
        image: 'redis:7-alpine',
        command: ['redis-server', '/usr/local/etc/redis/redis.conf', '--maxmemory', p.maxMemory ?? '128mb'],
        volumes: ['../conf/redis.conf:/usr/local/etc/redis/redis.conf:ro'],
        healthcheck: { test: ['CMD', 'redis-cli', 'ping'], interval: '2s', retries: 15 },
      },
    },
    outputs: { service: name, url: `redis://${name}:6379` },
  };
});
