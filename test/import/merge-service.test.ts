/** Compose's merge of an override over a service, as docker-compose 1.29 does it. */
import { describe, expect, test } from 'vitest';
import { mergeService } from '../../src/import/merge-service';

describe('mergeService', () => {
  test('mappings merge by key in either form; a list stays a list when both sides are lists', () => {
    expect(mergeService({ environment: ['A=1', 'B=2'] }, { environment: ['B=3', 'C'] }).environment).toEqual(['A=1', 'B=3', 'C']);
    expect(mergeService({ environment: ['A=1'] }, { environment: { B: 2 } }).environment).toEqual({ A: '1', B: 2 });
    expect(mergeService({ labels: { a: 'x' } }, { labels: { b: 'y' } }).labels).toEqual({ a: 'x', b: 'y' });
  });

  test('ports merge by what they publish, volumes by target, secrets by source', () => {
    expect(mergeService({ ports: ['8080:80', '443:443'] }, { ports: ['8080:80', '9090:90'] }).ports).toEqual(['8080:80', '443:443', '9090:90']);
    expect(mergeService({ volumes: ['./src:/app', 'data:/data'] }, { volumes: ['./other:/app'] }).volumes).toEqual(['./other:/app', 'data:/data']);
    expect(mergeService({ secrets: ['a', { source: 'b', target: '/x' }] }, { secrets: [{ source: 'b', target: '/y' }] }).secrets).toEqual(['a', { source: 'b', target: '/y' }]);
  });

  test('command and scalars replace; cap_add joins; dns concatenates', () => {
    const m = mergeService({ command: ['a'], image: 'x:1', cap_add: ['NET_ADMIN'], dns: '1.1.1.1' }, { command: 'b', image: 'x:2', cap_add: ['SYS_TIME', 'NET_ADMIN'], dns: ['8.8.8.8'] });
    expect(m).toEqual({ command: 'b', image: 'x:2', cap_add: ['NET_ADMIN', 'SYS_TIME'], dns: ['1.1.1.1', '8.8.8.8'] });
  });

  test('depends_on, networks, healthcheck, deploy and build merge deeply', () => {
    expect(mergeService({ depends_on: ['db'] }, { depends_on: { cache: { condition: 'service_healthy' } } }).depends_on).toEqual({ db: { condition: 'service_started' }, cache: { condition: 'service_healthy' } });
    expect(mergeService({ networks: ['front'] }, { networks: { back: { aliases: ['api'] } } }).networks).toEqual({ front: null, back: { aliases: ['api'] } });
    expect(mergeService({ healthcheck: { test: 'true', interval: '5s' } }, { healthcheck: { interval: '1s' } }).healthcheck).toEqual({ test: 'true', interval: '1s' });
    expect(mergeService({ deploy: { replicas: 1, resources: { limits: { cpus: '1', memory: '1g' } } } }, { deploy: { resources: { limits: { memory: '2g' } } } }).deploy).toEqual({ replicas: 1, resources: { limits: { cpus: '1', memory: '2g' } } });
    expect(mergeService({ build: './api' }, { build: { args: { A: '1' } } }).build).toEqual({ context: './api', args: { A: '1' } });
  });
});
