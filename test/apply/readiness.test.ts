import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/apply/readiness';
import type { ContainerDetails } from '../../src/docker/client';

// evaluate() is the pure part of readiness: what a container's inspected state means for a goal. The waiting
// itself runs against the real daemon in test/integration.
const details = (over: Partial<ContainerDetails>): ContainerDetails => ({ id: 'x', name: 'x', state: 'running', exitCode: 0, healthLog: [], ports: [], oomKilled: false, error: '', env: [], anonymousVolumes: [], ...over });

describe('evaluate', () => {
  it('healthy: met when healthy, waits while starting, fails when unhealthy or without a healthcheck', () => {
    expect(evaluate('healthy', details({ health: 'healthy' }))).toBe('met');
    expect(evaluate('healthy', details({ health: 'starting' }))).toBe('wait');
    expect(evaluate('healthy', details({ health: 'unhealthy' }))).toBe('is unhealthy');
    expect(evaluate('healthy', details({}))).toMatch(/has no healthcheck/);
  });

  it('says a stopped container exited (with its code) rather than that it is unhealthy', () => {
    expect(evaluate('healthy', details({ state: 'exited', exitCode: 3, health: 'unhealthy' }))).toBe('exited with code 3');
    expect(evaluate('ready', details({ state: 'exited', exitCode: 137, oomKilled: true }))).toBe('exited with code 137 (killed: out of memory)');
    // Killed from outside: no log line says so, the exit code does.
    expect(evaluate('ready', details({ state: 'exited', exitCode: 143 }))).toMatch(/^exited with code 143 \(terminated: SIGTERM, e\.g\. `docker stop` or the Docker daemon stopping or restarting\)$/);
    expect(evaluate('healthy', details({ state: 'exited', exitCode: 137 }))).toMatch(/^exited with code 137 \(killed: SIGKILL/);
  });

  it('completed: met on exit 0, fails on another exit code, waits while running', () => {
    expect(evaluate('completed', details({ state: 'exited', exitCode: 0 }))).toBe('met');
    expect(evaluate('completed', details({ state: 'exited', exitCode: 2 }))).toBe('exited with code 2');
    expect(evaluate('completed', details({}))).toBe('wait');
  });

  it('ready: running without a healthcheck is enough; exit 0 counts unless the policy restarts it', () => {
    expect(evaluate('ready', details({}))).toBe('met');
    expect(evaluate('ready', details({ state: 'exited', exitCode: 0 }), 'no')).toBe('met');
    expect(evaluate('ready', details({ state: 'exited', exitCode: 0 }), 'always')).toBe('exited with code 0');
    expect(evaluate('ready', details({ state: 'restarting' }))).toBe('wait');
  });
});
