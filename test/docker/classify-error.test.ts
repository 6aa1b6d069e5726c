import { describe, expect, it } from 'vitest';
import { classifyDockerError } from '../../src/docker/classify-error';
import { DockerError } from '../../src/errors';

/** What dockerode rejects with for an HTTP error. */
function httpError(statusCode: number, message: string): Error {
  return Object.assign(new Error(`(HTTP code ${statusCode}) unexpected - ${message} `), { statusCode, json: { message } });
}

function socketError(code: string, address: string): Error {
  return Object.assign(new Error(`connect ${code} ${address}`), { code, syscall: 'connect', address });
}

describe('classifyDockerError', () => {
  it('says which daemon cannot be reached, keeping the cause', () => {
    const cause = socketError('ENOENT', '/nonexistent.sock');
    const e = classifyDockerError(cause);
    expect(e).toBeInstanceOf(DockerError);
    expect(e.kind).toBe('unreachable');
    expect(e.message).toContain('cannot reach the Docker daemon at unix:///nonexistent.sock');
    expect(e.hint).toMatch(/dockerd running.*DOCKER_HOST/);
    expect(e.cause).toBe(cause);
    expect(classifyDockerError(socketError('ECONNREFUSED', '127.0.0.1'), { host: 'tcp://127.0.0.1:1' }).message).toContain('tcp://127.0.0.1:1');
    expect(classifyDockerError(socketError('EACCES', '/var/run/docker.sock')).hint).toContain('docker" group');
  });

  it('does not take a missing file for a missing daemon', () => {
    const e = classifyDockerError(Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT', syscall: 'open' }));
    expect(e.kind).toBe('unknown');
  });

  it('classifies by status code', () => {
    expect(classifyDockerError(httpError(404, 'No such container: x')).kind).toBe('not-found');
    const conflict = classifyDockerError(httpError(409, 'Conflict. The container name "/p-web-1" is already in use by container "abc".'), { service: 'web' });
    expect(conflict.kind).toBe('conflict');
    expect(conflict.message).toMatch(/^service web: Conflict/);
    expect(conflict.statusCode).toBe(409);
    expect(classifyDockerError(httpError(500, 'something odd')).kind).toBe('unknown');
  });

  it('names the port that is taken', () => {
    const e = classifyDockerError(httpError(500, 'driver failed programming external connectivity on endpoint p-web-1 (abc): Bind for 0.0.0.0:8080 failed: port is already allocated'));
    expect(e.kind).toBe('port-allocated');
    expect(e.message).toContain('host port 8080');
    expect(e.hint).toContain('8080');
    const inUse = classifyDockerError(httpError(500, 'Error starting userland proxy: listen tcp4 0.0.0.0:5432: bind: address already in use'));
    expect(inUse.kind).toBe('port-allocated');
    expect(inUse.message).toContain('5432');
  });

  it('recognises a full disk', () => {
    expect(classifyDockerError(httpError(500, 'write /var/lib/docker/tmp/x: no space left on device')).kind).toBe('no-space');
  });

  it('tells a missing image from a denied pull', () => {
    const image = 'registry.example/app:1';
    expect(classifyDockerError(httpError(404, 'manifest for registry.example/app:1 not found: manifest unknown: manifest unknown'), { image }).kind).toBe('image-not-found');
    expect(classifyDockerError(new Error('manifest unknown'), { image }).kind).toBe('image-not-found');
    expect(classifyDockerError(httpError(404, "pull access denied for nope, repository does not exist or may require 'docker login': denied: requested access to the resource is denied"), { image: 'nope' }).kind).toBe('pull-denied');
    expect(classifyDockerError(httpError(500, 'Head "https://registry.example/v2/app/manifests/1": unauthorized: authentication required'), { image }).kind).toBe('pull-denied');
  });

  it('passes a DockerError through untouched', () => {
    const e = new DockerError('build-failed', 'x');
    expect(classifyDockerError(e)).toBe(e);
  });
});
