import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import ignore from '@balena/dockerignore';
import { DockerError } from '../errors';
import type { DesiredBuild } from '../model/desired';

export interface BuildContext {
  tar: Readable;
  /** The Dockerfile's path inside the tar, for the `dockerfile` build parameter. */
  dockerfile: string;
}

/**
 * Tars a build context the way `docker build` does: `.dockerignore` rules apply, but the Dockerfile and the
 * .dockerignore are always sent (the builder needs them even when a rule like `*` matches them), and a Dockerfile
 * outside the context is added under a private name.
 */
export function buildContext(build: DesiredBuild): BuildContext {
  const context = resolve(build.context);
  let stat;
  try {
    stat = statSync(context);
  } catch {
    throw new DockerError('build-failed', `build context ${context} does not exist`, { hint: 'check `build.context` in stack.ts (relative paths start at the folder of stack.ts)' });
  }
  if (!stat.isDirectory()) throw new DockerError('build-failed', `build context ${context} is not a folder`, { hint: 'point `build.context` at the folder holding the Dockerfile' });

  const dockerfileAbs = resolve(context, build.dockerfile);
  const dockerfileRel = relative(context, dockerfileAbs);
  const outside = dockerfileRel.startsWith('..') || isAbsolute(dockerfileRel);
  let dockerfileText: Buffer | undefined;
  try {
    dockerfileText = outside ? readFileSync(dockerfileAbs) : undefined;
    if (!outside) statSync(dockerfileAbs);
  } catch {
    throw new DockerError('build-failed', `Dockerfile ${dockerfileAbs} does not exist`, { hint: 'check `build.dockerfile` in stack.ts (it is relative to the build context)' });
  }
  const inTar = outside ? '.stackfile.Dockerfile' : toPosix(dockerfileRel);

  const rules = readIgnoreRules(context);
  const ig = ignore().add(rules);
  // With an exception rule ("!keep/this"), an ignored folder may still hold files to send, so folders are walked.
  const hasExceptions = rules.some((r) => r.trim().startsWith('!'));
  const alwaysSent = new Set([inTar, '.dockerignore']);
  const isAncestorOfAlwaysSent = (rel: string) => [...alwaysSent].some((f) => f.startsWith(`${rel}/`));

  // Loaded here, not at the top: every daemon command loads this file, few of them build (~8 ms of `up`).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { pack } = require('tar-fs') as typeof import('tar-fs');
  const tar = pack(context, {
    ignore(name: string) {
      const rel = toPosix(relative(context, name));
      if (alwaysSent.has(rel) || isAncestorOfAlwaysSent(rel)) return false;
      if (!ig.ignores(rel)) return false;
      if (!hasExceptions) return true;
      try {
        return !statSync(name).isDirectory();
      } catch {
        return true;
      }
    },
    finalize: !outside,
    finish(p) {
      if (!dockerfileText) return;
      p.entry({ name: inTar, mode: 0o644 }, dockerfileText);
      p.finalize();
    },
  });
  // tar-stream's Pack is a streamx Readable, which the daemon request pipes like a Node one.
  return { tar: tar as unknown as Readable, dockerfile: inTar };
}

function readIgnoreRules(context: string): string[] {
  let text: string;
  try {
    text = readFileSync(resolve(context, '.dockerignore'), 'utf8');
  } catch {
    return [];
  }
  return text.split(/\r?\n/).filter((line) => line.trim() !== '' && !line.trim().startsWith('#'));
}

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}
