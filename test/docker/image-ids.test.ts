import { describe, expect, it } from 'vitest';
import { imageIdsFrom, withTag } from '../../src/docker/image-ids';

const images = [
  { Id: 'sha256:aaaa1111bbbb2222cccc', RepoTags: ['redis:7', 'redis:latest'], RepoDigests: ['redis@sha256:d1d1'] },
  { Id: 'sha256:eeee3333ffff4444', RepoTags: ['localhost:5000/team/app:1'], RepoDigests: [] },
  { Id: 'sha256:9999', RepoTags: ['<none>:<none>'], RepoDigests: null },
];

describe('imageIdsFrom', () => {
  it('resolves tags, implied :latest, Docker Hub long names, digests and IDs', () => {
    expect(imageIdsFrom(images, [
      'redis', 'redis:7', 'docker.io/library/redis:7', 'redis@sha256:d1d1', 'redis:7@sha256:d1d1',
      'localhost:5000/team/app:1', 'sha256:eeee3333ffff4444', 'aaaa1111bbbb',
    ])).toEqual({
      redis: 'sha256:aaaa1111bbbb2222cccc',
      'redis:7': 'sha256:aaaa1111bbbb2222cccc',
      'docker.io/library/redis:7': 'sha256:aaaa1111bbbb2222cccc',
      'redis@sha256:d1d1': 'sha256:aaaa1111bbbb2222cccc',
      'redis:7@sha256:d1d1': 'sha256:aaaa1111bbbb2222cccc',
      'localhost:5000/team/app:1': 'sha256:eeee3333ffff4444',
      'sha256:eeee3333ffff4444': 'sha256:eeee3333ffff4444',
      aaaa1111bbbb: 'sha256:aaaa1111bbbb2222cccc',
    });
  });

  it('leaves out what is not present', () => {
    expect(imageIdsFrom(images, ['redis:6', 'localhost:5000/team/app', 'postgres', 'redis@sha256:0000'])).toEqual({});
  });
});

describe('imageIdsFrom: Podman', () => {
  it("finds what podman built or loaded (localhost/NAME) under the short name podman resolves to it, Docker's list not", () => {
    const podman = [{ Id: 'sha256:1234', RepoTags: ['localhost/stackfile-test/busybox:latest'], RepoDigests: [], Names: ['localhost/stackfile-test/busybox:latest'] }];
    expect(imageIdsFrom(podman, ['stackfile-test/busybox', 'localhost/stackfile-test/busybox:latest', 'other/busybox'])).toEqual({
      'stackfile-test/busybox': 'sha256:1234',
      'localhost/stackfile-test/busybox:latest': 'sha256:1234',
    });
    const docker = podman.map(({ Names: _, ...image }) => image);
    expect(imageIdsFrom(docker, ['stackfile-test/busybox'])).toEqual({});
  });
});

describe('withTag', () => {
  it('adds :latest only when the last path part has no tag', () => {
    expect(withTag('redis')).toBe('redis:latest');
    expect(withTag('localhost:5000/app')).toBe('localhost:5000/app:latest');
    expect(withTag('localhost:5000/app:2')).toBe('localhost:5000/app:2');
  });
});
