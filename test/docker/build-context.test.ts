import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { extract } from 'tar-fs';
import { describe, expect, it } from 'vitest';
import { buildContext } from '../../src/docker/build-context';
import { DockerError } from '../../src/errors';
import { foldersForFile } from '../helpers/folders';

const tempDir = foldersForFile('stackfile-ctx');

/** Packs `context` with buildContext and lists the files that reached the tar. */
async function tarredFiles(context: string, dockerfile = 'Dockerfile'): Promise<{ files: string[]; dockerfile: string }> {
  const built = buildContext({ context, dockerfile, args: {} });
  const out = tempDir();
  await pipeline(built.tar, extract(out));
  const files: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else files.push(relative(out, p));
    }
  };
  walk(out);
  return { files: files.sort(), dockerfile: built.dockerfile };
}

describe('buildContext', () => {
  it('leaves out what .dockerignore matches, except the Dockerfile and .dockerignore', async () => {
    const context = tempDir({
      '.dockerignore': '*\n!src\n!src/**\nsrc/*.log\n',
      'docker/Dockerfile': 'FROM scratch\n',
      'src/app.js': '',
      'src/debug.log': '',
      'src/lib/util.js': '',
      'README.md': '',
      'node_modules/x/index.js': '',
    });
    const { files, dockerfile } = await tarredFiles(context, 'docker/Dockerfile');
    expect(dockerfile).toBe('docker/Dockerfile');
    expect(files).toEqual(['.dockerignore', 'docker/Dockerfile', 'src/app.js', 'src/lib/util.js']);
  });

  it('never walks into an ignored folder, so unreadable things there do not break the build', async () => {
    const context = tempDir({ Dockerfile: 'FROM scratch\n', '.dockerignore': 'runtime\n', 'app.txt': '' });
    mkdirSync(join(context, 'runtime'));
    // tar-fs refuses FIFOs; packing this one would fail the build.
    execFileSync('mkfifo', [join(context, 'runtime', 'pipe')]);
    const { files } = await tarredFiles(context);
    expect(files).toEqual(['.dockerignore', 'Dockerfile', 'app.txt']);
  });

  it('adds a Dockerfile from outside the context under a private name', async () => {
    const outside = tempDir({ 'prod.Dockerfile': 'FROM scratch\n' });
    const context = tempDir({ 'a.txt': '' });
    const { files, dockerfile } = await tarredFiles(context, join(outside, 'prod.Dockerfile'));
    expect(dockerfile).toBe('.stackfile.Dockerfile');
    expect(files).toEqual(['.stackfile.Dockerfile', 'a.txt']);
  });

  it('fails clearly for a missing context or Dockerfile', () => {
    expect(() => buildContext({ context: '/nonexistent/ctx', dockerfile: 'Dockerfile', args: {} })).toThrow(DockerError);
    const context = tempDir({ 'a.txt': '' });
    expect(() => buildContext({ context, dockerfile: 'Dockerfile', args: {} })).toThrow(/Dockerfile .* does not exist/);
  });
});
